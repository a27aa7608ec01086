/**
 * French spacing: a no-break space before « : », a narrow no-break space before « ; ! ? »
 * and inside guillemets. typograf's French locale (7.x) deletes those spaces instead, so
 * this rule is ours; addresses, e-mails and times (12:30) are left untouched.
 */

const NBSP = '\u00a0';
const NNBSP = '\u202f';

// HTML entities, addresses, e-mails and times: the spacing rules must not touch their ";", ":" and "?".
// Linear on any text: a scheme or an e-mail is only looked for where a run of its characters
// starts (the lookbehinds), so a long word is read once, not once per letter.
const PROTECTED = /&(?:[a-z][a-z0-9]*|#\d+|#x[0-9a-f]+);|(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s«»]+|\b(?:https?|mailto|tel|javascript|data|file|ftp):[^\s«»]*|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b\d{1,2}:\d{2}\b|`[^`]*`/gi;

function spaceOutside(text: string, atStart: boolean): string {
  const spaced = text
    .replace(/(^|[^\s;:!?])[ \u00a0\u202f]*([;!?])(?=\s|$|[»)\]"'’]|[;!?])/g, `$1${NNBSP}$2`)
    .replace(/(^|[^\s;:!?])[ \u00a0\u202f]*(:)(?=\s|$)/g, `$1${NBSP}$2`)
    .replace(/«[ \u00a0\u202f]*/g, `«${NNBSP}`)
    .replace(/(?<![ \u00a0\u202f])[ \u00a0\u202f]*»/g, `${NNBSP}»`);
  // A text cannot start with a space; a piece that follows an address may.
  return atStart ? spaced.replace(new RegExp(`^[${NBSP}${NNBSP}]([;:!?])`), '$1') : spaced;
}

/** The characters the rule spaces; a text without any is left as it is. */
const SPACED = /[;:!?«»]/;

/** Applies French spacing to a plain text (not HTML). Idempotent. */
export function frenchSpacing(text: string): string {
  // (Most texts of a page hold none: a test, not four replacements and a scan for addresses.)
  if (!SPACED.test(text)) return text;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(PROTECTED)) {
    out += spaceOutside(text.slice(last, match.index), last === 0);
    out += match[0];
    last = match.index + match[0].length;
  }
  return out + spaceOutside(text.slice(last), last === 0);
}

// Addresses and e-mails keep their own hyphens: wrapping part of one would stop it breaking.
// Each alternative starts where a run of its characters starts (the lookbehinds): without them,
// a long run of letters would be tried from each of its positions, in quadratic time.
const ADDRESS = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s<«»]+|\b(?:mailto|tel):[^\s<«»]*|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\bwww\.[^\s<«»]+/gi;
const HYPHENATED = /(?<![\p{L}\p{N}])[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu;
/**
 * The longest piece kept on one line, in characters: about 180 px of body text, which fits a
 * 320 px screen inside the site's boxes. A longer piece (a path in a displayed address,
 * "coordonnees-de-correspondance") breaks at its hyphens rather than run off the screen.
 */
export const LONGEST_KEPT = 20;

/** A part of a hyphenated word that must not end or start a line: one or two characters ("e", "de", "t"), or a short acronym in capitals ("CPS"). */
function isShortPart(part: string): boolean {
  return part.length <= 2 || (part.length <= 5 && part === part.toUpperCase() && /\p{Lu}/u.test(part));
}

/** Whether a hyphenated word must stay on one line: one of its parts is one or two characters ("e-santé", "passe-t-il") or a short acronym in capitals. */
export function isUnbreakable(word: string): boolean {
  return word.split('-').some(isShortPart);
}

/**
 * A hyphenated word with the pieces that must stay on one line wrapped: the line may not break
 * at a hyphen next to a short part ("de-", "-t-", "e-"), elsewhere it may ("mise-jour-des-
 * coordonnees"). Pieces longer than LONGEST_KEPT stay breakable.
 */
function wrapPieces(word: string): string {
  const parts = word.split('-');
  const pieces: string[][] = [[parts[0]!]];
  for (let i = 1; i < parts.length; i++) {
    if (isShortPart(parts[i - 1]!) || isShortPart(parts[i]!)) pieces.at(-1)!.push(parts[i]!);
    else pieces.push([parts[i]!]);
  }
  return pieces
    .map((piece) => {
      const text = piece.join('-');
      return piece.length > 1 && text.length <= LONGEST_KEPT ? `<span class="nowrap">${text}</span>` : text;
    })
    .join('-');
}

/**
 * Keeps words like "e-santé" whole at the end of a line: browsers break after a hyphen, which
 * leaves "e-" on one line and the rest of the word on the next on a phone. Each such piece is
 * wrapped in `<span class="nowrap">` (the text itself is unchanged, so search and copy see the
 * word as written); a long one is not, so that no line is wider than a phone's screen.
 * Linear in the length of the text.
 *
 * @param html text between tags of an HTML document (already escaped); addresses are left alone
 */
export function keepWordsWhole(html: string): string {
  // No hyphen, no hyphenated word.
  if (!html.includes('-')) return html;
  const wrap = (text: string) => text.replace(HYPHENATED, (word) => (isUnbreakable(word) ? wrapPieces(word) : word));
  let out = '';
  let last = 0;
  for (const match of html.matchAll(ADDRESS)) {
    out += wrap(html.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + wrap(html.slice(last));
}
