/**
 * The offline copy's manifest after a rebuild (src/stages/offline.ts): a file that is the same
 * file as in the last output (linked from it or from the page store) keeps the revision the
 * last worker gave it, without being read; any other file is hashed. The result is the
 * manifest a build from scratch writes. Real files, real hard links.
 */
import { linkSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { precacheManifest, writeServiceWorker } from '../../src/stages/offline.ts';
import { earlierOutput, listOutput } from '../../src/stages/tree.ts';

function site(root: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

it('a file shared with the last output keeps its revision unread; a new or rewritten one is hashed; the whole equals a manifest from scratch', () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-offline-'));
  const before = site(join(root, 'before'), { 'index.html': '<html>accueil</html>', 'a/index.html': '<html>a</html>', 'b/index.html': '<html>b</html>' });
  writeServiceWorker(before, '/');
  const next = join(root, 'next');
  // Shared: the same file under two names. Rewritten: same name, new bytes. New: not there before.
  mkdirSync(join(next, 'a'), { recursive: true });
  linkSync(join(before, 'a/index.html'), join(next, 'a/index.html'));
  site(next, { 'index.html': '<html>accueil modifié</html>', 'c/index.html': '<html>c</html>' });
  mkdirSync(join(next, 'b'));
  writeFileSync(join(next, 'b/index.html'), '<html>b</html>');

  const fresh = precacheManifest(next);
  expect(precacheManifest(next, before)).toEqual(fresh);
  // The build's own listing of the folder (made once for this and the output's check): the same manifest.
  const earlier = earlierOutput(before)!;
  expect(precacheManifest(next, earlier, listOutput(next, earlier))).toEqual(fresh);
  expect(listOutput(next, earlier).unchanged).toEqual(new Set(['a/index.html']));

  // Unread: the last worker's revision is taken as it is (here, one the test wrote there).
  const worker = join(before, 'sw.js');
  const revision = fresh.find((e) => e.url === 'a/index.html')!.revision;
  writeFileSync(worker, readFileSync(worker, 'utf8').replace(revision, 'deja-calcule-00'));
  const reused = precacheManifest(next, before);
  expect(reused.find((e) => e.url === 'a/index.html')!.revision).toBe('deja-calcule-00');
  // A copy with the same bytes is another file: hashed, not taken.
  expect(reused.find((e) => e.url === 'b/index.html')!.revision).toBe(fresh.find((e) => e.url === 'b/index.html')!.revision);
  expect(reused.filter((e) => e.url !== 'a/index.html')).toEqual(fresh.filter((e) => e.url !== 'a/index.html'));
  // No last worker (or an unreadable one): everything hashed.
  expect(precacheManifest(next, join(root, 'nowhere'))).toEqual(fresh);
});
