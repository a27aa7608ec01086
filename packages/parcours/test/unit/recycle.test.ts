/**
 * The output's folders kept from one build to the next (src/stages/recycle.ts), on real
 * folders: the replaced output emptied of its files by a process of its own and kept as the
 * skeleton, claimed by the next build, given back by a build that wrote nothing, and its unused
 * folders removed. (That a build on a skeleton publishes the same bytes as a cold build is
 * incremental-site.test.ts.)
 */
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { claimSkeleton, emptyInBackground, foldersInBackground, keepFoldersInBackground, removeInThread, removeUnusedFolders, returnSkeleton, skeletonOf } from '../../src/stages/recycle.ts';

/** An output of three pages, one of them a link to a file outside it (as pages are linked from the store). */
function output(root: string): { out: string; stored: string } {
  mkdirSync(root, { recursive: true });
  const out = join(root, 'dist');
  const stored = join(root, 'magasin.html');
  writeFileSync(stored, '<!doctype html><title>gardée</title></html>');
  for (const page of ['parcours/a/index.html', 'parcours/b/index.html', 'index.html']) mkdirSync(join(out, page, '..'), { recursive: true });
  writeFileSync(join(out, 'index.html'), 'accueil');
  writeFileSync(join(out, 'parcours/a/index.html'), 'a');
  linkSync(stored, join(out, 'parcours/b/index.html'));
  return { out, stored };
}

const listing = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => f.split('\\').join('/')).sort();

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(condition()).toBe(true);
}

it('the replaced output is emptied of its files in the background and kept as the skeleton; the next build claims its folders', async () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-squelette-'));
  const { out, stored } = output(root);
  const skeleton = skeletonOf(out);
  expect(skeleton).toBe(join(root, '.dist-skeleton'));
  emptyInBackground(out, join(root, '.dist-emptying-'), skeleton);
  expect(existsSync(out)).toBe(false);
  await until(() => existsSync(skeleton));
  // Folders only, and their list; the linked file it shared with the store is untouched.
  expect(listing(skeleton)).toEqual(['.parcours-dossiers.json', 'parcours', 'parcours/a', 'parcours/b']);
  expect(readFileSync(stored, 'utf8')).toContain('gardée');
  expect(readdirSync(root).filter((name) => name.startsWith('.dist-emptying-'))).toEqual([]);

  const staging = join(root, `.dist-${process.pid}`);
  const folders = claimSkeleton(skeleton, staging);
  expect(folders).toEqual(['parcours/a', 'parcours/b', 'parcours']);
  expect(existsSync(skeleton)).toBe(false);
  expect(listing(staging)).toEqual(['parcours', 'parcours/a', 'parcours/b']);

  // The new output uses parcours/b only: a and nothing else is removed.
  writeFileSync(join(staging, 'parcours/b/index.html'), 'b');
  removeUnusedFolders(staging, folders);
  expect(listing(staging)).toEqual(['parcours', 'parcours/b', 'parcours/b/index.html']);

  // A second build claims nothing: the skeleton was taken.
  expect(claimSkeleton(skeleton, join(root, '.dist-autre'))).toEqual([]);
  expect(existsSync(join(root, '.dist-autre'))).toBe(false);
});

it('the process waits for the replaced output, renamed after it, on a loaded machine a while after it started', async () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-squelette-'));
  const { out } = output(root);
  const skeleton = skeletonOf(out);
  const worker = keepFoldersInBackground('empty', '', join(root, '.dist-emptying-'), skeleton)!;
  // The build held up 300 ms between starting it and renaming the output.
  await new Promise((resolve) => setTimeout(resolve, 300));
  renameSync(out, join(root, `.dist-emptying-${worker.pid}`));
  await until(() => existsSync(skeleton));
  expect(listing(skeleton)).toEqual(['.parcours-dossiers.json', 'parcours', 'parcours/a', 'parcours/b']);
  await until(() => readdirSync(root).every((name) => !name.startsWith('.dist-emptying-')));
});

