/**
 * The one rule for an address, wherever an editor writes it: a field (`url`, `faq`, `web`,
 * `portal`, `wiki`), the target of a Markdown link, or bare in a text (`https://…`,
 * `http://…`, `mailto:…`, `tel:…`). Same verdict, same message, same https suggestion.
 *
 * An address is accepted when:
 * 1. its scheme is https:, mailto: or tel: (http: gets the https suggestion);
 * 2. it holds no space of any kind, no control or invisible character, no quote
 *    (" ' ` « » “ ” „), no angle bracket and no backslash;
 * 3. it matches the form of its scheme (`ADDRESS_PATTERN`): https://host[:port][/…] with a
 *    host of at least two dot-separated labels (or localhost) and no "user@" before it;
 *    mailto:e-mail[?…] with a valid e-mail (ajv-formats' `email`); tel:number with a
 *    dialable number (see `telOf`);
 * 4. the standard URL parser (WHATWG `URL`) accepts it.
 *
 * `ADDRESS_PATTERN`, `EMAIL_PATTERN` and `PHONE_PATTERN` are the same rules as regular
 * expressions, for the editors' JSON Schemas: a test keeps them in step with this module.
 */
import formats from 'ajv-formats/dist/formats.js';
import { q } from './diagnostics.ts';

// ---------------------------------------------------------------------------------------------
// Phones and e-mails

/** Separators editors put inside a phone number: spaces, dots, dashes, parentheses. */
const PHONE_SEPARATORS = String.raw`[\s.\-()\u00a0\u202f]`;

/**
 * The `tel:` form of a phone number as editors write it ("0 825 85 2000", "08.25.85.20.00",
 * "+33 8 25 85 20 00", "3646"), or undefined when it is not a dialable number.
 * French numbers become international (+33…) so that they work from any phone.
 */
export function telOf(number: string): string | undefined {
  const compact = number.replace(new RegExp(PHONE_SEPARATORS, 'g'), '');
  if (/^0[1-9]\d{8}$/.test(compact)) return `+33${compact.slice(1)}`;
  if (/^\+33[1-9]\d{8}$/.test(compact)) return compact;
  if (/^\+(?!33)[1-9]\d{6,14}$/.test(compact)) return compact;
  // French short numbers (3646, 3237…).
  if (/^3\d{3}$/.test(compact)) return compact;
  return undefined;
}

/** `telOf` as one regular expression over the number as written, with separators `sep`. */
function phonePattern(sep: string): string {
  const d = (n: string) => `(?:${sep}*\\d)${n}`;
  const french = `0${sep}*[1-9]${d('{8}')}`;
  const plus33 = `\\+${sep}*3${sep}*3${sep}*[1-9]${d('{8}')}`;
  // Any other country: not +33 (whose numbers must have the French form above).
  const international = `\\+${sep}*(?!3${sep}*3)[1-9]${d('{6,14}')}`;
  const short = `3${d('{3}')}`;
  return `${sep}*(?:${french}|${plus33}|${international}|${short})${sep}*`;
}

/** A contact's `phone.number`, as the schema's pattern: exactly the numbers `telOf` accepts. */
export const PHONE_PATTERN = `^${phonePattern(PHONE_SEPARATORS)}$`;

const EMAIL = formats.fullFormats.email as RegExp;
// The same expression without its `i` flag (JSON Schema patterns have no flags).
const EMAIL_SOURCE = EMAIL.source.replace(/a-z/g, 'a-zA-Z');

/** A contact's `email`, as the schema's pattern (ajv-formats' RFC 5322 subset). */
export const EMAIL_PATTERN = EMAIL_SOURCE;

/** Whether an e-mail address is well-formed (ajv-formats' RFC 5322 subset). */
export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

// ---------------------------------------------------------------------------------------------
// Addresses

/** Characters no address may hold: they break it on the page and on paper, or disguise it. */
// (Zero-width characters and bidirectional controls included: they hide or reorder what is read.)
const FORBIDDEN_CLASS = String.raw`\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202f\u2060-\u2069\ufeff"'\x60«»“”„<>\\`;
const FORBIDDEN_CHARACTER = new RegExp(`[${FORBIDDEN_CLASS}]`, 'u');

