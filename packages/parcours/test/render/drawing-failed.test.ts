/**
 * When Chromium itself fails to draw a diagram (its page gone, or no answer in time), the build
 * says so in French and names the diagram, rather than passing on puppeteer's English
 * ("Runtime.callFunctionOn timed out. Increase the 'protocolTimeout' setting…"), and the
 * renderer does not draw it a second time the same way (mermaid-svg.ts). A real Chromium, a real Mermaid page.
 */
import { expect, it } from 'vitest';
import puppeteerCore from 'puppeteer-core';
import { findChromium, launchBrowser } from '../../src/render/browser.ts';
import { DrawingFailed, preparePage, renderInPage, serveBundle } from '../../src/render/mermaid-page.ts';

const job = { id: 'logigramme-essai', text: 'flowchart TD\n  a["Question ?"] -->|Oui| b("Fin")' };

it('a page gone: a French error that names the diagram', { timeout: 120_000 }, async () => {
  const { server, url } = await serveBundle();
  const { browser, close } = await launchBrowser();
  try {
    const page = await browser.newPage();
    await preparePage(page, url, true);
    // Drawn while it answers…
    expect(await renderInPage(page, job)).toContain('<svg');
    await page.close();
    // …not once it is gone.
    const error = await renderInPage(page, job).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DrawingFailed);
    expect((error as Error).message).toMatch(/^Le logigramme «\u202flogigramme-essai\u202f» n’a pas pu être dessiné : Chromium a cessé de répondre \(.+\)\. Relancez la construction\.$/);
  } finally {
    await close();
    server.close();
  }
});

it('no answer in time: a French error that names the diagram and says what to do', { timeout: 120_000 }, async () => {
  const found = await findChromium();
  if (!('path' in found)) throw new Error(`Chromium introuvable : ${found.tried.join(', ')}`);
  const { server, url } = await serveBundle();
  // The build's own timeout is puppeteer's default (180 s): a shorter one here, to the same effect.
  const browser = await puppeteerCore.launch({ executablePath: found.path, headless: true, args: ['--no-sandbox', '--disable-gpu'], protocolTimeout: 2_000, pipe: true });
  try {
    const page = await browser.newPage();
    await preparePage(page, url, true);
    // A Mermaid that never finishes, as the drawing of a journey too large for the machine.
    await page.evaluate(() => {
      (globalThis as unknown as { mermaid: { render: () => Promise<never> } }).mermaid.render = () => new Promise<never>(() => undefined);
    });
    const error = await renderInPage(page, job).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DrawingFailed);
    expect((error as Error).message).toMatch(/^Le logigramme «\u202flogigramme-essai\u202f» n’a pas été dessiné à temps : Chromium n’a pas répondu \(.*timed out.*\)\. .*scindez-le en plusieurs parcours, puis relancez la construction\.$/);
  } finally {
    await browser.close();
    server.close();
  }
});
