/**
 * The small Markdown subset allowed in texts: **bold**, [label](url), bare https:// addresses
 * and e-mail addresses. Parsed here into a tree that renderers escape as they write it, so
 * nothing an editor types can become markup. Raw HTML and unsafe links are refused by the
 * checker (see `textProblems`), not silently dropped.
 */
import { addressesIn, addressProblem, isSafeUrl, trimBare, type AddressProblem } from './addresses.ts';

export { isSafeUrl };

export type Inline =
  | { type: 'text'; value: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] };

// A link target may hold one level of parentheses (…/Foo_(bar)), as addresses sometimes do.
// Linear on any text: a link's text and address hold no « [ » or « ] » (each « [ » is read up
// to the next one at most), and an e-mail is only looked for where a run of its characters starts.
const TOKEN = /\*\*(.+?)\*\*|\[([^[\]\n]+)\]\(((?:[^()\s[\]]|\([^()\s[\]]*\))*)\)|(https:\/\/[^\s<>"«»]+)|((?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;

/** Parses a text of the subset into an inline tree. Never throws; unknown syntax stays text. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  const push = (value: string) => {
    if (!value) return;
    const previous = out[out.length - 1];
    if (previous?.type === 'text') previous.value += value;
    else out.push({ type: 'text', value });
  };
  for (const match of text.matchAll(TOKEN)) {
    const [whole, strong, label, href, bare, email] = match;
    push(text.slice(last, match.index));
    last = match.index + whole.length;
    if (strong !== undefined) out.push({ type: 'strong', children: parseInline(strong) });
    else if (label !== undefined) out.push({ type: 'link', href: href ?? '', children: parseInline(label) });
    else if (bare !== undefined) {
      const url = trimBare(bare);
      const tail = bare.slice(url.length);
      out.push({ type: 'link', href: url, children: [{ type: 'text', value: url }] });
      push(tail);
    } else if (email !== undefined) {
      out.push({ type: 'link', href: `mailto:${email}`, children: [{ type: 'text', value: email }] });
    }
  }
  push(text.slice(last));
  return out;
}

/** The text without its markup, as a reader hears it (diagram labels, alt text, search). */
export function plainText(text: string): string {
  const flatten = (nodes: Inline[]): string =>
    nodes.map((node) => (node.type === 'text' ? node.value : flatten(node.children))).join('');
  return flatten(parseInline(text));
}

/** Every link target in a text. */
export function linksIn(text: string): string[] {
  const hrefs: string[] = [];
  const walk = (nodes: Inline[]) => {
    for (const node of nodes) {
      if (node.type === 'link') hrefs.push(node.href);
      if (node.type !== 'text') walk(node.children);
    }
  };
  walk(parseInline(text));
  return hrefs;
}

export type TextProblem =
  | { kind: 'raw-html'; offset: number; found: string }
  /** An address (link target or bare) that the address rule refuses. */
  | { kind: 'address'; offset: number; found: string; problem: AddressProblem };

// A tag with its attributes when it is closed (`<img src=x onerror=…>`), else its opening.
const HTML = /<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?\/?>|<\/?[a-zA-Z][a-zA-Z0-9-]*(?=[\s/])|<!--|<!\[CDATA\[|<\?/g;

/** Raw HTML, and addresses (Markdown link targets or bare) that the address rule refuses. */
export function textProblems(text: string): TextProblem[] {
  const problems: TextProblem[] = [];
  for (const match of text.matchAll(HTML)) problems.push({ kind: 'raw-html', offset: match.index, found: match[0] });
  for (const { address, offset } of addressesIn(text)) {
    const problem = addressProblem(address);
    if (problem) problems.push({ kind: 'address', offset, found: address, problem });
  }
  return problems;
}
