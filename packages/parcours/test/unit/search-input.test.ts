/**
 * What Pagefind is given of a page: the elements it skips whole (`data-pagefind-ignore="all"`)
 * are taken out when their end is certain, and left in otherwise. That Pagefind writes the same
 * index from it as from whole pages is checked on the e-CPS site (test/build/search-complete.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { searchInput, withoutIgnored } from '../../src/stages/search.ts';

describe('withoutIgnored', () => {
  it('takes out an element skipped whole, with the elements of its name nested in it', () => {
    expect(withoutIgnored('<main><p>a</p><div data-pagefind-ignore="all"><div>x</div><p>y</p></div><p>b</p></main>')).toBe('<main><p>a</p><p>b</p></main>');
    expect(withoutIgnored('<main><DIV class="c" data-pagefind-ignore="all"><div><div></div></div></Div>b</main>')).toBe('<main>b</main>');
    // One skipped inside another goes with it.
    expect(withoutIgnored('<main><section data-pagefind-ignore="all"><div data-pagefind-ignore="all">x</div></section><div data-pagefind-ignore="all">y</div>z</main>')).toBe('<main>z</main>');
  });

  it('reads tags as HTML does: quoted values may hold « > », comments and scripts hold no tags', () => {
    expect(withoutIgnored('<div aria-label="a > b" data-pagefind-ignore="all" title=\'<div>\'>x</div>z')).toBe('z');
    expect(withoutIgnored('<div data-pagefind-ignore="all"><!-- <div> --><script>"</div><div>"</script><style>p::after{content:"</div>"}</style>y</div>z')).toBe('z');
  });

  it('leaves in what it cannot delimit for sure, and what Pagefind does not skip whole', () => {
    const kept = [
      // No end tag.
      '<div data-pagefind-ignore="all"><div>x</div>',
      // A tag of its name written self-closing (SVG): which one closes it is Pagefind's parser's to say.
      '<g data-pagefind-ignore="all"><g/></g>z',
      '<g data-pagefind-ignore="all"/>z',
      // A script that never ends.
      '<div data-pagefind-ignore="all"><script>x</div>',
      // Skipped from the index only: its filters and metadata count.
      '<div data-pagefind-ignore="index"><p data-pagefind-meta="a">x</p></div>z',
      '<div data-pagefind-ignore>x</div>z',
      // Text that reads like the attribute.
      '<p>data-pagefind-ignore="all"</p>',
      '<p title=\' data-pagefind-ignore="all"\'>x</p>',
    ];
    for (const html of kept) expect(withoutIgnored(html), html).toBe(html);
  });

  it('is part of what a page gives Pagefind: its head and its main', () => {
    const page =
      '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>T</title><link rel="stylesheet" href="/s.css"></head>' +
      '<body><nav>menu</nav><main id="contenu" data-pagefind-body><h1>Q</h1><div data-pagefind-ignore="all"><ol><li>étape</li></ol></div><p>réponse</p></main></body></html>';
    expect(searchInput(page)).toBe('<!doctype html><html lang="fr"><head><title>T</title></head><body><main id="contenu" data-pagefind-body><h1>Q</h1><p>réponse</p></main></body></html>');
  });
});
