/**
 * The page store and the output share their pages (one file under two names) where they can;
 * where they cannot (the cache on another file system: here tmpfs and the disk), pages are
 * copied, with the same bytes. Real files through the real stage functions.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { collectRenderedPages, linkStoredPages, storedPages, storeRenderedPages } from '../../src/stages/site.ts';

const SHM = existsSync('/dev/shm') && statSync('/dev/shm').dev !== statSync(tmpdir()).dev ? '/dev/shm' : undefined;

async function roundTrip(storeParent: string) {
  const root = mkdtempSync(join(tmpdir(), 'parcours-store-'));
  const store = join(mkdtempSync(join(storeParent, 'parcours-store-')), 'pages');
  const rendered = join(root, 'astro-out');
  mkdirSync(join(rendered, 'a'), { recursive: true });
  writeFileSync(join(rendered, 'a', 'index.html'), '<!doctype html><html><body>a</body></html>');
  const keys = new Map([['a/index.html', 'cle-a']]);
  // A first build renders the page and keeps it in the store.
  const first = join(root, 'first');
  const pages = collectRenderedPages(rendered, first, new Set(keys.keys()));
  expect(pages).toEqual(['a/index.html']);
  await storeRenderedPages(first, pages, keys, store);
  // The next one takes it from the store.
  const second = join(root, 'second');
  const reused = storedPages(new Map([...keys, ['b/index.html', 'cle-b']]), store);
  expect([...reused]).toEqual(['a/index.html']);
  await linkStoredPages(keys, reused, store, second);
  const files = [join(first, 'a', 'index.html'), join(store, 'cle-a.html'), join(second, 'a', 'index.html')];
  for (const file of files) expect(readFileSync(file, 'utf8')).toBe('<!doctype html><html><body>a</body></html>');
  return files.map((file) => statSync(file).ino);
}

it('on one file system, a page is one file: rendered, stored and reused under three names', async () => {
  const [first, stored, reused] = await roundTrip(tmpdir());
  expect(stored).toBe(first);
  expect(reused).toBe(first);
});

it.runIf(SHM)('with the store on another file system, pages are copied, byte for byte', async () => {
  const [first, stored, reused] = await roundTrip(SHM!);
  expect(stored).not.toBe(first);
  expect(reused).not.toBe(stored);
});

it('a page gone from the store after it was listed stops the build, in French, rather than leave the page out', async () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-store-'));
  const store = join(root, 'pages');
  mkdirSync(store);
  writeFileSync(join(store, 'cle-a.html'), '<!doctype html><html></html>');
  const keys = new Map([['a/index.html', 'cle-a']]);
  const listed = storedPages(keys, store);
  expect([...listed]).toEqual(['a/index.html']);
  rmSync(join(store, 'cle-a.html'));
  await expect(linkStoredPages(keys, listed, store, join(root, 'out'))).rejects.toThrow(/a disparu du cache des pages.*relancez/);
});

it('the rendered pages are moved whole where the site has no folder yet, file by file into the folders it has, then stored', async () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-store-'));
  const rendered = join(root, 'astro-out');
  const site = join(root, 'site');
  const page = (name: string) => `<!doctype html><html><body>${name}</body></html>`;
  for (const path of ['a/index.html', 'b/c/index.html', 'b/d/index.html', '_astro/x.css', 'index.html']) {
    mkdirSync(join(rendered, path, '..'), { recursive: true });
    writeFileSync(join(rendered, path), path.endsWith('.html') ? page(path) : 'body{}');
  }
  // Folders kept from an earlier output (./recycle.ts), and a page reused from the store.
  mkdirSync(join(site, 'a'), { recursive: true });
  mkdirSync(join(site, 'b', 'e'), { recursive: true });
  writeFileSync(join(site, 'b', 'e', 'index.html'), page('reused'));
  const asked = ['a/index.html', 'b/c/index.html', 'b/d/index.html', 'index.html'];
  const keys = new Map(asked.map((path, i) => [path, `cle-${i}`]));
  const store = join(root, 'pages');
  const pages = collectRenderedPages(rendered, site, new Set(asked));
  expect(pages).toEqual(['a/index.html', 'b/c/index.html', 'b/d/index.html', 'index.html']);
  await storeRenderedPages(site, pages, keys, store);
  for (const path of asked) expect(readFileSync(join(site, path), 'utf8')).toBe(page(path));
  expect(readFileSync(join(site, '_astro', 'x.css'), 'utf8')).toBe('body{}');
  expect(readFileSync(join(site, 'b', 'e', 'index.html'), 'utf8')).toBe(page('reused'));
  for (const [path, key] of keys) expect(readFileSync(join(store, `${key}.html`), 'utf8')).toBe(page(path));
  // What Astro is left with: its folders the site had already, empty.
  expect(readdirSync(rendered, { recursive: true }).sort()).toEqual(['a', 'b']);
});

it('a page Astro wrote that the build did not ask for stops the build', () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-store-'));
  const rendered = join(root, 'astro-out');
  mkdirSync(join(rendered, 'x'), { recursive: true });
  writeFileSync(join(rendered, 'x', 'index.html'), '<!doctype html><html></html>');
  expect(() => collectRenderedPages(rendered, join(root, 'site'), new Set())).toThrow(/Astro a écrit une page que la construction n’attendait pas : x\/index.html/);
});
