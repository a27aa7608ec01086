/**
 * The built help site, served on localhost and read by a real headless Chromium: every path
 * clicked through with JavaScript off, axe-core on every page, every link resolving,
 * search, French typography, the security policy; screenshots kept for a person to look at.
 */
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadFlows, nodeUrl, simplePaths, pathAnswers, flowUrl } from '../../src/core/index.ts';
import { launchBrowser, type LaunchedBrowser } from '../../src/render/browser.ts';
import { ECPS, TOOLKIT } from '../helpers/cli.ts';
import { serveDir } from '../../src/render/static-server.ts';

const siteDir = inject('siteDir');
const { project } = loadFlows(join(ECPS, 'flows'));
const htmlFiles = readdirSync(siteDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.html'))
  .sort();
const pageUrls = htmlFiles.map((f) => `/${f.replace(/index\.html$/, '')}`);

let browser: LaunchedBrowser;
let server: Awaited<ReturnType<typeof serveDir>>;
beforeAll(async () => {
  browser = await launchBrowser(undefined, 'browser');
  server = await serveDir(siteDir);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function newPage(javaScript: boolean): Promise<Page> {
  const page = await browser.browser.newPage();
  await page.setJavaScriptEnabled(javaScript);
  return page;
}

describe('guided paths, with JavaScript off', () => {
  for (const flow of project.flows.values()) {
    for (const path of simplePaths(flow).paths) {
      it(`${flow.id}: ${pathAnswers(path, project)}`, async () => {
        const page = await newPage(false);
        try {
          await page.goto(`${server.url}/${flowUrl(flow.id)}`);
          for (const step of path.steps.slice(0, -1)) {
            // The page shown is the one of this step's node.
            expect(new URL(page.url()).pathname).toBe(`/${nodeUrl(flow, step.node)}`);
            const selector = step.node.kind === 'question' ? 'a.answer' : 'a.continue';
            const links = await page.$$eval(selector, (as) => as.map((a) => ({ text: a.textContent!.trim(), href: a.getAttribute('href') })));
            const link = step.node.kind === 'question' ? links.find((l) => l.text === frenchText(step.answer!)) : links[0];
            expect(link, `${selector} "${step.answer ?? 'continuer'}" on ${page.url()}`).toBeDefined();
            await Promise.all([page.waitForNavigation(), page.click(`${selector}[href="${link!.href}"]`)]);
          }
          expect(new URL(page.url()).pathname).toBe(`/${nodeUrl(flow, path.end)}`);
          const h1 = await page.$eval('h1', (h) => h.textContent!.trim());
          if (path.end.kind === 'success') expect(h1).toBe('C’est terminé');
          if (path.end.kind === 'support') {
            expect(h1).toBe('Contactez l’assistance');
            const tel = await page.$$eval('a[href^="tel:"]', (as) => as.map((a) => a.getAttribute('href')));
            const expected = path.end.contacts.map((id) => project.contacts.get(id)!.phone?.tel).filter(Boolean).map((t) => `tel:${t}`);
            expect(tel).toEqual(expected);
          }
        } finally {
          await page.close();
        }
      });
    }
  }
});

// Answers are shown with French spacing (no-break space before « ? »…).
function frenchText(text: string): string {
  return text.replace(/ ([:;!?])/g, (_, p) => `${p === ':' ? '\u00a0' : '\u202f'}${p}`);
}

/**
 * The pages a visitor can reach from the home page, following the site's own links: every
 * page must be one of them (no orphan), and every one of them is checked by axe.
 */
function crawlFromHome(): string[] {
  const seen = new Set<string>(['/']);
  const queue = ['/'];
  while (queue.length) {
    const url = queue.shift()!;
    const html = readFileSync(join(siteDir, url.endsWith('/') ? `${url}index.html` : url), 'utf8');
    for (const match of html.matchAll(/<a\s[^>]*href="([^"]+)"/g)) {
      const target = new URL(match[1]!.replace(/&amp;/g, '&'), `http://site${url}`);
      if (target.host !== 'site') continue;
      const path = decodeURIComponent(target.pathname);
      if (seen.has(path) || !(path.endsWith('/') || path.endsWith('.html'))) continue;
      if (!existsSync(join(siteDir, path.endsWith('/') ? `${path}index.html` : path))) continue;
      seen.add(path);
      queue.push(path);
    }
  }
  return [...seen].sort();
}
const crawled = crawlFromHome();

describe('every page', () => {
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

  it('is reached from the home page by the site’s own links: no orphan page', () => {
    // 404.html is what the host serves for an unknown address.
    const orphans = pageUrls.filter((url) => !crawled.includes(url) && url !== '/404.html');
    expect(orphans).toEqual([]);
    expect(crawled.length).toBeGreaterThan(60);
  });

  it('the print pages of the sheets left the published site once printed; search indexes every page there is', () => {
    // /fiches/<name>/ were only what the PDFs are printed from.
    expect(pageUrls.filter((url) => /^\/fiches\/[^/]+\/$/.test(url))).toEqual([]);
    expect(readdirSync(join(siteDir, 'fiches')).filter((f) => !f.endsWith('.pdf'))).toEqual([]);
    // Pagefind indexes only pages with data-pagefind-body: count them against its own count.
    const indexed = htmlFiles.filter((f) => readFileSync(join(siteDir, f), 'utf8').includes('data-pagefind-body')).length;
    const entry = JSON.parse(readFileSync(join(siteDir, 'pagefind', 'pagefind-entry.json'), 'utf8'));
    expect(entry.languages.fr.page_count).toBe(indexed);
  });

  it('has been built: home, guides, every node, overviews, procedures, editorial pages, search', () => {
    for (const flow of project.flows.values()) {
      for (const node of flow.nodes.values()) if (node.kind !== 'flow') expect(pageUrls).toContain(`/${nodeUrl(flow, node)}`);
      expect(pageUrls).toContain(`/parcours/${flow.id}/vue-d-ensemble/`);
    }
    for (const id of project.procedures.keys()) expect(pageUrls).toContain(`/procedures/${id}/`);
    for (const url of ['/', '/recherche/', '/plan-du-site/', '/contacts/', '/aide/', '/a-propos/', '/accessibilite/']) expect(pageUrls).toContain(url);
  });

  it.each(crawled)('%s passes axe-core (WCAG 2.2 A and AA, and best practices) with 0 violations', async (url) => {
    const page = await newPage(true);
    try {
      // The site's policy forbids inline scripts, which is how axe is injected.
      await page.setBypassCSP(true);
      await page.goto(`${server.url}${url}`);
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const axe = (globalThis as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
        const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      });
      expect(violations).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it.each(htmlFiles)('%s is French, typeset the French way, and runs no inline script', (file) => {
    const html = readFileSync(join(siteDir, file), 'utf8');
    expect(html).toMatch(/<html lang="fr"/);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    // The site's pages run their own scripts only; the print pages none at all.
    expect(csp).toMatch(/script-src '(self|none)'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    // Every <script> has a src: nothing inline for the policy to refuse.
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).toEqual([]);
    // Visible text: no ordinary space before : ; ! ? (French wants a no-break one).
    const text = html
      .replace(/<(script|style|svg)[\s\S]*?<\/\1>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/https?:\/\/\S+/g, ' ');
    expect(text.match(/[^\s\u00a0\u202f] [:;!?](?=\s|$)/g) ?? []).toEqual([]);
  });
});

describe('links and assets', () => {
  it('every internal link and asset in the built site resolves', () => {
    const broken: string[] = [];
    for (const file of htmlFiles) {
      const html = readFileSync(join(siteDir, file), 'utf8');
      for (const match of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
        const target = match[1]!.replace(/&amp;/g, '&');
        if (/^(https:|mailto:|tel:|data:|#)/.test(target)) continue;
        const url = new URL(target, `http://site/${file}`);
        let path = join(siteDir, decodeURIComponent(url.pathname));
        if (url.pathname.endsWith('/')) path = join(path, 'index.html');
        if (!existsSync(path)) broken.push(`${file} → ${target}`);
        else if (url.hash && path.endsWith('.html')) {
          const id = decodeURIComponent(url.hash.slice(1));
          if (!readFileSync(path, 'utf8').includes(`id="${id}"`)) broken.push(`${file} → ${target} (ancre)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('no external link uses anything but https, mailto or tel', () => {
    for (const file of htmlFiles) {
      const html = readFileSync(join(siteDir, file), 'utf8');
      for (const match of html.matchAll(/<a [^>]*href="([^"]+)"/g)) expect(match[1], file).toMatch(/^(https:|mailto:|tel:|\/|#)/);
    }
  });

  it('a browser loading the pages hits no 404', async () => {
    const page = await newPage(true);
    try {
      for (const url of ['/', '/recherche/', '/parcours/activation/vue-d-ensemble/', '/procedures/activation-carte/']) await page.goto(`${server.url}${url}`, { waitUntil: 'networkidle0' });
      expect(server.notFound).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('search', () => {
  /** Every result of Pagefind's own search, in the browser, on the built index. */
  async function search(query: string): Promise<string[]> {
    const page = await newPage(true);
    try {
      await page.goto(`${server.url}/recherche/`);
      // As a string: vitest would rewrite a dynamic import() written in a function.
      return (await page.evaluate(`(async () => {
        const pagefind = await import('/pagefind/pagefind.js');
        const { results } = await pagefind.search(${JSON.stringify(query)});
        return Promise.all(results.map(async (r) => (await r.data()).url));
      })()`)) as string[];
    } finally {
      await page.close();
    }
  }

  it('"QR code" finds the method A and method B pages', async () => {
    const found = await search('QR code');
    expect(found).toContain('/procedures/activation-carte/');
    expect(found).toContain('/procedures/activation-coordonnees/');
  });

  it('the search page shows results for the query of the home page’s form', async () => {
    const page = await newPage(true);
    try {
      await page.goto(`${server.url}/recherche/?q=${encodeURIComponent('QR code')}`);
      await page.waitForSelector('.pagefind-ui__result-link', { timeout: 15_000 });
      const shown = await page.$$eval('.pagefind-ui__result-link', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.every((url) => url.startsWith('/procedures/') || url.startsWith('/parcours/'))).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('accented French queries work ("paramètres", "réactiver")', async () => {
    expect(await search('paramètres')).toContain('/procedures/suppression-telephone/');
    expect((await search('réactiver')).length).toBeGreaterThan(0);
  });

  it('without JavaScript, the search page lists every page instead', () => {
    const html = readFileSync(join(siteDir, 'recherche', 'index.html'), 'utf8');
    for (const id of project.procedures.keys()) expect(html).toContain(`href="/procedures/${id}/"`);
    for (const flow of project.flows.values()) expect(html).toContain(`href="/parcours/${flow.id}/"`);
  });
});

describe('screenshots (kept in test-results/screenshots/ for a person to look at)', () => {
  const out = join(TOOLKIT, 'test-results', 'screenshots');
  it.each([
    ['accueil', '/'],
    ['question', '/parcours/activation/'],
    ['procedure', '/procedures/activation-carte/'],
    ['vue-d-ensemble', '/parcours/activation/vue-d-ensemble/'],
    ['support', '/parcours/activation/support-carte/'],
  ])('%s at 360 and 1280 px', async (name, url) => {
    mkdirSync(out, { recursive: true });
    const page = await newPage(true);
    try {
      for (const width of [360, 1280]) {
        await page.setViewport({ width, height: 900 });
        await page.goto(`${server.url}${url}`);
        // Nothing may scroll sideways on a phone.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${url} at ${width}px`).toBeLessThanOrEqual(0);
        const file = join(out, `${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        expect(existsSync(file)).toBe(true);
      }
    } finally {
      await page.close();
    }
  });
});

it('the built pages come from this checkout (sanity)', () => {
  expect(relative(TOOLKIT, dirname(siteDir))).toBe('.cache');
});
