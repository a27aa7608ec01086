/**
 * Vitest global setup of the e2e project: builds the real site once, through the real build
 * command, into .cache/test-site (never dist/), for every test that needs it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { CLI, ECPS, TOOLKIT } from './cli.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    siteDir: string;
  }
}

export const TEST_SITE_URL = 'https://aide.parcours.test/';

export default function setup(project: TestProject): void {
  const siteDir = join(TOOLKIT, '.cache', 'test-site');
  const run = spawnSync(process.execPath, [CLI, 'build', '--content', ECPS, '--out', siteDir], {
    cwd: ECPS,
    encoding: 'utf8',
    // A public address (in the .test domain, reserved for tests), so QR codes and online addresses are printed.
    env: { ...process.env, NO_COLOR: '1', PARCOURS_SITE_URL: TEST_SITE_URL },
  });
  if (run.status !== 0) throw new Error(`The site did not build:\n${run.stdout}\n${run.stderr}`);
  project.provide('siteDir', siteDir);
}
