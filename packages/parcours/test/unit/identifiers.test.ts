/**
 * The national-identifier checks: Luhn over RPPS numbers, ADELI length, "8"/"0" prefixes.
 * Valid RPPS numbers are generated here with a second, table-based Luhn written for the test
 * (the key digit that makes the number pass), so no expected result is copied from the code.
 */
import { describe, expect, it } from 'vitest';
import { checkIdentifier, fillMessage, GUIDE_EXAMPLES, IDENTIFIER_MESSAGES, luhnValid, nationalIdentifier, normaliseNumber } from '../../src/core/identifiers.ts';

// The classic doubling table: index = digit, value = its doubled digit sum.
const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
function oracleValid(digits: string): boolean {
  const sum = [...digits].reverse().reduce((s, c, i) => s + (i % 2 ? DOUBLED[Number(c)]! : Number(c)), 0);
  return sum % 10 === 0;
}
/** The one key digit that makes `payload + key` pass the oracle. */
function withKey(payload: string): string {
  const keys = '0123456789'.split('').filter((k) => oracleValid(payload + k));
  expect(keys).toHaveLength(1);
  return payload + keys[0];
}
/** A deterministic stream of RPPS-like payloads: 10 digits starting with "10", as RPPS numbers do. */
function payloads(count: number): string[] {
  let seed = 20261123;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    out.push(`10${String(seed % 1e8).padStart(8, '0')}`);
  }
  return out;
}
const validRpps = payloads(200).map(withKey);

describe('luhnValid', () => {
  it('accepts the published Luhn example 79927398713 and refuses its other keys', () => {
    expect(luhnValid('79927398713')).toBe(true);
    for (const k of '012456789') expect(luhnValid(`7992739871${k}`)).toBe(false);
  });

  it('agrees with an independent table-based Luhn on 200 generated RPPS numbers', () => {
    for (const rpps of validRpps) {
      expect(rpps).toMatch(/^10\d{9}$/);
      expect(luhnValid(rpps), rpps).toBe(true);
    }
  });

  it('catches every single wrong digit', () => {
    for (const rpps of validRpps.slice(0, 40)) {
      for (let i = 0; i < rpps.length; i++) {
        for (const d of '0123456789') {
          if (d === rpps[i]) continue;
          const typo = rpps.slice(0, i) + d + rpps.slice(i + 1);
          expect(luhnValid(typo), typo).toBe(oracleValid(typo));
          expect(luhnValid(typo), typo).toBe(false);
        }
      }
    }
  });

  it('catches swapped neighbours except 09/90, as Luhn does', () => {
    for (const rpps of validRpps.slice(0, 40)) {
      for (let i = 0; i < rpps.length - 1; i++) {
        const [a, b] = [rpps[i]!, rpps[i + 1]!];
        if (a === b) continue;
        const swapped = rpps.slice(0, i) + b + a + rpps.slice(i + 2);
        expect(luhnValid(swapped), swapped).toBe(`${a}${b}` === '09' || `${a}${b}` === '90');
      }
    }
  });

  it('refuses anything but digits', () => {
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('1234a')).toBe(false);
    expect(luhnValid('7992 7398 713')).toBe(false);
  });
});

describe('checkIdentifier', () => {
  it('a valid RPPS gives "8" + the number', () => {
    for (const rpps of validRpps.slice(0, 20)) {
      const result = checkIdentifier(rpps);
      expect(result).toMatchObject({ ok: true, kind: 'rpps', number: rpps, national: `8${rpps}` });
      expect(result.message).toContain(`8${rpps}`);
    }
  });

  it('ignores the spaces, dots and dashes people type in long numbers', () => {
    const rpps = validRpps[0]!;
    const spaced = `${rpps.slice(0, 3)} ${rpps.slice(3, 6)}.${rpps.slice(6, 9)}-${rpps.slice(9)}`;
    expect(normaliseNumber(spaced)).toBe(rpps);
    expect(checkIdentifier(` ${spaced} `)).toMatchObject({ ok: true, national: `8${rpps}` });
  });

  it('an RPPS with a wrong key says so, in French', () => {
    const rpps = validRpps[1]!;
    const wrong = rpps.slice(0, 10) + String((Number(rpps[10]) + 1) % 10);
    const result = checkIdentifier(wrong);
    expect(result).toMatchObject({ ok: false, problem: 'key' });
    expect(result.message).toMatch(/clé de contrôle/);
  });

  it('the guide’s own example is named as the example, not as a mistake', () => {
    // The guide writes 812345678901: "8" + 12345678901, whose key is not valid.
    expect(oracleValid(GUIDE_EXAMPLES.rpps)).toBe(false);
    const result = checkIdentifier(GUIDE_EXAMPLES.rpps);
    expect(result).toMatchObject({ ok: false, problem: 'example' });
    expect(result.message).toContain(`${GUIDE_EXAMPLES.rpps} est le numéro donné en exemple`);
  });

  it('an ADELI number: 9 digits, "0" in front, its key not checked', () => {
    for (const adeli of ['123456789', '750012345', '000000000']) {
      expect(checkIdentifier(adeli)).toMatchObject({ ok: true, kind: 'adeli', national: `0${adeli}` });
    }
    expect(nationalIdentifier('adeli', GUIDE_EXAMPLES.adeli)).toBe('0123456789');
    expect(checkIdentifier('123456789').message).toMatch(/n’est pas vérifiée/);
  });

  it('a wrong length names the count typed', () => {
    for (const n of [1, 8, 10, 12, 13]) {
      const result = checkIdentifier('1'.repeat(n));
      expect(result).toMatchObject({ ok: false, problem: 'length', digits: n });
      expect(result.message).toBe(fillMessage(IDENTIFIER_MESSAGES.length, { n }));
      expect(result.message).toContain(`vous en avez saisi ${n}`);
    }
  });

  it('letters and signs are refused; nothing typed asks for a number', () => {
    expect(checkIdentifier('1000A000001')).toMatchObject({ ok: false, problem: 'not-digits' });
    expect(checkIdentifier('10000/00001')).toMatchObject({ ok: false, problem: 'not-digits' });
    expect(checkIdentifier('   ')).toMatchObject({ ok: false, problem: 'empty' });
  });
});
