/**
 * `npm run compile` (and `prepack`): compiles src/ to dist/ for the installed package, where
 * Node will not strip TypeScript types. `--clean` (`postpack`) removes dist/ again, so that the
 * repository always runs its sources and never a stale compilation.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const root = join(import.meta.dirname, '..');
// `--out-dir <folder>`: elsewhere than dist/ (a test compiles the package it installs).
const outAt = process.argv.indexOf('--out-dir');
const dist = outAt >= 0 ? resolve(process.argv[outAt + 1]!) : join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
if (!process.argv.includes('--clean')) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', dist], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
  // What tsc does not emit: modules written in JavaScript already (the validators compiled ahead, src/core/schema/prebuilt.ts).
  for (const file of readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.generated.mjs'))) {
    cpSync(join(root, 'src', file), join(dist, file));
  }
}
