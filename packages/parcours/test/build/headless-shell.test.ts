/**
 * Builds draw and print with Chromium's headless shell when the system has one (lighter: see
 * src/render/browser.ts and docs/mesures.md), and the tests of what a reader sees use the full
 * browser. An agency whose machine has only the full browser gets the same site: the e-CPS
 * guides built from scratch with each (their own caches) are the same bytes, every diagram,
 * page and PDF.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/render/browser.ts';
import { runBuild, type BuildRun } from '../helpers/build.ts';
import { TEST_SITE_URL } from '../helpers/build-site.ts';
import { ECPS } from '../helpers/cli.ts';
import { differences, explainDifferences, tree } from '../helpers/tree.ts';

const pathOf = async (prefer: 'shell' | 'browser') => {
  const found = await findChromium(undefined, prefer);
  if (!('path' in found)) throw new Error(`No Chromium (${prefer}): scripts/setup.sh installs both. Tried: ${found.tried.join(', ')}`);
  return found.path;
};

it('a build takes the headless shell, a test of the reader’s view the full browser', async () => {
  expect(basename(await pathOf('shell'))).toMatch(/headless[-_]shell/);
  expect(basename(await pathOf('browser'))).not.toMatch(/headless/);
});

describe('the e-CPS guides built from scratch with each Chromium', () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-shell-'));
  const builds: Record<'shell' | 'browser', { out: string; run: BuildRun }> = {} as never;

  beforeAll(async () => {
    for (const kind of ['shell', 'browser'] as const) {
      const out = join(root, kind, 'dist');
      const run = runBuild(ECPS, out, { env: { PARCOURS_CHROMIUM: await pathOf(kind), PARCOURS_CACHE: join(root, kind, 'cache'), PARCOURS_SITE_URL: TEST_SITE_URL } });
      if (run.status !== 0) throw new Error(`The build with ${kind} failed:\n${run.stdout}\n${run.stderr}`);
      builds[kind] = { out, run };
    }
  }, 240_000);

  it('each drew every diagram and printed every PDF itself', () => {
    for (const { run } of Object.values(builds)) {
      const counts = (id: string) => run.summary!.stages.find((stage) => stage.id === id)!.counts;
      expect(run.summary!.totals.diagrams).toBeGreaterThan(0);
      expect(counts('diagrams')).toMatchObject({ rendered: run.summary!.totals.diagrams, reused: 0, browsers: 1 });
      expect(counts('sheets')).toMatchObject({ printed: counts('sheets').sheets! + counts('sheets').recueils!, reused: 0, browsers: 1 });
    }
  });

  it('they are the same bytes', () => {
    const [shell, browser] = [tree(builds.shell.out), tree(builds.browser.out)];
    expect(shell.size).toBeGreaterThan(100);
    const differing = differences(shell, browser);
    expect(differing, explainDifferences(builds.shell.out, builds.browser.out, differing)).toEqual([]);
  });
});
