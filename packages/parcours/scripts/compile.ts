/**
 * `npm run compile` (and `prepack`): compiles src/ to dist/ for the installed package, where
 * Node will not strip TypeScript types. `--clean` (`postpack`) removes dist/ again, so that the
 * repository always runs its sources and never a stale compilation.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
if (!process.argv.includes('--clean')) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
  // What tsc does not emit: modules written in JavaScript already (the validators compiled ahead, src/core/schema/prebuilt.ts).
  for (const file of readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.generated.mjs'))) {
    cpSync(join(root, 'src', file), join(dist, file));
  }
}
