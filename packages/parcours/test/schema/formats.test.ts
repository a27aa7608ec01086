/**
 * The editor's patterns for phone numbers, e-mails and addresses accept exactly what
 * `parcours check` accepts: each is compared with check's own rule, value by value, on the
 * real contacts, the broken corpus and the usual mistakes and tricks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { discover } from '../../src/core/discover.ts';
import { isEmail, telOf } from '../../src/core/addresses.ts';
import { EMAIL_PATTERN, PHONE_PATTERN, URL_PATTERN } from '../../src/core/schema/formats.ts';
import { isSafeUrl } from '../../src/core/text.ts';
import { ECPS, TOOLKIT } from '../helpers/cli.ts';

// JSON Schema patterns are read with the `u` flag by ajv and by yaml-language-server.
const matches = (pattern: string) => (value: string) => new RegExp(pattern, 'u').test(value);

/** Every phone, e-mail and address written in the real content and in the test fixtures. */
function written(): { phones: string[]; emails: string[]; urls: string[] } {
  const found = { phones: [] as string[], emails: [] as string[], urls: [] as string[] };
  const broken = join(TOOLKIT, 'test', 'fixtures', 'broken');
  const roots = [join(ECPS, 'flows'), join(TOOLKIT, 'test', 'fixtures', 'adversarial', 'flows'), ...readdirSync(broken).map((c) => join(broken, c, 'flows'))];
  const walk = (value: unknown, key: string | number | undefined, parent: string | number | undefined) => {
    if (typeof value === 'string') {
      if (key === 'number' && parent === 'phone') found.phones.push(value);
      else if (key === 'email') found.emails.push(value);
      else if (typeof key === 'string' && ['url', 'faq', 'web', 'portal', 'wiki'].includes(key)) found.urls.push(value);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, Array.isArray(value) ? Number(k) : k, key);
    }
  };
  for (const root of roots) {
    for (const file of discover(root)) {
      try {
        walk(parse(readFileSync(file.path, 'utf8')), undefined, undefined);
      } catch {
        // A fixture that is not YAML on purpose.
      }
    }
  }
  return found;
}
const WRITTEN = written();

const PHONES = [...WRITTEN.phones,
  '0 809 40 00 82', '0809400082', '08.09.40.00.82', '08-09-40-00-82', '(0)8 09 40 00 82', '0 825 85 2000',
  '+33 8 09 40 00 82', '+33809400082', '+33 (0)8 09 40 00 82', '+ 33 8 09 40 00 82', '+3 3 809400082',
  '+32 2 555 12 12', '+1 202 555 0143', '+44 20 7946 0958', '+123456', '+1234567', '+123456789012345', '+1234567890123456',
  '3646', '36 46', '3237', '1234', '36460', '364', '0 809 40 00 8', '0 809 40 00 821', '00 809 40 00 82', '0 0809400082',
  '+33 0 809 40 00 82', '+33 8 09 40 00 8', '+3 3 8 09 40 00 82 1', '+0 123 456 789', '+33', '+', '', ' ', '0\u00a0809\u00a040\u00a000\u00a082',
  '0\u202f809\u202f40\u202f00\u202f82', '0 809 40 00 82 ', ' 0 809 40 00 82', '0 809 40 00 82 (appel gratuit)', 'O 809 40 00 82',
  '0 809 40 00 82\n', '+33\t8 09 40 00 82', '01 23 45 67 89', '09 70 80 90 00', '0 800 00 00 00', '+262 262 00 00 00', '+33(0)1 23 45 67 89',
];

const EMAILS = [...WRITTEN.emails,
  'monserviceclient.e-cps@asipsante.fr', 'a@b.fr', 'A.B@EXEMPLE.FR', 'prenom.nom+tag@sous.domaine.gouv.fr', "o'brien@exemple.ie",
  'x@localhost', 'x@-exemple.fr', 'x@exemple-.fr', 'x@exemple..fr', '.x@exemple.fr', 'x.@exemple.fr', 'x..y@exemple.fr',
  'mailto:a@b.fr', 'a b@c.fr', 'a@b c.fr', 'a@', '@b.fr', 'a@b', 'é@exemple.fr', 'a@exémple.fr', 'a@b.fr ', ' a@b.fr', '',
  'a@b.f', 'a@1.2', 'support@ans', 'a@b.fr.', '"a"@b.fr', 'a@[1.2.3.4]', 'a{b}@c.fr', 'a|b@c.fr', 'ſ@exemple.fr', 'K@exemple.fr',
];

const URLS = [...WRITTEN.urls,
  'https://esante.gouv.fr/securite/e-cps', 'https://sante-paca.fr/', 'https://tutos.iess.fr/', 'https://www.youtube.com/watch?v=LdCD9dCDWzM',
  'HTTPS://EXEMPLE.FR', 'https://localhost', 'https://localhost:8080/x', 'https://exemple', 'https://exemple.fr:8443/a?b=c#d',
  'https://user:pass@exemple.fr/', 'https://a@b@exemple.fr/', 'https://exemple.fr/a b', 'https://exemple.fr/<script>', 'https://exemple.fr/"x"',
  'https://exem ple.fr', 'https://exem<ple.fr', 'https://exem"ple.fr', 'https://[::1]/', 'https://1.2.3.4/', 'https:exemple.fr', 'https:/exemple.fr',
  'https:\\\\exemple.fr', 'https://exemple.fr\\chemin', ' https://exemple.fr', 'https://exemple.fr ', 'https://', 'https:', 'https://.',
  'https://.fr', 'https://fr.', 'https://exemple.fr:', 'https://exemple.fr:abc', 'https://exem^ple.fr', 'https://exem|ple.fr',
  'http://exemple.fr', 'ftp://exemple.fr', 'javascript:alert(1)', 'data:text/html,x', '//exemple.fr', 'exemple.fr', 'www.exemple.fr', '/chemin',
  'mailto:a@b.fr', 'MAILTO:a@b.fr', 'mailto:', 'mailto: ', ' mailto:', 'tel:+33809400082', 'tel:', 'tel:3646', 'tel:0 809 40 00 82', 'mailto:<x>',
  'https://exémple.fr/', 'https://xn--exmple-cva.fr/', 'https://ex_ample.fr', 'https://exemple.fr/#', 'https://exemple.fr?', '',
];

describe.each([
  ['phone numbers', PHONE_PATTERN, (v: string) => telOf(v) !== undefined, PHONES],
  ['e-mail addresses', EMAIL_PATTERN, isEmail, EMAILS],
  ['addresses (url, faq, web, portal, wiki)', URL_PATTERN, isSafeUrl, URLS],
] as const)('%s', (_, pattern, rule, values) => {
  it.each(values.map((v) => [JSON.stringify(v), v]))('%s: the pattern agrees with check', (_, value) => {
    expect(matches(pattern)(value)).toBe(rule(value));
  });

  it('the corpus holds values both accepted and refused', () => {
    expect(values.some(rule)).toBe(true);
    expect(values.some((v) => !rule(v))).toBe(true);
  });
});
