/**
 * A site published under a path of its host (https://host/aide/, as regional portals do): a
 * small content project built through the real command with that public address, its output
 * served under /aide/ only (as its host would), and browsed in a real Chromium from the home
 * page. Every page, stylesheet, script, search file, image, diagram link and PDF answers; the
 * search finds pages and leads to them; the standalone diagrams and the sheets point readers to
 * the right public addresses.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HTTPResponse, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../../src/render/browser.ts';
import { serveDir } from '../../src/render/static-server.ts';
import { runBuild, type BuildRun } from '../helpers/build.ts';
import { TOOLKIT } from '../helpers/cli.ts';
import { pdftotext } from '../pdf/read-pdf.ts';

const PUBLIC = 'https://aide.agence.test/aide/';
const project = mkdtempSync(join(tmpdir(), 'parcours-base-'));
const out = join(project, 'site');
let run: BuildRun;
let browser: LaunchedBrowser;
let server: Awaited<ReturnType<typeof serveDir>>;

beforeAll(async () => {
  cpSync(join(TOOLKIT, 'test', 'fixtures', 'agence-ouest'), project, { recursive: true, filter: (src) => !src.includes('.cache') });
  const config = readFileSync(join(project, 'parcours.yaml'), 'utf8').replace(/^site:\n/m, `site:\n  url: ${PUBLIC}\n`);
  writeFileSync(join(project, 'parcours.yaml'), config);
  // An editor's link written from the site's root, as in a plain Markdown site.
  writeFileSync(join(project, 'content', 'a-propos.mdx'), '---\ntitle: À propos\ndescription: Qui publie ce site.\n---\n\nLes numéros sont sur la [page des contacts](/contacts/).\n');
  run = runBuild(project, out, { env: { PARCOURS_CACHE: join(project, '.cache') } });
  browser = await launchBrowser(undefined, 'browser');
  server = await serveDir(out, { base: '/aide/' });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Same-origin addresses a page links to or loads: <a> (HTML and SVG), <link>, <script>, <img>, <form action>. */
async function addressesOn(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const urls = [
      ...[...document.querySelectorAll('a, link[href]')].map((e) => e.getAttribute('href') ?? e.getAttribute('xlink:href')),
      ...[...document.querySelectorAll('script[src], img[src]')].map((e) => e.getAttribute('src')),
      ...[...document.querySelectorAll('form[action]')].map((e) => e.getAttribute('action')),
    ];
    return urls.filter((u): u is string => !!u).map((u) => new URL(u, document.baseURI)).filter((u) => u.origin === location.origin).map((u) => u.origin + u.pathname);
  });
}

describe('a site whose public address has a path (https://host/aide/), served under /aide/', () => {
  it('builds', () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(server.url).toMatch(/\/aide$/);
  });

  it('every page reached from the home page, and everything it loads or links to, answers (no 404)', async () => {
    const failed: string[] = [];
    const seen = new Set<string>([`${server.url}/`]);
    const queue = [`${server.url}/`];
    const others = new Set<string>();
    const page = await browser.browser.newPage();
    page.on('response', (response: HTTPResponse) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    try {
      while (queue.length) {
        const url = queue.shift()!;
        const response = await page.goto(url, { waitUntil: 'networkidle0' });
        expect(response?.status(), url).toBe(200);
        for (const target of await addressesOn(page)) {
          if (seen.has(target) || others.has(target)) continue;
          if (target.endsWith('/') || target.endsWith('.html')) {
            seen.add(target);
            queue.push(target);
          } else others.add(target);
        }
      }
      // PDFs, standalone SVGs, icons: fetched as a browser would download them.
      for (const target of others) {
        const status = await page.evaluate(async (u) => (await fetch(u)).status, target);
        if (status !== 200) failed.push(`${status} ${target}`);
      }
    } finally {
      await page.close();
    }
    expect(failed).toEqual([]);
    expect(server.notFound).toEqual([]);
    // Every page of the site was reached, under /aide/, and the PDFs and stylesheets were checked.
    const paths = [...seen].map((u) => new URL(u).pathname);
    expect(paths).toEqual(expect.arrayContaining(['/aide/', '/aide/recherche/', '/aide/contacts/', '/aide/plan-du-site/', '/aide/parcours/partage/', '/aide/parcours/partage/vue-d-ensemble/', '/aide/parcours/partage/logigramme/', '/aide/procedures/partager-agenda/', '/aide/a-propos/']));
    expect(paths.every((p) => p.startsWith('/aide/'))).toBe(true);
    const loaded = [...others].map((u) => new URL(u).pathname);
    expect(loaded.some((p) => /^\/aide\/fiches\/.+\.pdf$/.test(p))).toBe(true);
    expect(loaded.some((p) => /^\/aide\/_astro\/.+\.css$/.test(p))).toBe(true);
  });

  it('the diagram’s boxes link to the journey’s pages under /aide/', async () => {
    const page = await browser.browser.newPage();
    try {
      await page.goto(`${server.url}/parcours/partage/vue-d-ensemble/`);
      const links = await page.$$eval('svg a', (as) => as.map((a) => a.getAttribute('href') ?? a.getAttribute('xlink:href')));
      expect(links.length).toBeGreaterThan(2);
      for (const link of links) expect(link).toMatch(/^\/aide\/parcours\/partage\//);
      await Promise.all([page.waitForNavigation(), page.click('svg a')]);
      expect(new URL(page.url()).pathname).toMatch(/^\/aide\/parcours\/partage\//);
      expect(await page.$eval('h1', (h) => h.textContent!.length)).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });

  it('search finds pages and its results lead to them, under /aide/', async () => {
    const page = await browser.browser.newPage();
    try {
      await page.goto(`${server.url}/recherche/?q=${encodeURIComponent('agenda')}`, { waitUntil: 'networkidle0' });
      await page.waitForSelector('.pagefind-ui__result-link', { timeout: 20_000 });
      const shown = await page.$$eval('.pagefind-ui__result-link', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      expect(shown.length).toBeGreaterThan(0);
      for (const path of shown) expect(path).toMatch(/^\/aide\//);
      await Promise.all([page.waitForNavigation(), page.click('.pagefind-ui__result-link')]);
      expect(new URL(page.url()).pathname).toBe(shown[0]);
      expect(server.notFound).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the offline copy is scoped to /aide/ and serves its pages there without network', async () => {
    const context = await browser.browser.createBrowserContext();
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/parcours/partage/`, { waitUntil: 'load' });
      const scope = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope));
      expect(scope).toBe(`${server.url}/`);
      await page.setOfflineMode(true);
      const response = await page.goto(`${server.url}/contacts/`, { waitUntil: 'load' });
      expect(response?.fromServiceWorker()).toBe(true);
      expect(await page.$eval('h1', (h) => h.textContent)).toMatch(/Contacts/);
    } finally {
      await context.close();
    }
  });

  it('the standalone SVG links to the public addresses of the pages, which exist', () => {
    const svg = readFileSync(join(out, 'diagrams', 'partage.svg'), 'utf8');
    const links = [...svg.matchAll(/\s(?:xlink:)?href="([^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(2);
    for (const link of links) {
      expect(link.startsWith(`${PUBLIC}parcours/partage/`), link).toBe(true);
      expect(existsSync(join(out, link.slice(PUBLIC.length), 'index.html')), link).toBe(true);
    }
  });

  it('the sheet prints the online address with its path', () => {
    const file = join(out, 'fiches', 'partager-agenda.pdf');
    expect(pdftotext(file).replace(/\s+/g, ' ')).toContain('aide.agence.test/aide/procedures/partager-agenda');
  });
});
