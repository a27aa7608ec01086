/**
 * Texts as a reader sees them, compared word by word. Two texts that differ only by what
 * never reaches a reader (line wrapping in the YAML, runs of spaces, the kind of space before
 * « : ») are the same text.
 */
import { diffWords } from 'diff';
import { telOf } from '../addresses.ts';
import { linksIn } from '../text.ts';
import { frenchSpacing } from '../typography.ts';
import type { Segment } from './types.ts';

/** A text as the site shows it: spaces collapsed, French spacing applied. */
export const readerText = (text: string): string => frenchSpacing(text.replace(/\s+/g, ' ').trim());

/**
 * The words that changed between two texts (jsdiff's word diff, without a locale-dependent
 * segmenter, so that the result is the same on every machine): the `before` segments hold the
 * unchanged and removed words, the `after` segments the unchanged and added ones.
 */
export function wordChange(before: string, after: string): { before: Segment[]; after: Segment[] } {
  const out = { before: [] as Segment[], after: [] as Segment[] };
  const add = (list: Segment[], text: string, changed: boolean) => {
    if (!text) return;
    const last = list[list.length - 1];
    if (last && Boolean(last.changed) === changed) last.text += text;
    else list.push(changed ? { text, changed: true } : { text });
  };
  // The spaces around changed words are not part of the change.
  const push = (list: Segment[], text: string, changed: boolean) => {
    if (!changed) return add(list, text, false);
    const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
    add(list, lead!, false);
    add(list, core!, true);
    add(list, trail!, false);
  };
  for (const part of diffWords(readerText(before), readerText(after))) {
    if (!part.added) push(out.before, part.value, part.removed);
    if (!part.removed) push(out.after, part.value, part.added);
  }
  return out;
}

// A run of digits and the separators editors put in phone numbers, starting like one.
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}])(?:\+|0|3)[\d .\u00a0\u202f()-]{2,}\d(?![\p{L}\p{N}])/gu;

/** The addresses, e-mails and phone numbers a text holds (as links and `tel:` forms), sorted. */
export function contactDetailsIn(text: string): string[] {
  const phones = [...text.matchAll(PHONE_CANDIDATE)].map((m) => telOf(m[0].trim())).filter((tel): tel is string => tel !== undefined);
  return [...new Set([...linksIn(text), ...phones.map((tel) => `tel:${tel}`)])].sort();
}

/**
 * Whether a text now holds an address, e-mail or phone number it did not hold: where a reader
 * would be sent somewhere new (one only taken away sends nobody anywhere).
 */
export function addsContactDetails(before: string, after: string): boolean {
  const old = new Set(contactDetailsIn(before));
  return contactDetailsIn(after).some((detail) => !old.has(detail));
}
