/**
 * French spacing: a no-break space before « : », a narrow no-break space before « ; ! ? »
 * and inside guillemets. typograf's French locale (7.x) deletes those spaces instead, so
 * this rule is ours; addresses, e-mails and times (12:30) are left untouched.
 */

const NBSP = '\u00a0';
const NNBSP = '\u202f';

// HTML entities, addresses, e-mails and times: the spacing rules must not touch their ";", ":" and "?".
const PROTECTED = /&(?:[a-z][a-z0-9]*|#\d+|#x[0-9a-f]+);|[a-z][a-z0-9+.-]*:\/\/[^\s«»]+|\b(?:https?|mailto|tel|javascript|data|file|ftp):[^\s«»]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b\d{1,2}:\d{2}\b|`[^`]*`/gi;

function spaceOutside(text: string, atStart: boolean): string {
  const spaced = text
    .replace(/(^|[^\s;:!?])[ \u00a0\u202f]*([;!?])(?=\s|$|[»)\]"'’]|[;!?])/g, `$1${NNBSP}$2`)
    .replace(/(^|[^\s;:!?])[ \u00a0\u202f]*(:)(?=\s|$)/g, `$1${NBSP}$2`)
    .replace(/«[ \u00a0\u202f]*/g, `«${NNBSP}`)
    .replace(/[ \u00a0\u202f]*»/g, `${NNBSP}»`);
  // A text cannot start with a space; a piece that follows an address may.
  return atStart ? spaced.replace(new RegExp(`^[${NBSP}${NNBSP}]([;:!?])`), '$1') : spaced;
}

/** Applies French spacing to a plain text (not HTML). Idempotent. */
export function frenchSpacing(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(PROTECTED)) {
    out += spaceOutside(text.slice(last, match.index), last === 0);
    out += match[0];
    last = match.index + match[0].length;
  }
  return out + spaceOutside(text.slice(last), last === 0);
}
