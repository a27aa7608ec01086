/**
 * An Astro integration that applies French spacing to the visible text of every built page,
 * whatever wrote it (templates, MDX, the model): one rule, applied once, as each page leaves Astro.
 * Text inside <script>, <style>, <svg>, <code>, <kbd>, <samp>, <pre> and <textarea> is left
 * alone, and so are attribute values. The rule reads the text as the reader sees it (entities
 * decoded: `&amp;gt;` is the text "&gt;", left alone like any entity written in a text) and
 * changes only spaces, so every character reference stays exactly as written.
 */
import { extname } from 'node:path';
import type { AstroIntegration } from 'astro';
import { frenchSpacing, keepWordsWhole } from '../core/typography.ts';

const RAW = new Set(['script', 'style', 'svg', 'code', 'kbd', 'samp', 'pre', 'textarea']);
// Text that cannot hold markup: French spacing only, no <span> to keep words whole.
const PLAIN = new Set(['title', 'option']);

// The character references whose character the spacing rule looks at (spaces, guillemets,
// punctuation, and what makes an entity or an address); any other stands for a letter.
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', laquo: '«', raquo: '»',
  semi: ';', colon: ':', excl: '!', quest: '?', sol: '/', num: '#', commat: '@', period: '.',
};
const REFERENCE = /&(?:#(\d+)|#x([0-9a-f]+)|([a-z][a-z0-9]*));/gi;
/** The spaces the rule inserts, replaces or removes; it changes no other character. */
const SPACE = /[ \u00a0\u202f]/;

function decodeReference(decimal: string | undefined, hex: string | undefined, name: string | undefined): string {
  if (name !== undefined) return NAMED[name.toLowerCase()] ?? '\ufffc';
  const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex!, 16);
  return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
}

/**
 * French spacing on one run of HTML text: decoded, spaced, then written back piece by piece,
 * each unchanged character as it was written (raw or as a reference), each changed run of
 * spaces as the rule wrote it.
 */
function typesetText(html: string): string {
  if (!html.includes('&')) return frenchSpacing(html);
  // The decoded text, one UTF-16 unit per entry, with the source each unit came from.
  const units: string[] = [];
  const sources: string[] = [];
  let last = 0;
  const raw = (text: string) => {
    for (const unit of text) for (let k = 0; k < unit.length; k++) {
      units.push(unit[k]!);
      sources.push(unit[k]!);
    }
  };
  for (const match of html.matchAll(REFERENCE)) {
    raw(html.slice(last, match.index));
    const decoded = decodeReference(match[1], match[2], match[3]);
    for (let k = 0; k < decoded.length; k++) {
      units.push(decoded[k]!);
      sources.push(k === 0 ? match[0] : '');
    }
    last = match.index + match[0].length;
  }
  raw(html.slice(last));
  const text = units.join('');
  const spaced = frenchSpacing(text);
  let out = '';
  let i = 0;
  let j = 0;
  while (i < text.length || j < spaced.length) {
    if (i < text.length && j < spaced.length && !SPACE.test(text[i]!) && !SPACE.test(spaced[j]!)) {
      if (text[i] !== spaced[j]) throw new Error(`French spacing changed more than spaces in: ${html}`);
      out += sources[i++];
      j++;
      continue;
    }
    let i2 = i;
    while (i2 < text.length && SPACE.test(text[i2]!)) i2++;
    let j2 = j;
    while (j2 < spaced.length && SPACE.test(spaced[j2]!)) j2++;
    if (i2 === i && j2 === j) throw new Error(`French spacing changed more than spaces in: ${html}`);
    out += text.slice(i, i2) === spaced.slice(j, j2) ? sources.slice(i, i2).join('') : spaced.slice(j, j2);
    i = i2;
    j = j2;
  }
  return out;
}

// A tag holds no « < » (Astro escapes it in attributes): each « < » is read up to the next one at most.
const TAG = /<[^<>]*>/g;
// Inside raw text, the only tags that change anything: raw ones (they nest) and plain ones.
const RAW_OR_PLAIN = `(${[...RAW, ...PLAIN].join('|')})(?![a-zA-Z0-9-])`;
const RAW_OR_PLAIN_TAG = new RegExp(`<\\/?${RAW_OR_PLAIN}[^<>]*>`, 'gi');
const RAW_OR_PLAIN_NAME = new RegExp(`^<(\\/?)${RAW_OR_PLAIN}`, 'i');
const NOT_BLANK = /\S/;

/**
 * French spacing on the text between tags of an HTML document. Inside raw text (a diagram's
 * SVG is most of a page that has one) it looks only for the tags that end or nest it.
 */
export function typesetHtml(html: string): string {
  const open: string[] = [];
  let plain = false;
  let out = '';
  let at = 0;
  let previousTag = '';
  for (;;) {
    const tags = open.length === 0 ? TAG : RAW_OR_PLAIN_TAG;
    tags.lastIndex = at;
    const match = tags.exec(html);
    const text = html.slice(at, match ? match.index : html.length);
    if (open.length === 0 && NOT_BLANK.test(text)) {
      // Already kept whole (a page typeset twice): leave it.
      const kept = previousTag === '<span class="nowrap">';
      out += plain || kept ? typesetText(text) : keepWordsWhole(typesetText(text));
    } else out += text;
    if (!match) return out;
    const part = match[0];
    const tag = RAW_OR_PLAIN_NAME.exec(part);
    if (tag) {
      const name = tag[2]!.toLowerCase();
      if (RAW.has(name) && !part.endsWith('/>')) {
        if (tag[1]) open.pop();
        else open.push(name);
      }
      if (PLAIN.has(name)) plain = !tag[1];
    }
    out += part;
    previousTag = part;
    at = match.index + part.length;
  }
}

/**
 * Every HTML page leaves Astro typeset, as it is rendered (a middleware, ./typography-middleware.ts):
 * no second pass over the written files, and a page rendered alone (the build renders only the
 * pages whose inputs changed) is the same bytes as when the whole site is.
 */
export default function frenchTypography(): AstroIntegration {
  return {
    name: 'parcours-french-typography',
    hooks: {
      'astro:config:setup': ({ addMiddleware }) => {
        addMiddleware({ entrypoint: new URL(`./typography-middleware${extname(import.meta.url)}`, import.meta.url), order: 'post' });
      },
    },
  };
}
