/** Words that must not break at their hyphen on a phone ("e-CPS"), wrapped by the site's typography step. */
import { describe, expect, it } from 'vitest';
import { isUnbreakable, keepWordsWhole, LONGEST_KEPT } from '../../src/core/typography.ts';
import { typesetHtml } from '../../src/astro/french-typography.ts';

describe('keepWordsWhole', () => {
  it('wraps e-CPS and words with a one- or two-letter part, not ordinary compounds', () => {
    expect(isUnbreakable('e-CPS')).toBe(true);
    expect(isUnbreakable('passe-t-il')).toBe(true);
    expect(isUnbreakable('Pro-Santé')).toBe(false);
    expect(isUnbreakable('Rendez-vous')).toBe(false);
    expect(keepWordsWhole('J’active ma e-CPS, rendez-vous sur le portail.')).toBe('J’active ma <span class="nowrap">e-CPS</span>, rendez-vous sur le portail.');
  });

  it('leaves addresses and e-mails as they are, so they can still break', () => {
    const text = 'FAQ e-CPS : https://esante.gouv.fr/securite/faq-e-cps ou monserviceclient.e-cps@asipsante.fr';
    expect(keepWordsWhole(text)).toBe('FAQ <span class="nowrap">e-CPS</span> : https://esante.gouv.fr/securite/faq-e-cps ou monserviceclient.e-cps@asipsante.fr');
  });

  it('the site step applies it to visible text only: not in the title, attributes, scripts or SVG, and not twice', () => {
    const html = '<title>Aide e-CPS</title><p data-x="e-CPS">l’appli e-CPS</p><svg><text>e-CPS</text></svg><script src="/a.js"></script>';
    const once = typesetHtml(html);
    expect(once).toBe('<title>Aide e-CPS</title><p data-x="e-CPS">l’appli <span class="nowrap">e-CPS</span></p><svg><text>e-CPS</text></svg><script src="/a.js"></script>');
    expect(typesetHtml(once)).toBe(once);
  });

  it('keeps only the pieces next to a short part together, and never one longer than a phone’s line', () => {
    // The path of a displayed address: it may break at every hyphen but the ones next to "de".
    expect(keepWordsWhole('mise-jour-des-coordonnees-de-correspondance')).toBe('mise-jour-des-coordonnees-de-correspondance');
    expect(keepWordsWhole('la carte de Provence-Alpes-Côte-d-Azur')).toBe('la carte de Provence-Alpes-<span class="nowrap">Côte-d-Azur</span>');
    expect(keepWordsWhole('grand-mère, vas-y, e-santé')).toBe('grand-mère, <span class="nowrap">vas-y</span>, <span class="nowrap">e-santé</span>');
    // However long the word, no wrapped piece is longer than LONGEST_KEPT characters.
    const long = `${'abcdefghij-'.repeat(30)}de-${'klmnopqrst-'.repeat(30)}x`;
    for (const piece of keepWordsWhole(long).matchAll(/<span class="nowrap">([^<]*)<\/span>/g)) expect(piece[1]!.length).toBeLessThanOrEqual(LONGEST_KEPT);
    // Wrapping the wrapped text again changes nothing (the site's step may meet a page twice).
    const html = typesetHtml('<p>la carte de Provence-Alpes-Côte-d-Azur, mise-jour-des-coordonnees-de-correspondance</p>');
    expect(typesetHtml(html)).toBe(html);
  });

  // Linear time: a quadratic pattern would take hours on these (10^12 steps), not milliseconds.
  it.each([
    ['letters', 'a'.repeat(1 << 20)],
    ['digits', '7'.repeat(1 << 20)],
    ['hyphens', '-'.repeat(1 << 20)],
    ['spaces', ' '.repeat(1 << 20)],
    ['letters and hyphens', 'ab-'.repeat(1 << 18)],
    ['short parts', 'e-'.repeat(1 << 19)],
    ['letters, digits, hyphens and spaces', 'a1-b2 c-3d '.repeat(1 << 17)],
    ['an address-like run', `x${'.a'.repeat(1 << 19)}`],
    ['an e-mail-like run', `${'a.'.repeat(1 << 19)}@`],
  ])('runs through a 1 MB run of %s', (_, text) => {
    const out = keepWordsWhole(text);
    // The text is unchanged apart from the spans.
    expect(out.replace(/<\/?span[^>]*>/g, '')).toBe(text);
  });
});
