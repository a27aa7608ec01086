/**
 * The national identifier of a health professional, as authentication apps ask for it: "8"
 * followed by the RPPS number, or "0" followed by the ADELI number (the same identifier is
 * printed on the first line of a professional card).
 *
 * - RPPS: 11 digits, the last one a Luhn key computed over the first ten, so the Luhn sum of
 *   all 11 digits is a multiple of 10. The key holds on the RPPS part only, not on the
 *   12 digits of the national identifier.
 * - ADELI: 9 digits. The algorithm of its key is not published, so only its length and its
 *   digits are checked here.
 *
 * Pure functions; the site's helper (public/identifiant.js) runs the same checks in the
 * browser with the messages written here, and the site's tests compare the two.
 */

export type IdentifierKind = 'rpps' | 'adeli';

/** Why a typed number cannot be used. */
export type IdentifierProblem = 'empty' | 'not-digits' | 'length' | 'key' | 'example';

export type IdentifierCheck =
  | { ok: true; kind: IdentifierKind; number: string; national: string; message: string }
  | { ok: false; problem: IdentifierProblem; digits: number; message: string };

export const RPPS_LENGTH = 11;
export const ADELI_LENGTH = 9;

/** What is put in front of each number to make the national identifier. */
export const NATIONAL_PREFIX: Record<IdentifierKind, string> = { rpps: '8', adeli: '0' };

/**
 * The examples of the national activation guide (method B, step 3): 812345678901 is "8" + 12345678901
 * and 0123456789 is "0" + 123456789. They show how the identifier is written: 12345678901 is not
 * a valid RPPS number (its Luhn key is wrong), which the helper says rather than letting the
 * guide's own example look wrong.
 */
export const GUIDE_EXAMPLES: Record<IdentifierKind, string> = { rpps: '12345678901', adeli: '123456789' };

/**
 * The messages a reader sees, in French. `{n}`, `{number}` and `{national}` are filled in;
 * the browser helper receives these same templates from the page.
 */
export const IDENTIFIER_MESSAGES = {
  empty: 'Saisissez votre numéro RPPS (11 chiffres) ou ADELI (9 chiffres).',
  'not-digits': 'Saisissez uniquement des chiffres : un numéro RPPS ou ADELI ne contient ni lettre ni signe.',
  length: 'Un numéro RPPS a 11 chiffres et un numéro ADELI en a 9 : vous en avez saisi {n}. Vérifiez qu’il ne manque ni ne dépasse aucun chiffre.',
  key: 'Ce numéro RPPS n’est pas valable : son dernier chiffre (la clé de contrôle) ne correspond pas aux 10 premiers. Vérifiez chaque chiffre.',
  example: '{number} est le numéro donné en exemple dans ce guide, pas un vrai numéro RPPS : saisissez le vôtre.',
  rpps: 'Numéro RPPS valable. Votre identifiant national est « 8 » suivi de ce numéro : {national}',
  adeli: 'Numéro ADELI de 9 chiffres (sa clé n’est pas vérifiée ici). Votre identifiant national est « 0 » suivi de ce numéro : {national}',
} as const;

/** Fills `{name}` placeholders of a message template. */
export function fillMessage(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/**
 * Whether a string of digits passes the Luhn check: from the right, every second digit is
 * doubled (minus 9 when over 9), and the sum must be a multiple of 10.
 *
 * @param digits only the characters 0-9 (anything else: false)
 */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** What a reader typed, with the spaces, dots and dashes people write in long numbers removed. */
export function normaliseNumber(input: string): string {
  return input.replace(/[\s.\-\u00a0\u202f]/g, '');
}

/** The national identifier of an RPPS or ADELI number (no check: see `checkIdentifier`). */
export function nationalIdentifier(kind: IdentifierKind, number: string): string {
  return `${NATIONAL_PREFIX[kind]}${number}`;
}

/**
 * Checks an RPPS (11 digits, Luhn key) or ADELI (9 digits) number as a reader typed it, and
 * gives the national identifier to enter in the authentication app, or the reason it cannot.
 *
 * @param input what was typed; spaces, dots and dashes are ignored
 */
export function checkIdentifier(input: string): IdentifierCheck {
  const number = normaliseNumber(input);
  const fail = (problem: IdentifierProblem, values: Record<string, string | number> = {}): IdentifierCheck => ({
    ok: false,
    problem,
    digits: number.length,
    message: fillMessage(IDENTIFIER_MESSAGES[problem], { n: number.length, number, ...values }),
  });
  if (number === '') return fail('empty');
  if (!/^\d+$/.test(number)) return fail('not-digits');
  if (number.length === RPPS_LENGTH) {
    if (number === GUIDE_EXAMPLES.rpps) return fail('example');
    if (!luhnValid(number)) return fail('key');
    const national = nationalIdentifier('rpps', number);
    return { ok: true, kind: 'rpps', number, national, message: fillMessage(IDENTIFIER_MESSAGES.rpps, { national }) };
  }
  if (number.length === ADELI_LENGTH) {
    const national = nationalIdentifier('adeli', number);
    return { ok: true, kind: 'adeli', number, national, message: fillMessage(IDENTIFIER_MESSAGES.adeli, { national }) };
  }
  return fail('length');
}
