import { describe, expect, it } from 'vitest';
import { telOf, isEmail } from '../../src/core/addresses.ts';
import { frenchSpacing, isSafeUrl, parseInline, plainText } from '../../src/core/index.ts';
import { textProblems } from '../../src/core/text.ts';

describe('the inline subset', () => {
  it('parses bold, links, bare addresses and e-mails, keeping the rest as text', () => {
    expect(parseInline('Cliquez sur **Connexion** puis [le guide](https://a.fr/x_(y)), voir https://b.fr/c. Écrivez à a.b@c.fr.')).toEqual([
      { type: 'text', value: 'Cliquez sur ' },
      { type: 'strong', children: [{ type: 'text', value: 'Connexion' }] },
      { type: 'text', value: ' puis ' },
      { type: 'link', href: 'https://a.fr/x_(y)', children: [{ type: 'text', value: 'le guide' }] },
      { type: 'text', value: ', voir ' },
      { type: 'link', href: 'https://b.fr/c', children: [{ type: 'text', value: 'https://b.fr/c' }] },
      { type: 'text', value: '. Écrivez à ' },
      { type: 'link', href: 'mailto:a.b@c.fr', children: [{ type: 'text', value: 'a.b@c.fr' }] },
      { type: 'text', value: '.' },
    ]);
    expect(plainText('**Oui** [ici](https://a.fr)')).toBe('Oui ici');
  });

  it('finds raw HTML and unsafe links, and leaves a lone < alone', () => {
    expect(textProblems('a <script>x</script>').map((p) => p.found)).toEqual(['<script>', '</script>']);
    expect(textProblems('<img src=x onerror=alert(1)>').map((p) => p.kind)).toEqual(['raw-html']);
    expect(textProblems('<!-- x -->').map((p) => p.kind)).toEqual(['raw-html']);
    expect(textProblems('[x](javascript:alert(1))').map((p) => p.found)).toEqual(['javascript:alert(1)']);
    expect(textProblems('3 < 4 et 5 > 2')).toEqual([]);
  });

  it('allows https, mailto and tel links only', () => {
    expect(['https://a.fr', 'mailto:a@b.fr', 'tel:+33825852000'].every(isSafeUrl)).toBe(true);
    expect(['http://a.fr', 'javascript:alert(1)', 'data:text/html,x', '/relatif', 'https://', 'https://localhost-sans-point'].some(isSafeUrl)).toBe(false);
  });
});

describe('contact formats', () => {
  it('turns French numbers into tel: form', () => {
    expect(telOf('0 825 85 2000')).toBe('+33825852000');
    expect(telOf('08.09.40.00.82')).toBe('+33809400082');
    expect(telOf('+33 8 09 40 00 82')).toBe('+33809400082');
    expect(telOf('3646')).toBe('3646');
    expect(telOf('0 825 85 200')).toBeUndefined();
    expect(telOf('appelez-nous')).toBeUndefined();
  });
  it('checks e-mails', () => {
    expect(isEmail('monserviceclient.e-cps@asipsante.fr')).toBe(true);
    expect(isEmail('foo@')).toBe(false);
    expect(isEmail('a b@c.fr')).toBe(false);
  });
});

describe('French spacing', () => {
  it('puts no-break spaces before : ; ! ? and inside « », leaving addresses and times alone', () => {
    expect(frenchSpacing('Attention: « oui»; vraiment! https://a.fr/?q=1 à 12:30 ?')).toBe(
      'Attention\u00a0: «\u202foui\u202f»\u202f; vraiment\u202f! https://a.fr/?q=1 à 12:30\u202f?',
    );
  });
  it('is idempotent', () => {
    const once = frenchSpacing('Question : « oui » ?');
    expect(frenchSpacing(once)).toBe(once);
  });
});
