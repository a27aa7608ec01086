/**
 * `parcours diff --fiches`: the pages of each changed sheet, before and after, measured as the
 * build lays them out; checked against the PDF that `parcours build` prints from the same
 * version (read with poppler).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { DiffReport } from '../../src/core/diff/types.ts';
import { CLI } from '../helpers/cli.ts';
import { gitProject, removeGitProjects } from '../helpers/git-project.ts';
import { runBuild } from '../helpers/build.ts';
import { pageCount } from '../pdf/read-pdf.ts';

const out = mkdtempSync(join(tmpdir(), 'parcours-diff-fiches-'));
afterAll(() => {
  removeGitProjects();
  rmSync(out, { recursive: true, force: true });
});

/** Steps enough to need a second page. */
const longSteps = Array.from(
  { length: 24 },
  (_, i) => `  - where: telephone\n    text: >-\n      Étape ${i + 1} : ouvrez l’appli e-CPS, vérifiez que votre téléphone est connecté à internet, puis suivez les indications affichées à l’écran jusqu’au bout, sans fermer l’appli entre deux écrans.\n`,
).join('');

it('gives each changed sheet’s pages before and after, as the build prints them', { timeout: 900_000 }, () => {
  const p = gitProject();
  p.edit('flows/procedures/suppression-telephone.yaml', 'steps:\n', `steps:\n${longSteps}`);
  p.edit('flows/procedures/activation-coordonnees.yaml', 'Saisissez le code reçu par SMS.', 'Saisissez le code à six chiffres reçu par SMS.');
  p.commit('Procédure détaillée');

  // Two builds: longer than runCli waits. Its own temporary folder, to see what it leaves there.
  const temporary = mkdtempSync(join(tmpdir(), 'parcours-diff-tmp-'));
  const run = spawnSync(process.execPath, [CLI, 'diff', '--fiches', '--json'], { cwd: p.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TMPDIR: temporary }, timeout: 600_000 });
  expect(run.status, run.stderr).toBe(0);
  // Its working folder is removed, and no process of its builds writes there afterwards
  // (they keep no folders for a next build: src/stages/recycle.ts).
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  expect(readdirSync(temporary).filter((name) => name.startsWith('parcours-diff-'))).toEqual([]);
  expect(run.stderr).toContain('Mise en page des fiches des deux versions');
  const report = JSON.parse(run.stdout) as DiffReport;
  const sheets = Object.fromEntries(report.sheets.map((s) => [s.subject.id, [s.pagesBefore, s.pagesAfter]]));
  expect(sheets).toEqual({ 'activation-coordonnees': [1, 1], 'suppression-telephone': [1, 2] });

  const built = runBuild(p.dir, join(out, 'site'));
  expect(built.status, built.stdout + built.stderr).toBe(0);
  expect(pageCount(join(out, 'site', 'fiches', 'suppression-telephone.pdf'))).toBe(2);
  expect(pageCount(join(out, 'site', 'fiches', 'activation-coordonnees.pdf'))).toBe(1);
});
