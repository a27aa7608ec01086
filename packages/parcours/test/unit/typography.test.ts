/**
 * French spacing leaves character references and code alone: in a plain text (the model's
 * texts) and in the built HTML, where the text a reader sees is the decoded one.
 */
import { describe, expect, it } from 'vitest';
import { frenchSpacing } from '../../src/core/typography.ts';
import { typesetHtml } from '../../src/astro/french-typography.ts';

const NB = '\u00a0';
const NN = '\u202f';

/** What Astro does to a text it puts in a page. */
const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

describe('frenchSpacing (plain text)', () => {
  it('leaves entity-like sequences written in a text as they are', () => {
    expect(frenchSpacing('Tapez &gt; puis &lt;')).toBe('Tapez &gt; puis &lt;');
    expect(frenchSpacing('&gt;')).toBe('&gt;');
    expect(frenchSpacing('Un demi : &frac12; et &#189; et &#xBD;')).toBe(`Un demi${NB}: &frac12; et &#189; et &#xBD;`);
  });

  it('leaves code between backquotes alone', () => {
    expect(frenchSpacing('Saisissez `a:b;c!` puis validez!')).toBe(`Saisissez \`a:b;c!\` puis validez${NN}!`);
  });
});

describe('typesetHtml (built pages)', () => {
  it('reads an escaped entity as the text a reader sees: "&gt;" stays "&gt;", not "&gt ;"', () => {
    expect(typesetHtml('<p>&amp;gt;</p>')).toBe('<p>&amp;gt;</p>');
    expect(typesetHtml('<p>Tapez &amp;lt;b&amp;gt; ici.</p>')).toBe('<p>Tapez &amp;lt;b&amp;gt; ici.</p>');
    expect(typesetHtml('<p>x &amp;frac12; ?</p>')).toBe(`<p>x &amp;frac12;${NN}?</p>`);
  });

  it('keeps every character reference as written and spaces around decoded punctuation', () => {
    expect(typesetHtml('<p>Vous dites &quot;oui&quot;? C&#39;est &#128512;!</p>')).toBe(`<p>Vous dites &quot;oui&quot;${NN}? C&#39;est &#128512;${NN}!</p>`);
    expect(typesetHtml('<p>&laquo;oui&raquo;</p>')).toBe(`<p>&laquo;${NN}oui${NN}&raquo;</p>`);
    expect(typesetHtml('<p>x &#59; y</p>')).toBe(`<p>x${NN}&#59; y</p>`);
    // A space written as a reference: replaced when the rule wants another, kept when right.
    expect(typesetHtml('<p>Vraiment&nbsp;?</p>')).toBe(`<p>Vraiment${NN}?</p>`);
    expect(typesetHtml('<p>Note&nbsp;: lire</p>')).toBe('<p>Note&nbsp;: lire</p>');
    expect(typesetHtml('<p>A &amp; B; C &amp; D</p>')).toBe(`<p>A &amp; B${NN}; C &amp; D</p>`);
  });

  it('leaves code, keyboard keys, scripts, SVG and attributes alone', () => {
    const html =
      '<p title="a: b; c!">Touche <kbd>Ctrl ;</kbd>, code <code>a: b; c!</code>, <samp>x ?</samp></p><pre>a ; b</pre><script>let a = b ? c : d;</script><svg><text>a ; b</text></svg>';
    expect(typesetHtml(html)).toBe(html);
  });

  it('gives the same text as spacing the plain text, then escaping it', () => {
    const texts = [
      'Attention: « oui»; vraiment! https://a.fr/?q=1&r=2 à 12:30 ?',
      'Tapez &gt; ou <b> ; "citation"? l\'apostrophe!',
      'a < b > c & d ; e : f',
      '&amp; &lt;pas une entité&gt; #quot; #35;',
      'Émoji 🎉 ! et « guillemets » ; fin :',
      'Écrivez à a.b@c.fr ; ou appelez le 0 809 40 00 82 !',
    ];
    for (const text of texts) expect(typesetHtml(`<p>${escapeHtml(text)}</p>`)).toBe(`<p>${escapeHtml(frenchSpacing(text))}</p>`);
  });

  it('is idempotent', () => {
    const html = `<h1>Question&nbsp;: &laquo;oui&raquo; &amp;gt; ?</h1><p>x &#59; y! &quot;a&quot;</p>`;
    const once = typesetHtml(html);
    expect(typesetHtml(once)).toBe(once);
  });
});
