/**
 * The page store and the output share their pages (one file under two names) where they can;
 * where they cannot (the cache on another file system: here tmpfs and the disk), pages are
 * copied, with the same bytes. Real files through the real stage functions.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { collectRenderedPages, linkStoredPages, storedPages } from '../../src/stages/site.ts';

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
  expect(collectRenderedPages(rendered, first, keys, new Set(keys.keys()), store)).toEqual(['a/index.html']);
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
