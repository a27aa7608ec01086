// Search page: Pagefind's interface, in French, pre-filled from ?q= (the home page's form).
window.addEventListener('DOMContentLoaded', () => {
  const ui = new PagefindUI({ element: '#recherche', showImages: false, resetStyles: false, translations: { placeholder: 'Rechercher dans l’aide' } });
  const query = new URLSearchParams(window.location.search).get('q');
  if (query) ui.triggerSearch(query);
  // With search working, the full list of pages is no longer needed on screen.
  document.getElementById('toutes-les-pages')?.setAttribute('hidden', '');
});
