/**
 * Vitest global setup: builds the real site once, through the real build script, into
 * .cache/test-site (never dist/), for every test that needs it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    siteDir: string;
  }
}

export default function setup(project: TestProject): void {
  const root = join(import.meta.dirname, '..', '..');
  const siteDir = join(root, '.cache', 'test-site');
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'build.ts'), '--out', siteDir], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (run.status !== 0) throw new Error(`The site did not build:\n${run.stdout}\n${run.stderr}`);
  project.provide('siteDir', siteDir);
}
