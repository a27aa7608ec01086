/**
 * Mermaid's last cleaning done in place (mermaid-page.ts, `sanitizeLater`): in a page made
 * quicker, Mermaid hands the SVG's text to be cleaned later, and `renderInPage` has Mermaid's
 * DOMPurify clean, with Mermaid's options, the elements it parses from that text. Here unsafe
 * markup is slipped into the text Mermaid hands over (as a bug of Mermaid's would put it there)
 * and must not reach the SVG, whether the text kept is the one returned (cleaned in place) or
 * not (cleaned whole); the same markup slipped in after the cleaning reaches it, so the test
 * can see it. (That the cleaning changes no byte of a real drawing: diagrams.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { Browser, Page } from 'puppeteer';
import { launchBrowser } from '../../src/render/browser.ts';
import { preparePage, quicker, renderInPage, serveBundle } from '../../src/render/mermaid-page.ts';

const DIAGRAM = { id: 'nettoyage', text: 'flowchart TD\n  a{{"Question ?"}} -->|"Oui"| b(["Réussite"])\n' };

type Slip = 'before-cleaning' | 'kept-differs' | 'after-cleaning';

/** Draws DIAGRAM in a fresh quick page whose `defer` lets unsafe markup in, the way `slip` says. */
async function drawWithSlip(browser: Browser, url: string, slip: Slip): Promise<{ svg: string; leftOver: boolean }> {
  const page: Page = await browser.newPage();
  try {
    expect(await preparePage(page, url, true)).toBe(true);
    await page.evaluate((slip) => {
      type Later = { defer: (purify: unknown, text: string, options: object) => string; take: () => unknown };
      const later = (globalThis as unknown as { __parcoursSanitizeLater: Later }).__parcoursSanitizeLater;
      const defer = later.defer;
      const unsafe = (text: string) =>
        text.replace(/^<svg /, '<svg onload="alert(2)" ').replace(/<\/svg>$/, '<script>alert(1)</script><a href="javascript:alert(3)"><text>x</text></a></svg>');
      later.defer = (purify, text, options) => {
        if (slip === 'before-cleaning') return defer(purify, unsafe(text), options);
        const kept = slip === 'kept-differs' ? defer(purify, text, options) : (later.take(), text);
        return unsafe(kept);
      };
    }, slip);
    const svg = await renderInPage(page, DIAGRAM);
    const leftOver = await page.evaluate(() => (globalThis as unknown as { __parcoursSanitizeLater: { take: () => unknown } }).__parcoursSanitizeLater.take() !== undefined);
    return { svg, leftOver };
  } finally {
    await page.close();
  }
}

describe('Mermaid’s last cleaning, done in place on the SVG the page parses', () => {
  let browser: Browser;
  let close: () => Promise<void>;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    ({ browser, close } = await launchBrowser());
    ({ server, url } = await serveBundle());
  });
  afterAll(async () => {
    server?.close();
    await close?.();
  });

  it('is in place for the Mermaid this toolkit pins', () => {
    expect(quicker().cleanInPlace).toBe(true);
  });

  it('removes what Mermaid’s own pass removes from the text it hands over, and leaves nothing kept', async () => {
    const { svg, leftOver } = await drawWithSlip(browser, url, 'before-cleaning');
    expect(svg).toContain('Réussite');
    expect(svg).not.toMatch(/<script|onload|javascript:/i);
    expect(leftOver).toBe(false);
  });

  it('cleans the whole text when the text returned is not the one kept (fails closed)', async () => {
    const { svg } = await drawWithSlip(browser, url, 'kept-differs');
    expect(svg).toContain('Réussite');
    expect(svg).not.toMatch(/<script|onload|javascript:/i);
  });

  it('the markup slipped in would reach the SVG if nothing cleaned it (so the two above can fail)', async () => {
    const { svg } = await drawWithSlip(browser, url, 'after-cleaning');
    expect(svg).toMatch(/<script>alert\(1\)<\/script>/);
    expect(svg).toContain('onload="alert(2)"');
  });
});
