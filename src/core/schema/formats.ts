/**
 * Phone numbers, e-mail addresses and web addresses as JSON Schema patterns, so that the
 * editor underlines, as one types, what `parcours check` refuses.
 *
 * `check` keeps its own rules (contact-formats.ts and text.ts: `telOf`, `isEmail`, `isSafeUrl`),
 * which give richer messages and suggestions; the loader ignores the failures of these
 * patterns (validate.ts) and test/schema/formats.test.ts proves, value by value, that each
 * pattern accepts what its rule accepts. When those rules change, change these patterns.
 */
import formats from 'ajv-formats/dist/formats.js';

/** What `telOf` strips before reading a number: spaces (no-break ones included), dots, dashes, brackets. */
const SEP = '[\\s.\\-()\\u00a0\\u202f]*';
/** A digit, possibly preceded by separators. */
const DIGIT = `${SEP}\\d`;

/**
 * A phone number `telOf` can dial, as editors write it: French (0 and 9 digits, or +33 and 9
 * digits), international (+ and 7 to 15 digits, other than +33) or a French 4-digit short
 * number (3646), with or without spaces, dots, dashes or brackets anywhere.
 */
export const PHONE_PATTERN = `^${SEP}(?:${[
  `0${SEP}[1-9](?:${DIGIT}){8}`,
  `\\+${SEP}3${SEP}3${SEP}[1-9](?:${DIGIT}){8}`,
  `\\+${SEP}(?!3${SEP}3)[1-9](?:${DIGIT}){6,14}`,
  `3(?:${DIGIT}){3}`,
].join('|')})${SEP}$`;

/**
 * An e-mail address as `isEmail` reads it: ajv-formats' own expression, whose `i` flag a JSON
 * Schema pattern cannot carry, spelt out (a-z becomes a-zA-Z, which is all `i` does to it).
 */
export const EMAIL_PATTERN = (() => {
  const email = formats.fullFormats.email as RegExp;
  if (email.flags !== 'i') throw new Error(`ajv-formats' e-mail expression has new flags (${email.flags}): review EMAIL_PATTERN`);
  return email.source.replaceAll('a-z', 'a-zA-Z');
})();

/** A word in any case, as the URL parser reads a scheme ("HTTPS:" is "https:"). */
const anyCase = (word: string) => [...word].map((c) => `[${c}${c.toUpperCase()}]`).join('');

// The URL parser trims C0 controls and spaces around an address.
const TRIM = '[\\x00-\\x20]*';
// What a WHATWG host cannot contain; `\` ends it like `/` in an https address.
const HOST_CHAR = '[^\\x00-\\x20#%/:<>?@\\[\\\\\\]^|\\x7f]';

/**
 * An address `isSafeUrl` accepts: https with a host that has a dot (or localhost), optional
 * user and port, anything after; or mailto: / tel: followed by at least one character.
 * The URL parser's rarer refusals (a port above 65535, an IPv4 host above 255, an invalid
 * punycode label) are left to `check`.
 */
export const URL_PATTERN = `^(?:${[
  `${TRIM}${anyCase('https')}:[/\\\\]*(?:[^/?#\\\\]*@)?(?:${HOST_CHAR}*\\.${HOST_CHAR}*|${anyCase('localhost')})(?::\\d*)?(?:[/?#\\\\][\\s\\S]*)?${TRIM}`,
  `(?:${anyCase('mailto')}|${anyCase('tel')}):[\\s\\S]+`,
  `[\\x00-\\x20]+(?:${anyCase('mailto')}|${anyCase('tel')}):[\\s\\S]*`,
].join('|')})$`;

/** The patterns above: validate.ts leaves their failures to the rules of `check`. */
export const FORMAT_PATTERNS: ReadonlySet<string> = new Set([PHONE_PATTERN, EMAIL_PATTERN, URL_PATTERN]);
