/**
 * The build with the toolkit installed under node_modules, as in an agency's project: compiled
 * (Node strips no types there), what the package ships and nothing else, its packages beside
 * it. The build writes nothing into the toolkit's folder (Astro's and Vite's caches go to the
 * project's cache folder, Astro's bundle to the build's own temporary folder), and nothing into
 * the folder it is started from.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readSummary } from '../../src/stages/build.ts';
import { ECPS_CONFIG } from '../helpers/build.ts';
import { REPO, TOOLKIT } from '../helpers/cli.ts';

/** Every file and folder under `dir`, sorted. */
const listing = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();

it('installed under node_modules, the toolkit builds a project without writing into its own folder or the current one', () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-installed-'));
  const project = join(root, 'aide');
  const modules = join(project, 'node_modules');
  const toolkit = join(modules, 'parcours');

  // The package as `npm pack` makes it: its `files`, and dist/ compiled from src/.
  const manifest = JSON.parse(readFileSync(join(TOOLKIT, 'package.json'), 'utf8')) as { files: string[] };
  for (const entry of manifest.files.filter((f) => !f.startsWith('dist'))) {
    if (existsSync(join(TOOLKIT, entry))) cpSync(join(TOOLKIT, entry), join(toolkit, entry), { recursive: true });
  }
  cpSync(join(TOOLKIT, 'package.json'), join(toolkit, 'package.json'));
  // The package's own compile step (prepack): tsc, then what tsc does not emit.
  const compiled = spawnSync(process.execPath, [join(TOOLKIT, 'scripts', 'compile.ts'), '--out-dir', join(toolkit, 'dist')], { encoding: 'utf8' });
  expect(compiled.status, `${compiled.stdout}\n${compiled.stderr}`).toBe(0);
  // Its packages beside it, as npm installs them.
  for (const name of readdirSync(join(REPO, 'node_modules'))) {
    if (name !== 'parcours' && name !== '.bin' && !name.startsWith('.')) symlinkSync(join(REPO, 'node_modules', name), join(modules, name));
  }

  // A content project around it.
  cpSync(join(TOOLKIT, 'test', 'fixtures', 'base', 'flows'), join(project, 'flows'), { recursive: true });
  writeFileSync(join(project, 'parcours.yaml'), ECPS_CONFIG());
  const before = listing(toolkit);

  const cli = join(toolkit, 'bin', 'parcours.js');
  const env = { ...process.env, NO_COLOR: '1' };
  const inProject = spawnSync(process.execPath, [cli, 'build'], { cwd: project, encoding: 'utf8', env, timeout: 300_000 });
  expect(inProject.status, `${inProject.stdout}\n${inProject.stderr}`).toBe(0);
  expect(existsSync(join(project, 'dist', 'index.html'))).toBe(true);

  // From elsewhere, to elsewhere.
  const elsewhere = join(root, 'ailleurs');
  mkdirSync(elsewhere);
  const out = join(root, 'sortie');
  const fromElsewhere = spawnSync(process.execPath, [cli, 'build', '--content', project, '--out', out], { cwd: elsewhere, encoding: 'utf8', env, timeout: 300_000 });
  expect(fromElsewhere.status, `${fromElsewhere.stdout}\n${fromElsewhere.stderr}`).toBe(0);
  expect(readSummary(out)?.totals.pages).toBeGreaterThan(5);
  expect(listing(elsewhere)).toEqual([]);

  // Nothing was written into the toolkit: no .astro/, no node_modules/.vite, no build folder.
  expect(listing(toolkit)).toEqual(before);
  // Nothing left beside the outputs but the outputs, and the folders kept for their next build
  // (src/stages/recycle.ts: made in the background, folders only).
  const besides = (dir: string) => readdirSync(dir).filter((name) => !/^\.(sortie|dist)-skeleton(-\d+)?$/.test(name));
  expect(besides(root).sort()).toEqual(['aide', 'ailleurs', 'sortie']);
  expect(besides(project).filter((f) => f.startsWith('.dist') || f === '.astro')).toEqual([]);
  for (const skeleton of [join(root, '.sortie-skeleton'), join(project, '.dist-skeleton')].filter(existsSync)) {
    expect(readdirSync(skeleton, { recursive: true, withFileTypes: true }).filter((entry) => !entry.isDirectory()).map((entry) => entry.name)).toEqual(['.parcours-dossiers.json']);
  }
}, 900_000);