it('when a skeleton is already kept, the replaced output is removed whole', async () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-squelette-'));
  const skeleton = skeletonOf(join(root, 'dist'));
  const first = output(join(root, 'un'));
  emptyInBackground(first.out, join(root, '.dist-emptying-'), skeleton);
  await until(() => existsSync(skeleton));
  const before = listing(skeleton);
  const second = output(join(root, 'deux'));
  mkdirSync(join(second.out, 'autre/dossier'), { recursive: true });
  emptyInBackground(second.out, join(root, '.dist-emptying-'), skeleton);
  await until(() => readdirSync(root).every((name) => !name.startsWith('.dist-emptying-')));
  expect(listing(skeleton)).toEqual(before);
});

it('after a build that replaced no output, the same folders are made in the background for the next one', async () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-squelette-'));
  const { out } = output(root);
  mkdirSync(join(out, 'vide/dedans'), { recursive: true });
  const skeleton = skeletonOf(out);
  foldersInBackground(out, `${skeleton}-`, skeleton);
  await until(() => existsSync(skeleton));
  await until(() => readdirSync(root).every((name) => !name.startsWith('.dist-skeleton-')));
  expect(listing(skeleton)).toEqual(['.parcours-dossiers.json', 'parcours', 'parcours/a', 'parcours/b', 'vide', 'vide/dedans']);
  // The output is untouched.
  expect(listing(out)).toEqual(['index.html', 'parcours', 'parcours/a', 'parcours/a/index.html', 'parcours/b', 'parcours/b/index.html', 'vide', 'vide/dedans']);
  expect(claimSkeleton(skeleton, join(root, '.dist-1'))).toEqual(['vide/dedans', 'parcours/a', 'parcours/b', 'parcours', 'vide']);
  // A skeleton already there is left as it is.
  mkdirSync(join(skeleton, 'seul'), { recursive: true });
  writeFileSync(join(skeleton, '.parcours-dossiers.json'), '["seul"]');
  foldersInBackground(out, `${skeleton}-`, skeleton);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(listing(skeleton)).toEqual(['.parcours-dossiers.json', 'seul']);
});

it('a build that writes nothing gives the skeleton back, without Astro’s work folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-squelette-'));
  const skeleton = skeletonOf(join(root, 'dist'));
  const staging = join(root, '.dist-1');
  mkdirSync(join(staging, 'parcours/a'), { recursive: true });
  mkdirSync(join(staging, '.site-astro/pages'), { recursive: true });
  writeFileSync(join(staging, '.site-astro/pages/x.html'), 'x');
  returnSkeleton(staging, skeleton, ['parcours/a', 'parcours'], join(staging, '.site-astro'));
  expect(existsSync(staging)).toBe(false);
  expect(claimSkeleton(skeleton, staging)).toEqual(['parcours/a', 'parcours']);
  expect(listing(staging)).toEqual(['parcours', 'parcours/a']);
  // Without folders (there was no skeleton to claim), the temporary folder goes.
  returnSkeleton(staging, skeleton, [], join(staging, '.site-astro'));
  expect(existsSync(staging)).toBe(false);
  expect(existsSync(skeleton)).toBe(false);
});

it('a skeleton whose list is damaged, or names a folder outside it, is not used', () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-squelette-'));
  const skeleton = skeletonOf(join(root, 'dist'));
  const staging = join(root, '.dist-1');
  for (const list of ['pas du JSON', JSON.stringify(['parcours', '../../ailleurs']), JSON.stringify(['/etc']), JSON.stringify({ a: 1 })]) {
    mkdirSync(join(skeleton, 'parcours'), { recursive: true });
    writeFileSync(join(skeleton, '.parcours-dossiers.json'), list);
    expect(claimSkeleton(skeleton, staging), list).toEqual([]);
    expect(existsSync(staging)).toBe(false);
  }
});

it('a folder removed in a thread of its own goes whole, its empty folders too, and a page linked from outside it is left where it is kept', async () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-retrait-'));
  const { out, stored } = output(root);
  // What Astro's working folder holds once its pages moved out: empty folders, deep ones too.
  for (let i = 0; i < 50; i++) mkdirSync(join(out, 'vide', `p${i}`, 'q'), { recursive: true });
  await removeInThread(out);
  expect(existsSync(out)).toBe(false);
  expect(readFileSync(stored, 'utf8')).toBe('<!doctype html><title>gardée</title></html>');
  // Nothing there: nothing to do, no error.
  await removeInThread(out);
});