// A host label: letters (ASCII or accented Latin, as in a French domain), digits, inner dashes;
// not "xn--…" (write the domain with its accents instead). The last label starts with a letter:
// a host ending in a number is an IP address, which a help page has no reason to show.
const LETTER = String.raw`a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff`;
const ALNUM = `${LETTER}0-9`;
const LABEL = `(?![${ALNUM}]{2}--)[${ALNUM}](?:[${ALNUM}-]*[${ALNUM}])?`;
const TOP = `(?![${ALNUM}]{2}--)[${LETTER}](?:[${ALNUM}-]*[${ALNUM}])?`;
const HOST = `(?:(?:${LABEL}\\.)+${TOP}|localhost)`;
const PORT = '(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])';
const REST = `[^${FORBIDDEN_CLASS}]*`;
const HTTPS = `https://${HOST}(?::${PORT})?(?:[/?#]${REST})?`;
const MAILTO = `mailto:(?:${EMAIL_SOURCE.replace(/^\^|\$$/g, '')})(?:\\?${REST})?`;
const TEL = `tel:${phonePattern('[.\\-()]')}`;

/**
 * Every address a field (`url`, `faq`, `web`, `portal`, `wiki`) accepts, as the JSON Schema's
 * pattern: exactly what `addressProblem` accepts. (The rule also asks the WHATWG parser, which
 * refuses none of what this pattern lets through; test/unit/addresses.test.ts holds the two
 * together over thousands of near misses.)
 */
export const ADDRESS_PATTERN = `^(?![\\s\\S]*[${FORBIDDEN_CLASS}])(?:${HTTPS}|${MAILTO}|${TEL})$`;
const ADDRESS = new RegExp(ADDRESS_PATTERN, 'u');

/** The schemes a reader's click may follow. */
export const ALLOWED_SCHEMES = ['https', 'mailto', 'tel'] as const;

export interface AddressProblem {
  /** `forbidden-link`: a scheme that is not allowed; `invalid-url`: an allowed one, badly written. */
  code: 'forbidden-link' | 'invalid-url';
  message: string;
  hint: string;
  /** The address to write instead, when there is one (http → https). */
  suggestion?: string;
}

const CHARACTER_NAMES: Record<string, string> = {
  ' ': 'une espace',
  '\u00a0': 'une espace insécable',
  '\u202f': 'une espace fine insécable',
  '"': 'un guillemet « " »',
  "'": 'une apostrophe droite « \' »',
  '`': 'un accent grave « ` »',
  '«': 'un guillemet « « »',
  '»': 'un guillemet « » »',
  '“': 'un guillemet « “ »',
  '”': 'un guillemet « ” »',
  '„': 'un guillemet « „ »',
  '<': 'un chevron « < »',
  '>': 'un chevron « > »',
  '\\': 'une barre oblique inverse « \\ »',
};

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** How a forbidden character is named in a message: what it looks like, or its code point. */
function describeCharacter(c: string): string {
  return CHARACTER_NAMES[c] ?? (/\s/u.test(c) ? `une espace (${codePoint(c)})` : `un caractère invisible (${codePoint(c)})`);
}

/**
 * What is wrong with an address, or undefined when it may be a link. The one rule for every
 * address an editor writes (see the module's comment).
 */
export function addressProblem(address: string): AddressProblem | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(address)?.[1]?.toLowerCase();
  if (scheme === 'http') {
    const secure = `https:${address.slice(5)}`;
    return {
      code: 'forbidden-link',
      message: `Lien refusé : ${q(address)} n’est pas sécurisé (http:).`,
      hint: 'Utilisez l’adresse sécurisée, en https:// : seuls https:, mailto: et tel: sont permis.',
      ...(addressProblem(secure) === undefined ? { suggestion: secure } : {}),
    };
  }
  const allowed = (value: string | undefined) => value !== undefined && (ALLOWED_SCHEMES as readonly string[]).includes(value);
  // A stray space or quote before "https:" is a badly written address, not a missing scheme.
  const afterJunk = /^([a-z][a-z0-9+.-]*):/i.exec(address.replace(new RegExp(`^[${FORBIDDEN_CLASS}]+`, 'u'), ''))?.[1]?.toLowerCase();
  if (!allowed(scheme) && !allowed(afterJunk)) {
    return {
      code: 'forbidden-link',
      message: `Lien refusé : ${q(address)} (seuls https:, mailto: et tel: sont permis).`,
      hint: scheme
        ? `Les liens ${scheme}: peuvent exécuter du code ou tromper le lecteur : donnez l’adresse https:// de la page.`
        : 'Une adresse s’écrit en entier, avec https:// (https://domaine.fr/page), mailto: ou tel:.',
    };
  }
  const bad = FORBIDDEN_CHARACTER.exec(address);
  if (bad) {
    return {
      code: 'invalid-url',
      message: `Adresse mal formée : ${q(address)} contient ${describeCharacter(bad[0])} (caractère ${bad.index + 1}).`,
      hint: 'Une adresse ne contient ni espace, ni guillemet, ni chevron, ni caractère invisible : copiez-la depuis la barre d’adresse du navigateur (les espaces y deviennent %20).',
    };
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(address);
  } catch {
    parsed = undefined;
  }
  // https://aide.mon-agence.fr@ailleurs.example/: what comes before « @ » is only a user name.
  if (parsed?.protocol === 'https:' && (parsed.username || parsed.password)) {
    return {
      code: 'invalid-url',
      message: `Adresse trompeuse : ${q(address)} mène en réalité à ${q(parsed.hostname)} (ce qui précède « @ » n’est qu’un identifiant).`,
      hint: HINTS.https,
    };
  }
  if (!parsed || !ADDRESS.test(address)) {
    return { code: 'invalid-url', message: `Adresse mal formée : ${q(address)}.`, hint: HINTS[(scheme ?? afterJunk) as (typeof ALLOWED_SCHEMES)[number]] };
  }
  return undefined;
}

