/**
 * Vitest global setup of both projects: the tests' temporary folders go into one folder per
 * run, removed at its end. Tests create thousands of them (projects, caches, outputs, browser
 * profiles), and every build they start inherits TMPDIR. Left in /tmp, 6,800 of them after a
 * day of runs on the development machine; removing them made creating a folder there two to
 * three times cheaper for everything that followed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): (() => void) | undefined {
  // The other project's setup made it already: one folder for the whole run.
  if (process.env.PARCOURS_TEST_TMPDIR) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'parcours-tests-'));
  process.env.PARCOURS_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
