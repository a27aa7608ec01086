/**
 * Phone numbers, e-mail addresses and web addresses as JSON Schema patterns, so that the
 * editor underlines, as one types, what `parcours check` refuses. They are check's own rule
 * (src/core/addresses.ts: one rule for an address wherever it appears), not a copy of it;
 * check still reports these values with its richer messages and suggestions, so the loader
 * ignores the failures of these patterns (validate.ts). test/schema/formats.test.ts proves,
 * value by value, that each pattern accepts exactly what the rule accepts.
 */
import { ADDRESS_PATTERN, EMAIL_PATTERN, PHONE_PATTERN } from '../addresses.ts';

export { EMAIL_PATTERN, PHONE_PATTERN };
export const URL_PATTERN = ADDRESS_PATTERN;

/** The patterns above: validate.ts leaves their failures to the rules of `check`. */
export const FORMAT_PATTERNS: ReadonlySet<string> = new Set([PHONE_PATTERN, EMAIL_PATTERN, URL_PATTERN]);
