/**
 * The print pages' server (src/render/static-server.ts, `unchanging`): the sheets are printed
 * one after the other in the same tabs, and the browser takes the site's stylesheets and
 * pictures from its memory after the first print instead of asking the server again, which
 * shares the build's thread. Read from a real Chromium's own account of each response.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { launchBrowser } from '../../src/render/browser.ts';
import { serveDir } from '../../src/render/static-server.ts';

it('lets the browser keep all but the pages of a folder that does not change while served, and only then', { timeout: 60_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-served-'));
  for (const name of ['a', 'b']) {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, 'index.html'), `<!doctype html><html lang="fr"><link rel="stylesheet" href="/style.css"><title>${name}</title><p>${name}</p>`);
  }
  writeFileSync(join(root, 'style.css'), 'p { color: #123456 }');
  const { browser, close } = await launchBrowser();
  try {
    for (const unchanging of [true, false]) {
      const server = await serveDir(root, { unchanging });
      const tab = await browser.newPage();
      // Where each response came from, on the second page of the same tab.
      const fromCache = new Map<string, boolean>();
      tab.on('response', (response) => fromCache.set(new URL(response.url()).pathname, response.fromCache()));
      await tab.goto(`${server.url}/a/`, { waitUntil: 'load' });
      await tab.goto(`${server.url}/b/`, { waitUntil: 'load' });
      expect(Object.fromEntries(fromCache), String(unchanging)).toEqual({ '/a/': false, '/b/': false, '/style.css': unchanging });
      expect(await tab.$eval('p', (p) => getComputedStyle(p).color)).toBe('rgb(18, 52, 86)');
      await tab.close();
      await server.close();
    }
  } finally {
    await close();
  }
});
