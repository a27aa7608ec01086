/**
 * DOMPurify remembering (mermaid-page.ts, `rememberSanitized`): Mermaid's pages clean labels
 * with a DOMPurify that answers a text it has already cleaned from memory. Here two real
 * DOMPurify instances run side by side in Chromium on the same calls, one remembering and one
 * as is, and must give the same results, through hooks added and removed, default options set
 * and cleared, options that cannot be keyed and results that are nodes. (That drawing with it
 * changes no byte is diagrams.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer';
import { launchBrowser } from '../../src/render/browser.ts';
import { MERMAID_BUNDLE, quicker, rememberSanitized } from '../../src/render/mermaid-page.ts';

// The DOMPurify Mermaid depends on (its bundle carries a copy of the same package).
const fromMermaid = createRequire(MERMAID_BUNDLE);
const PURIFY = readFileSync(join(dirname(fromMermaid.resolve('dompurify')), 'purify.js'), 'utf8');

type Step = [kind: 'sanitize', text: unknown, options?: unknown] | [kind: 'hook' | 'unhook' | 'setConfig' | 'clearConfig'];

const HOSTILE = [
  'Oui',
  'a < b > c',
  '<img src=x onerror=alert(1)>Photo',
  '<b>gras</b><script>alert(1)</script>',
  '<a href="https://exemple.fr" target="_blank">lien</a>',
  '<a href="javascript:alert(1)">lien</a>',
  '<style>*{color:red}</style>texte',
  '<svg><foreignObject><div onclick="x()">t</div></foreignObject></svg>',
  '',
];

/** The same calls on both instances; each step's result as text (nodes serialised), and how often the remembering one really cleaned. */
async function run(page: Page, steps: Step[]): Promise<{ plain: string[]; remembering: string[]; cleaned: number; plainCleaned: number }> {
  return page.evaluate(
    (purifySource, rememberSource, steps) => {
      // DOMPurify's script sets `globalThis.DOMPurify`, a new instance each time it runs.
      const make = () => {
        new Function(purifySource)();
        return (globalThis as unknown as { DOMPurify: any }).DOMPurify;
      };
      const plain = make();
      const remembering = make();
      new Function('purify', `(${rememberSource})(purify);`)(remembering);
      const counts = { plain: 0, remembering: 0 };
      const counters = { plain: () => void counts.plain++, remembering: () => void counts.remembering++ };
      // Counts real cleaning: DOMPurify runs this hook once per call it does not answer from memory.
      plain.addHook('beforeSanitizeElements', counters.plain);
      remembering.addHook('beforeSanitizeElements', counters.remembering);
      const step = (purify: any, which: 'plain' | 'remembering', [kind, text, options]: unknown[]) => {
        const before = counts[which];
        if (kind === 'hook') purify.addHook('afterSanitizeAttributes', (node: Element) => node.setAttribute?.('data-vu', '1'));
        else if (kind === 'unhook') purify.removeHook('afterSanitizeAttributes');
        else if (kind === 'setConfig') purify.setConfig({ FORBID_TAGS: ['b'] });
        else if (kind === 'clearConfig') purify.clearConfig();
        else {
          // Regular expressions do not cross into the page: made there from `regexp:<source>`.
          if (options && typeof options == 'object')
            for (const [key, value] of Object.entries(options)) if (typeof value == 'string' && value.startsWith('regexp:')) (options as Record<string, unknown>)[key] = new RegExp(value.slice(7));
          const result = options === undefined ? purify.sanitize(text) : purify.sanitize(text, options);
          const shown = typeof result === 'string' ? `texte : ${result}` : `nœud : ${new XMLSerializer().serializeToString(result)}`;
          return { shown, cleaned: counts[which] > before };
        }
        return { shown: kind, cleaned: false };
      };
      const out = { plain: [] as string[], remembering: [] as string[], cleaned: 0, plainCleaned: 0 };
      for (const s of steps as unknown[][]) {
        const a = step(plain, 'plain', s);
        const b = step(remembering, 'remembering', s);
        out.plain.push(a.shown);
        out.remembering.push(b.shown);
        if (b.cleaned) out.cleaned++;
        if (a.cleaned) out.plainCleaned++;
      }
      return out;
    },
    PURIFY,
    rememberSanitized.toString(),
    steps as unknown[],
  );
}

describe('DOMPurify remembering gives what DOMPurify gives', () => {
  let browser: Browser;
  let close: () => Promise<void>;
  let page: Page;
  beforeAll(async () => {
    ({ browser, close } = await launchBrowser());
    page = await browser.newPage();
  });
  afterAll(async () => close?.());

  it('is in place in the pages for the Mermaid this toolkit pins, with the quick copy and getConfig compiled', () => {
    expect(quicker()).toEqual({ copy: true, sanitize: true, config: true, cleanInPlace: true });
  });

  it('on hostile texts, with Mermaid’s three kinds of options, each text twice: the second time from memory', async () => {
    const kinds = [undefined, { FORBID_TAGS: ['style'] }, { ADD_TAGS: ['foreignobject'], ADD_ATTR: ['dominant-baseline'], HTML_INTEGRATION_POINTS: { foreignobject: true } }];
    const steps: Step[] = [];
    for (const options of kinds) for (const text of HOSTILE) steps.push(['sanitize', text, options], ['sanitize', text, options]);
    const result = await run(page, steps);
    expect(result.remembering).toEqual(result.plain);
    // DOMPurify as is cleans each call holding markup (a plain text it hands back at once);
    // with memory, only the first of each pair.
    expect(result.plainCleaned).toBeGreaterThanOrEqual(steps.length - 6 * 2);
    expect(result.cleaned).toBe(result.plainCleaned / 2);
  });

  it('forgets when a hook or the default options change, so the next result is the new one', async () => {
    const link = '<a href="https://exemple.fr" target="_blank">lien</a>';
    const bold = '<b>gras</b>';
    const steps: Step[] = [
      ['sanitize', link], ['hook'], ['sanitize', link], ['unhook'], ['sanitize', link],
      ['sanitize', bold], ['setConfig'], ['sanitize', bold], ['clearConfig'], ['sanitize', bold],
    ];
    const result = await run(page, steps);
    expect(result.remembering).toEqual(result.plain);
    // The hook marks the link, the default options forbid <b>: results that memory must not hide.
    expect(result.plain[2]).toContain('data-vu');
    expect(result.plain[4]).not.toContain('data-vu');
    expect(result.plain[7]).toBe('texte : gras');
    expect(result.plain[9]).toBe('texte : <b>gras</b>');
  });

  it('leaves to DOMPurify, each time, what it cannot key or must not share', async () => {
    const text = '<p>un <i>paragraphe</i></p>';
    const link = '<a href="https://exemple.fr">lien</a>';
    const steps: Step[] = [
      // A node result: the caller may change it.
      ['sanitize', text, { RETURN_DOM_FRAGMENT: true }], ['sanitize', text, { RETURN_DOM_FRAGMENT: true }],
      // Options holding a regular expression: not plain data (as JSON, both would read `{}`).
      ['sanitize', link, { ALLOWED_URI_REGEXP: 'regexp:^ftp:' }], ['sanitize', link, { ALLOWED_URI_REGEXP: 'regexp:^ftp:' }],
      ['sanitize', link, { ALLOWED_URI_REGEXP: 'regexp:^https:' }],
    ];
    const result = await run(page, steps);
    expect(result.remembering).toEqual(result.plain);
    expect(result.plain[2]).not.toEqual(result.plain[4]);
    expect(result.cleaned).toBe(steps.length);
  });
});
