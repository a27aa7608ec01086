/**
 * French spacing leaves character references and code alone: in a plain text (the model's
 * texts) and in the built HTML, where the text a reader sees is the decoded one.
 */
import { describe, expect, it } from 'vitest';
import { frenchSpacing, keepWordsWhole } from '../../src/core/typography.ts';
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

  it('skips raw text (a diagram’s SVG, code) as a plain walk over every tag does, on thousands of made-up pages', () => {
    // The walk typesetHtml did before it looked, inside raw text, only for the tags that end or
    // nest it: every tag in turn (the text between tags, split out).
    const RAW = new Set(['script', 'style', 'svg', 'code', 'kbd', 'samp', 'pre', 'textarea']);
    const PLAIN = new Set(['title', 'option']);
    const walkEveryTag = (html: string, typesetText: (text: string) => string) => {
      const parts = html.split(/(<[^<>]*>)/);
      const open: string[] = [];
      let plain = false;
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i]!;
        if (part.startsWith('<')) {
          const tag = /^<(\/?)([a-zA-Z0-9-]+)/.exec(part);
          if (tag && RAW.has(tag[2]!.toLowerCase()) && !part.endsWith('/>')) {
            if (tag[1]) open.pop();
            else open.push(tag[2]!.toLowerCase());
          }
          if (tag && PLAIN.has(tag[2]!.toLowerCase())) plain = !tag[1];
        } else if (open.length === 0 && part.trim()) {
          const kept = parts[i - 1] === '<span class="nowrap">';
          parts[i] = plain || kept ? typesetText(part) : keepWordsWhole(typesetText(part));
        }
      }
      return parts.join('');
    };
    // Texts whose spacing shows what was typeset (no entity: typesetText is frenchSpacing then),
    // and no « < »: Astro writes it `&lt;` in a text (a stray one: the next test).
    const texts = ['Oui ; non !', ' a:b ', 'le e-CPS : « ici »', ' ', '\n  ', 'x ? y', 'pas-à-pas', '>', 'a > b', 'b>', 'fin.'];
    const names = ['p', 'span', 'a', 'svg', 'SVG', 'Svg', 'g', 'title', 'TITLE', 'option', 'code', 'pre', 'kbd', 'samp', 'script', 'style', 'textarea', 'svgx', 'code-block', 'pre2', 'titles'];
    // mulberry32: a seeded generator, the same pages at every run.
    let seed = 20_261_207;
    const random = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const pick = <T,>(list: T[]) => list[random(list.length)]!;
    let differing = 0;
    let rawSeen = 0;
    for (let page = 0; page < 3000; page++) {
      let html = '';
      for (let k = 0, n = 1 + random(30); k < n; k++) {
        const which = random(10);
        const name = pick(names);
        if (which < 4) html += pick(texts);
        else if (which < 7) html += `<${name}${random(3) === 0 ? ' class="x"' : ''}>`;
        else if (which < 9) html += `</${name}>`;
        else html += random(2) ? `<${name}/>` : '<span class="nowrap">';
      }
      if (/<(svg|code|pre|script|style)[\s>]/i.test(html)) rawSeen++;
      const spaced = (text: string) => frenchSpacing(text);
      if (typesetHtml(html) !== walkEveryTag(html, spaced)) differing++;
    }
    expect(rawSeen).toBeGreaterThan(1000);
    expect(differing).toBe(0);
  });

  it('a « < » that starts no tag, in a script, opens nothing: the text after the script is typeset', () => {
    // (Read as a tag by the walk of the test above, it kept the rest of the page untypeset.)
    const html = '<script><code.length && b()</script><p>Oui ; non !</p>';
    expect(typesetHtml(html)).toBe(`<script><code.length && b()</script><p>Oui${NN}; non${NN}!</p>`);
  });
});
