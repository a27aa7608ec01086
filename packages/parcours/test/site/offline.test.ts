/**
 * The help without network (issue 18), in a real Chromium on a copy of the built e-CPS site:
 * once a reader has opened a journey, its pages, the contacts, the identifier helper and the
 * search open with the network cut, from the service worker the build wrote; the page says it
 * is offline; a new build replaces the copy (the cache is named by the content's version) and
 * leaves nothing of the old one.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../../src/render/browser.ts';
import { serveDir } from '../../src/render/static-server.ts';
import { precacheManifest, writeServiceWorker } from '../../src/stages/offline.ts';

const siteDir = join(mkdtempSync(join(tmpdir(), 'parcours-offline-')), 'site');
let browser: LaunchedBrowser;
let server: Awaited<ReturnType<typeof serveDir>>;
beforeAll(async () => {
  // A copy: the last test builds it anew.
  cpSync(inject('siteDir'), siteDir, { recursive: true });
  browser = await launchBrowser(undefined, 'browser');
  server = await serveDir(siteDir);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A reader's fresh browser (its own service workers and caches), on a first page, the offline copy installed. */
async function reader(path: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.browser.createBrowserContext();
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
  // Ready = active: Workbox activates the worker once every file of the copy is stored.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  return { context, page };
}

const versionOf = (dir: string) => /suffix: "([0-9a-f]+)" \+/.exec(readFileSync(join(dir, 'sw.js'), 'utf8'))![1]!;

describe('with the network cut after opening a journey', () => {
  it('every page of the journey, the contacts, the identifier helper and the search open', async () => {
    const { context, page } = await reader('/parcours/activation/');
    try {
      await page.setOfflineMode(true);
      const journey = readdirSync(join(siteDir, 'parcours', 'activation'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('index.html'))
        .map((f) => `/parcours/activation/${f.replace(/index\.html$/, '')}`);
      expect(journey.length).toBeGreaterThan(15);
      for (const path of [...journey, '/contacts/', '/aide/', '/']) {
        const response = await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
        expect(response?.status(), path).toBe(200);
        expect(response?.fromServiceWorker(), path).toBe(true);
        expect(await page.$eval('h1', (h) => h.textContent!.trim().length), path).toBeGreaterThan(0);
        // Its stylesheets came too: the page is laid out, not bare HTML.
        expect(await page.evaluate(() => [...document.styleSheets].every((s) => s.cssRules.length > 0)), path).toBe(true);
        // The page says, discreetly, that it is the copy.
        expect(await page.$eval('#hors-ligne', (p) => (p as HTMLElement).hidden), path).toBe(false);
      }
      // The identifier helper still works.
      await page.goto(`${server.url}/aide/`, { waitUntil: 'load' });
      await page.type('#identifiant-national input', '123456789');
      await page.$eval('#identifiant-national input', (e) => e.dispatchEvent(new Event('change')));
      expect(await page.$eval('#identifiant-national output', (o) => o.textContent)).toBe('0123456789');
      // And the search, from the search page with the home page's query.
      await page.goto(`${server.url}/recherche/?q=${encodeURIComponent('QR code')}`, { waitUntil: 'load' });
      await page.waitForSelector('.pagefind-ui__result-link', { timeout: 20_000 });
      expect((await page.$$('.pagefind-ui__result-link')).length).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });

  it('a reader who never opened the site gets no page (the network is really cut)', async () => {
    const context = await browser.browser.createBrowserContext();
    const page = await context.newPage();
    try {
      await page.setOfflineMode(true);
      await expect(page.goto(`${server.url}/contacts/`)).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
    } finally {
      await context.close();
    }
  });

  it('online, the notice stays hidden', async () => {
    const { context, page } = await reader('/contacts/');
    try {
      expect(await page.$eval('#hors-ligne', (p) => (p as HTMLElement).hidden)).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe('the copy follows the content', () => {
  it('lists the pages, styles, scripts and search files, not the PDFs, in a stable order', () => {
    const urls = precacheManifest(siteDir).map((e) => e.url);
    expect(urls).toContain('parcours/activation/index.html');
    expect(urls).toContain('pagefind/pagefind-entry.json');
    expect(urls.some((u) => u.startsWith('_astro/') && u.endsWith('.css'))).toBe(true);
    expect(urls.filter((u) => u.endsWith('.pdf'))).toEqual([]);
    expect(urls).toEqual([...urls].sort());
  });

  it('a new build replaces the whole copy: the new page is shown offline, no cache of the old version stays', async () => {
    const { context, page } = await reader('/contacts/');
    try {
      const before = versionOf(siteDir);
      expect(await page.evaluate(() => caches.keys())).toEqual([expect.stringContaining(before)]);
      // A new build: a page changed, its worker written anew.
      const file = join(siteDir, 'contacts', 'index.html');
      writeFileSync(file, readFileSync(file, 'utf8').replace('<h1>', '<h1>Nouveau — '));
      writeServiceWorker(siteDir, '/');
      const after = versionOf(siteDir);
      expect(after).not.toBe(before);
      // The reader comes back: the browser checks the worker, the new one takes over.
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r!.update()));
      await page.waitForFunction((v) => caches.keys().then((keys) => keys.length === 1 && keys[0]!.includes(v)), { timeout: 30_000 }, after);
      await page.setOfflineMode(true);
      await page.goto(`${server.url}/contacts/`, { waitUntil: 'load' });
      expect(await page.$eval('h1', (h) => h.textContent)).toMatch(/^Nouveau — /);
    } finally {
      await context.close();
    }
  });
});
