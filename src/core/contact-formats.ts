import formats from 'ajv-formats/dist/formats.js';

const EMAIL = formats.fullFormats.email as RegExp;

/** Whether an e-mail address is well-formed (ajv-formats' RFC 5322 subset). */
export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

/**
 * The `tel:` form of a phone number as editors write it ("0 825 85 2000", "08.25.85.20.00",
 * "+33 8 25 85 20 00", "3646"), or undefined when it is not a dialable number.
 * French numbers become international (+33…) so that they work from any phone.
 */
export function telOf(number: string): string | undefined {
  const compact = number.replace(/[\s.\-()\u00a0\u202f]/g, '');
  if (/^0[1-9]\d{8}$/.test(compact)) return `+33${compact.slice(1)}`;
  if (/^\+33[1-9]\d{8}$/.test(compact)) return compact;
  if (/^\+(?!33)[1-9]\d{6,14}$/.test(compact)) return compact;
  // French short numbers (3646, 3237…).
  if (/^3\d{3}$/.test(compact)) return compact;
  return undefined;
}
