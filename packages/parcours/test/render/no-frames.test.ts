/**
 * A build's Chromium makes no frames (render/browser.ts, NO_FRAMES): its pages are drawn and
 * printed, never shown. Here, in a real headless Chromium: a page of the build's browser never
 * gets a frame (`requestAnimationFrame` never fires), while one of a browser launched with frames
 * does (so the first assertion can fail); and what printing waits for still comes without frames:
 * fonts, a picture decoded, the PDF itself. (That a build's diagrams and sheets are the same
 * bytes with it: the build tests, which all draw and print through this browser.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'puppeteer';
import { launchBrowser, sharedBrowser, type SharedBrowser } from '../../src/render/browser.ts';

// A 1×1 PNG, the smallest picture a sheet could hold.
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** Whether a frame comes to a new page of `browser` within 1.5 s. */
async function frameComes(browser: Browser): Promise<boolean> {
  const page = await browser.newPage();
  try {
    await page.setContent('<p>Bonjour</p>', { waitUntil: 'load' });
    return await page.evaluate(() => new Promise<boolean>((resolve) => {
      requestAnimationFrame(() => resolve(true));
      setTimeout(() => resolve(false), 1500);
    }));
  } finally {
    await page.close();
  }
}

describe('a build’s Chromium makes no frames', () => {
  let shared: SharedBrowser;
  let build: Browser;
  beforeAll(async () => {
    shared = sharedBrowser();
    build = await shared.browser();
  });
  afterAll(async () => shared?.close());

  it('no frame comes to its pages; one comes to those of a browser launched with frames', async () => {
    expect(await frameComes(build)).toBe(false);
    const withFrames = await launchBrowser();
    try {
      expect(await frameComes(withFrames.browser)).toBe(true);
    } finally {
      await withFrames.close();
    }
  });

  it('fonts load, a picture decodes and a page prints without a frame', async () => {
    const page = await build.newPage();
    try {
      await page.setContent(`<p style="font-family: 'Liberation Sans'">Fiche pratique</p><img src="${PNG}" alt="">`, { waitUntil: 'load' });
      const ready = await page.evaluate(async () => {
        const img = document.querySelector('img')!;
        await Promise.all([document.fonts.ready, img.decode()]);
        return img.naturalWidth;
      });
      expect(ready).toBe(1);
      const pdf = await page.pdf({ format: 'A4' });
      expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    } finally {
      await page.close();
    }
  });
});
