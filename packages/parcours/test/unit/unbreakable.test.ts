/** Words that must not break at their hyphen on a phone ("e-CPS"), wrapped by the site's typography step. */
import { describe, expect, it } from 'vitest';
import { isUnbreakable, keepWordsWhole } from '../../src/core/typography.ts';
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
});
