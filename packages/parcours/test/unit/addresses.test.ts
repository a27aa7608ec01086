/**
 * The one address rule: its verdicts, the same wherever an address is written, and its
 * regular expressions (for the editors' JSON Schemas) in step with it.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADDRESS_PATTERN, addressesIn, addressProblem, EMAIL_PATTERN, isEmail, isSafeUrl, PHONE_PATTERN, telOf } from '../../src/core/addresses.ts';
import { loadFlows } from '../../src/core/index.ts';
import { writeProject } from '../helpers/project.ts';

const ACCEPTED = [
  'https://esante.gouv.fr/securite/faq-e-cps',
  'https://a.fr',
  'https://a.fr/x_(y)',
  'https://localhost:8080/x',
  'https://café.fr/',
  'https://a.b.c.fr/x/y?z=1&t=%20#w',
  'https://a.fr/[x]{y}|^',
  'mailto:monserviceclient.e-cps@asipsante.fr',
  'mailto:A.B@C.FR?subject=Bonjour%20toi',
  'tel:+33825852000',
  'tel:0825852000',
  'tel:08.25.85.20.00',
  'tel:3646',
  'tel:+442079460958',
];

const REFUSED: [string, 'forbidden-link' | 'invalid-url', RegExp][] = [
  ['http://a.fr', 'forbidden-link', /n’est pas sécurisé/],
  ['javascript:alert(1)', 'forbidden-link', /seuls https:, mailto: et tel:/],
  ['data:text/html,x', 'forbidden-link', /seuls https:/],
  ['/relatif', 'forbidden-link', /seuls https:/],
  ['https://', 'invalid-url', /mal formée/],
  ['https://localhost-sans-point', 'invalid-url', /mal formée/],
  ['https://a.fr/" onmouseover="alert(1)', 'invalid-url', /contient un guillemet « " »/],
  ["https://a.fr/l'x", 'invalid-url', /apostrophe droite/],
  ['https://a.fr/a b', 'invalid-url', /contient une espace \(caractère 15\)/],
  ['https://a.fr/a\u00a0b', 'invalid-url', /espace insécable/],
  ['https://a.fr/<b>', 'invalid-url', /chevron/],
  ['https://a.fr/«x»', 'invalid-url', /guillemet « « »/],
  ['https://a.fr/\u0007', 'invalid-url', /caractère invisible \(U\+0007\)/],
  ['https://a.fr/\u200b', 'invalid-url', /caractère invisible \(U\+200B\)/],
  ['https://a.fr\\@b.fr', 'invalid-url', /barre oblique inverse/],
  [' https://a.fr', 'invalid-url', /contient une espace \(caractère 1\)/],
  ['https://esante.gouv.fr@evil.example/', 'invalid-url', /Adresse trompeuse.*mène en réalité à «\u202fevil.example\u202f»/],
  ['https://a.fr:99999/', 'invalid-url', /mal formée/],
  ['https://1.2.3.4/', 'invalid-url', /mal formée/],
  ['https://xn--caf-dma.fr/', 'invalid-url', /mal formée/],
  ['mailto:', 'invalid-url', /mailto:nom@domaine.fr/],
  ['mailto:x@y.fr"onclick=alert(1)', 'invalid-url', /guillemet/],
  ['mailto:pas-une-adresse', 'invalid-url', /mailto:nom@domaine.fr/],
  ['tel:+33"onclick=alert(1)', 'invalid-url', /guillemet/],
  ['tel:12', 'invalid-url', /tel:\+33825852000/],
  ['tel:+331234', 'invalid-url', /tel:/],
  ['HTTPS://A.FR', 'invalid-url', /mal formée/],
];

describe('the address rule', () => {
  it.each(ACCEPTED)('accepts %s', (address) => {
    expect(addressProblem(address)).toBeUndefined();
    expect(isSafeUrl(address)).toBe(true);
  });

  it.each(REFUSED)('refuses %j as %s', (address, code, message) => {
    const problem = addressProblem(address);
    expect(problem?.code).toBe(code);
    expect(`${problem!.message} ${problem!.hint}`).toMatch(message);
    expect(problem!.hint).not.toBe('');
    expect(isSafeUrl(address)).toBe(false);
  });

  it('suggests https for http only when the https address would pass', () => {
    expect(addressProblem('http://a.fr/x?y=1')?.suggestion).toBe('https://a.fr/x?y=1');
    expect(addressProblem('http://a.fr/"x')?.suggestion).toBeUndefined();
    expect(addressProblem('http://sans-point')?.suggestion).toBeUndefined();
  });
});

describe('addresses in a text', () => {
  it('finds Markdown targets (even with a space or a quote) and bare addresses, with their offsets', () => {
    const text = 'Voir https://a.fr/x. Et [ici](mailto:x@y.fr"onclick=a) puis http://b.fr, hôtel:12, tel:0825852000 et [a](https://a.fr/a b).';
    expect(addressesIn(text)).toEqual([
      { address: 'https://a.fr/x', offset: 5, kind: 'bare' },
      { address: 'mailto:x@y.fr"onclick=a', offset: 30, kind: 'link' },
      { address: 'http://b.fr', offset: 60, kind: 'bare' },
      { address: 'tel:0825852000', offset: 83, kind: 'bare' },
      { address: 'https://a.fr/a b', offset: 105, kind: 'link' },
    ]);
    for (const { address, offset } of addressesIn(text)) expect(text.slice(offset, offset + address.length)).toBe(address);
  });

  it('leaves sentence punctuation and closing quotes out of a bare address', () => {
    expect(addressesIn('(voir « https://a.fr/x »), ou "https://b.fr/y".').map((a) => a.address)).toEqual(['https://a.fr/x', 'https://b.fr/y']);
  });

  it('gives the same verdict for the same address in a field, a Markdown link and bare in a text', () => {
    // (Bare in a text, an address ends at the first space: a quote counts when it is inside.)
    for (const address of ['http://esante.gouv.fr/faq', 'https://esante.gouv.fr/faq"onmouseover="alert(1)', 'javascript:alert(1)', 'https://esante.gouv.fr@evil.example/', 'mailto:x@y.fr"onclick=a']) {
      const dir = writeProject({
        'flows/f.yaml': 'title: F\nstart: fin\nnodes:\n  fin: { success: Fini }\n',
        'flows/contacts/c.yaml': `contacts:\n  c:\n    name: C\n    faq: ${JSON.stringify(address)}\n`,
        'flows/procedures/p.yaml': `title: P\nsteps:\n  - text: ${JSON.stringify(`Voir [la FAQ](${address}).`)}\n  - text: ${JSON.stringify(`Voir ${address} .`)}\n`,
      });
      const { diagnostics } = loadFlows(join(dir, 'flows'), { cwd: dir });
      const verdicts = diagnostics.map(({ code, message, hint, suggestion }) => ({ code, message, hint, suggestion }));
      expect(verdicts, address).toHaveLength(3);
      expect(verdicts[1], address).toEqual(verdicts[0]);
      expect(verdicts[2], address).toEqual(verdicts[0]);
    }
  });
});

describe('the regular expressions for the editors’ schemas', () => {
  // JSON Schema patterns are ECMA-262 expressions with the u flag and no other: compiled by the
  // same validator as the loader's, they must accept exactly what the rule accepts.
  const ajv = new Ajv2020({ strict: true });
  const address = ajv.compile({ type: 'string', pattern: ADDRESS_PATTERN });
  const phone = ajv.compile({ type: 'string', pattern: PHONE_PATTERN });
  const email = ajv.compile({ type: 'string', pattern: EMAIL_PATTERN });

  // Valid addresses, each spoilt in every way at every place: a broad sample of near misses.
  const SPOILERS = [' ', '"', "'", '<', '>', '`', '\\', '«', '@', ':', '/', '.', '-', '%', '#', '?', '\u0007', '\u00a0', '\u2028', 'é', '×', '1', 'xn--'];
  const samples = [...ACCEPTED, ...REFUSED.map(([a]) => a)];
  for (const base of ACCEPTED) {
    for (let i = 0; i <= base.length; i += 3) for (const s of SPOILERS) samples.push(base.slice(0, i) + s + base.slice(i), base.slice(0, i) + s + base.slice(i + 1));
  }

  it(`agree with the address rule on ${samples.length} addresses and near misses`, () => {
    const disagreements = samples.filter((s) => address(s) !== (addressProblem(s) === undefined));
    expect(disagreements).toEqual([]);
  });

  it('agree with telOf on phone numbers as editors write them', () => {
    const numbers = ['0 825 85 2000', '08.09.40.00.82', '+33 8 09 40 00 82', '3646', '(0)1 23 45 67 89', ' 01 23 45 67 89 ', '+44 20 7946 0958', '0 825 85 200', '+33 12', '+331234567', '+0 123456', '1234567890', 'appelez-nous', '36 46', '+3 3 1 23 45 67 89', '01-23-45-67-89', '0\u00a0825\u202f85 2000'];
    for (let i = 0; i < 2000; i++) {
      // Digits, separators and plus signs in any order: most are not numbers, some are.
      let n = '';
      for (let k = 0; k < 4 + ((i * 7) % 14); k++) n += '0123456789 .-()+'[(i * 31 + k * 17 + ((i * k) % 11)) % 16];
      numbers.push(n);
    }
    expect(numbers.filter((n) => phone(n) !== (telOf(n) !== undefined))).toEqual([]);
  });

  it('agree with isEmail', () => {
    const emails = ['a@b.fr', 'A@B.FR', 'monserviceclient.e-cps@asipsante.fr', 'foo@', 'a b@c.fr', '@b.fr', 'a@b', 'a@-b.fr', "o'brien@b.fr", 'a..b@c.fr'];
    expect(emails.filter((e) => email(e) !== isEmail(e))).toEqual([]);
  });
});