const HINTS: Record<(typeof ALLOWED_SCHEMES)[number], string> = {
  https: 'Une adresse web s’écrit en entier, sans identifiant avant le domaine : https://domaine.fr/page.',
  mailto: 'Un lien e-mail s’écrit mailto:nom@domaine.fr.',
  tel: 'Un lien téléphone s’écrit tel: suivi du numéro, sans espace : tel:+33825852000 ou tel:0825852000.',
};

/** Whether a link may reach a page: the address rule, as a yes or no. */
export function isSafeUrl(url: string): boolean {
  return addressProblem(url) === undefined;
}

// ---------------------------------------------------------------------------------------------
// Addresses inside a text

export interface AddressInText {
  /** The address as written. */
  address: string;
  /** Offset of the address in the text. */
  offset: number;
  /** A Markdown link's target, or an address written bare in the text. */
  kind: 'link' | 'bare';
}

/**
 * A Markdown link, its target read loosely (up to the closing parenthesis, one level of
 * parentheses inside) so that a target with a space or a quote is checked, not ignored.
 */
// (A link's text and address hold no « [ » or « ] »: each « [ » is then read up to the next one
// at most, so a run of brackets costs its length, not its square. text.ts reads links the same way.)
const LOOSE_LINK = /\[[^[\]\n]+\]\(((?:[^()\n[\]]|\([^()\n[\]]*\))*)\)/g;
/** An address written bare: a scheme a reader could follow, up to the next space. */
const BARE = /(?<![\p{L}\p{N}_.+-])(?:https?|mailto|tel|javascript|data|vbscript|file|ftp):[^\s]*/giu;
/** Punctuation (and closing quotes) that ends a sentence rather than a bare address. */
const TRAILING = '.,;:!?)]»"\'’”';

/**
 * A bare address without the punctuation that ends the sentence around it; a closing
 * parenthesis stays when it closes one of the address (…/Carte_(jeu)).
 */
export function trimBare(token: string): string {
  let end = token.length;
  // Parentheses opened and closed before `end`, counted once and kept up to date as it moves.
  let open = 0;
  let closed = 0;
  for (const c of token) {
    if (c === '(') open++;
    else if (c === ')') closed++;
  }
  while (end > 0 && TRAILING.includes(token[end - 1]!)) {
    if (token[end - 1] === ')') {
      if (open > closed - 1) break;
      closed--;
    }
    end--;
  }
  return token.slice(0, end);
}

/** Every address written in a text: Markdown link targets, then bare addresses, by offset. */
export function addressesIn(text: string): AddressInText[] {
  const found: AddressInText[] = [];
  const links: [number, number][] = [];
  for (const match of text.matchAll(LOOSE_LINK)) {
    const offset = match.index + match[0].indexOf('(') + 1;
    found.push({ address: match[1]!, offset, kind: 'link' });
    links.push([match.index, match.index + match[0].length]);
  }
  for (const match of text.matchAll(BARE)) {
    if (links.some(([from, to]) => match.index >= from && match.index < to)) continue;
    const address = trimBare(match[0]);
    if (address.length > match[0].indexOf(':') + 1) found.push({ address, offset: match.index, kind: 'bare' });
  }
  return found.sort((a, b) => a.offset - b.offset);
}
