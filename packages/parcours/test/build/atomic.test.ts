/**
 * `npm run build` is atomic: whatever stops it (a flow error, no Chromium, Ctrl-C), it exits
 * non-zero with the reason and the last good output folder is exactly as it was.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, TOOLKIT } from '../helpers/cli.ts';

import { buildArgs, contentProject } from '../helpers/build.ts';

const project = contentProject();

/** An output folder holding a "last good build", and a fingerprint of it. */
function lastGoodBuild(): { out: string; fingerprint: () => string } {
  const out = join(mkdtempSync(join(tmpdir(), 'parcours-out-')), 'dist');
  mkdirSync(join(out, 'parcours'), { recursive: true });
  writeFileSync(join(out, 'index.html'), '<!doctype html><title>dernière bonne version</title>');
  writeFileSync(join(out, 'parcours', 'page.html'), 'ancienne page');
  const fingerprint = () =>
    JSON.stringify(
      readdirSync(dirname(out), { recursive: true, encoding: 'utf8' })
        .sort()
        .map((f) => {
          const path = join(dirname(out), f);
          return statSync(path).isFile() ? `${f}:${statSync(path).mtimeMs}:${readFileSync(path, 'utf8')}` : f;
        }),
    );
  return { out, fingerprint };
}

const env = (extra: Record<string, string>) => ({ ...process.env, NO_COLOR: '1', ...extra });

it('a flow error stops the build before anything is written', () => {
  const { out, fingerprint } = lastGoodBuild();
  const before = fingerprint();
  const broken = contentProject({ flows: [join(TOOLKIT, 'test', 'fixtures', 'broken', 'unknown-node-answer', 'flows')] });
  const run = spawnSync(process.execPath, buildArgs(broken, out), { cwd: ROOT, encoding: 'utf8', env: env({}) });
  expect(run.status).toBe(1);
  expect(run.stdout).toContain('[unknown-node]');
  expect(run.stderr).toContain('les parcours contiennent des erreurs');
  expect(run.stderr).toContain(`${out} n’a pas été modifié`);
  expect(fingerprint()).toBe(before);
});

it('a missing Chromium stops the build with where it looked, and leaves the output as it was', () => {
  const { out, fingerprint } = lastGoodBuild();
  const before = fingerprint();
  const run = spawnSync(process.execPath, buildArgs(project, out), {
    cwd: ROOT,
    encoding: 'utf8',
    // An empty cache: the diagrams must be drawn, so a browser is needed.
    env: env({ PARCOURS_CHROMIUM: '/nulle/part/chromium', PARCOURS_CACHE: mkdtempSync(join(tmpdir(), 'parcours-cache-')) }),
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('Aucun navigateur Chromium trouvé');
  expect(run.stderr).toContain('/nulle/part/chromium');
  expect(fingerprint()).toBe(before);
});

it('Ctrl-C during the build exits 130 and leaves the output and no temporary folder behind', async () => {
  const { out, fingerprint } = lastGoodBuild();
  const before = fingerprint();
  const child = spawn(process.execPath, buildArgs(project, out), {
    cwd: ROOT,
    env: env({ PARCOURS_CACHE: mkdtempSync(join(tmpdir(), 'parcours-cache-')) }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    // Interrupt once the build is under way (the diagrams are being drawn).
    if (stdout.includes('[1/5]') && !child.killed) child.kill('SIGINT');
  });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  expect(code).toBe(130);
  expect(stderr).toContain('interrompue');
  expect(fingerprint()).toBe(before);
  expect(readdirSync(dirname(out))).toEqual(['dist']);
  expect(existsSync(join(out, 'index.html'))).toBe(true);
});

it('a build that succeeds replaces the output at once, and the last one is emptied by a process of its own, its folders kept for the next', { timeout: 300_000 }, async () => {
  const { out } = lastGoodBuild();
  const run = spawnSync(process.execPath, buildArgs(project, out), { cwd: ROOT, encoding: 'utf8', env: env({ PARCOURS_CACHE: mkdtempSync(join(tmpdir(), 'parcours-cache-')) }) });
  expect(run.status, run.stderr).toBe(0);
  // Published: the new output is in place, the old page gone from it.
  expect(existsSync(join(out, 'parcours', 'page.html'))).toBe(false);
  expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toContain('dernière bonne version');
  // The previous output, if still there, is named after the running process emptying it.
  for (const name of readdirSync(dirname(out)).filter((n) => n !== 'dist')) expect(name).toMatch(/^\.dist-(emptying-\d+|skeleton)$/);
  const deadline = Date.now() + 60_000;
  while (readdirSync(dirname(out)).some((name) => name.startsWith('.dist-emptying-')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(readdirSync(dirname(out)).sort()).toEqual(['.dist-skeleton', 'dist']);
  // Its folders only (src/stages/recycle.ts), and their list: none of its files.
  const skeleton = join(dirname(out), '.dist-skeleton');
  expect(readdirSync(skeleton, { recursive: true, encoding: 'utf8' }).sort()).toEqual(['.parcours-dossiers.json', 'parcours']);
});
