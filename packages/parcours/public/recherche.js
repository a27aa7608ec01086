// Search page: Pagefind's interface, in French, pre-filled from ?q= (the home page's form).
window.addEventListener('DOMContentLoaded', () => {
  // A word repeated on a long page counts less than by default: a short page that is about
  // the reader's words (« pas de carte » → méthode B) ranks above one that often says « carte ».
  const ranking = { termFrequency: 0.3 };
  // A large site's index comes in parts (data-merge: their folders): one search covers them all.
  const merged = (document.getElementById('recherche').dataset.merge || '').split(' ').filter(Boolean);
  const ui = new PagefindUI({
    element: '#recherche',
    showImages: false,
    resetStyles: false,
    translations: { placeholder: 'Rechercher dans l’aide' },
    ranking,
    mergeIndex: merged.map((bundlePath) => ({ bundlePath, ranking })),
    // Each result says where it is: its journey and step, or « Procédure seule » (the pages
    // give them as `parcours` metadata), so that no two results read the same.
    processResult: (result) => {
      if (result.meta && result.meta.parcours) result.meta.title = `${result.meta.title} — ${result.meta.parcours}`;
      return result;
    },
  });
  // Pagefind names its field by a title (a tooltip) only: give it a real accessible name.
  const name = () => {
    const input = document.querySelector('#recherche input.pagefind-ui__search-input');
    if (!input) return false;
    input.setAttribute('aria-label', 'Rechercher dans l’aide');
    return true;
  };
  if (!name()) {
    const observer = new MutationObserver(() => name() && observer.disconnect());
    observer.observe(document.getElementById('recherche'), { childList: true, subtree: true });
  }
  const query = new URLSearchParams(window.location.search).get('q');
  if (query) ui.triggerSearch(query);
  // With search working, the full list of pages is no longer needed on screen.
  document.getElementById('toutes-les-pages')?.setAttribute('hidden', '');
});
