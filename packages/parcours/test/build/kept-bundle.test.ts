/**
 * The site's bundle kept from one build to the next (src/astro/kept-bundle.ts) is run only
 * when this user's machine sealed it: the cache folder lies in the content project, and nothing
 * from a content project is run. A bundle changed after it was kept, or sealed under another
 * key (another user, another machine: a cache committed into a repository), is not run; Astro
 * bundles the site anew, and the pages are the same. One sealed but unable to render gives way
 * to Astro's build.
 *
 * Without a bundle kept and with many pages to render (RENDER_APART_PAGES), one process bundles
 * (and keeps the bundle) and a second renders the pages from it: `processes: 2` in the build's
 * summary; with few pages (the e-CPS guides), or where no bundle can be kept (no key to seal it
 * with), one process bundles and renders. The pages are the same bytes every way.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { writeSyntheticContentProject } from '../../bench/synthetic.ts';
import { findKeptBundle, resealKeptBundle } from '../../src/astro/kept-bundle.ts';
import { RENDER_APART_PAGES } from '../../src/stages/site.ts';
import { contentProject, ECPS_CONFIG, runBuild } from '../helpers/build.ts';
import { differences, explainDifferences, tree } from '../helpers/tree.ts';

it('a kept bundle changed afterwards, or sealed by another user, is bundled anew, never run', () => {
  const project = contentProject({ config: ECPS_CONFIG('https://aide.parcours.test/') });
  const root = mkdtempSync(join(tmpdir(), 'parcours-kept-'));
  const cache = join(root, 'cache');
  const homes = { mine: join(root, 'home-mine'), other: join(root, 'home-other') };
  const build = (home: string) => {
    const run = runBuild(project, join(root, 'dist'), { env: { PARCOURS_CACHE: cache, XDG_CACHE_HOME: home } });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    return run.summary!.stages.find((s) => s.id === 'site')!.counts;
  };
  let question = 0;
  const editJourney = () => {
    const path = join(project, 'flows', 'activation.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('question:', `question: (${++question})`));
  };
  const keptDir = join(cache, 'site-bundle');
  const entryOf = () => {
    const [bundle] = readdirSync(keptDir);
    const prerender = join(keptDir, bundle!, 'prerender');
    return join(prerender, readdirSync(prerender).find((name) => name.startsWith('prerender-entry'))!);
  };

  // 69 pages: bundled and rendered in one process.
  expect(build(homes.mine)).toMatchObject({ bundleKept: 0, processes: 1 });
  editJourney();
  expect(build(homes.mine)).toMatchObject({ bundleKept: 1, processes: 1 });

  // A line added to the kept bundle's code: it would leave a mark if it ran.
  const mark = join(root, 'ran');
  const entry = entryOf();
  writeFileSync(entry, `import { writeFileSync as markRun } from 'node:fs';\nmarkRun(${JSON.stringify(mark)}, 'ran');\n${readFileSync(entry, 'utf8')}`);
  editJourney();
  expect(build(homes.mine)).toMatchObject({ bundleKept: 0 });
  expect(existsSync(mark)).toBe(false);
  // Astro's build kept a sound bundle in its place.
  editJourney();
  expect(build(homes.mine)).toMatchObject({ bundleKept: 1, processes: 1 });

  // Sealed by this user, but read by another one (another key): not run.
  editJourney();
  expect(build(homes.other)).toMatchObject({ bundleKept: 0 });
  expect(existsSync(mark)).toBe(false);

  // Sealed by this user but unable to render (its pages throw): Astro's build takes over, and
  // the pages are those of a build from scratch.
  const broken = entryOf();
  writeFileSync(broken, `${readFileSync(broken, 'utf8')}\napp.render = async () => { throw new Error('paquet cassé'); };\n`);
  const otherKey = join(homes.other, 'parcours', 'cle-des-paquets');
  resealKeptBundle(join(broken, '..', '..'), otherKey);
  // Sealed as it now is: the build will run it.
  expect(findKeptBundle(keptDir, otherKey)?.dir).toBe(join(broken, '..', '..'));
  editJourney();
  expect(build(homes.other)).toMatchObject({ bundleKept: 0, processes: 1 });
  const reference = runBuild(project, join(root, 'reference'), { env: { PARCOURS_CACHE: join(root, 'reference-cache'), XDG_CACHE_HOME: homes.mine } });
  expect(reference.status, reference.stderr).toBe(0);
  const differing = differences(tree(join(root, 'dist')), tree(join(root, 'reference')));
  expect(differing, explainDifferences(join(root, 'dist'), join(root, 'reference'), differing)).toEqual([]);
}, 600_000);

it('many pages: one process bundles, another renders from the bundle kept; without a key, one does both; the same bytes', () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-apart-'));
  const project = join(root, 'project');
  writeSyntheticContentProject(project, { flows: 50, seed: 7, procedures: 15 });
  const siteCounts = (out: string, env: Record<string, string>) => {
    const run = runBuild(project, join(root, out), { env });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    return run.summary!.stages.find((s) => s.id === 'site')!.counts;
  };
  const mine = { PARCOURS_CACHE: join(root, 'cache'), XDG_CACHE_HOME: join(root, 'home') };
  const apart = siteCounts('dist', mine);
  expect(apart.rendered).toBeGreaterThanOrEqual(RENDER_APART_PAGES);
  expect(apart).toMatchObject({ bundleKept: 0, processes: 2 });
  // The user's cache folder is a file: no key can be made there, no bundle kept.
  const notAFolder = join(root, 'not-a-folder');
  writeFileSync(notAFolder, '');
  expect(siteCounts('alone', { PARCOURS_CACHE: join(root, 'cache-alone'), XDG_CACHE_HOME: notAFolder })).toMatchObject({ bundleKept: 0, processes: 1 });
  expect(existsSync(join(root, 'cache-alone', 'site-bundle'))).toBe(false);
  const differing = differences(tree(join(root, 'dist')), tree(join(root, 'alone')));
  expect(differing, explainDifferences(join(root, 'dist'), join(root, 'alone'), differing)).toEqual([]);
  // A journey edited: the bundle kept renders the pages, in one process.
  const flow = join(project, 'flows', readdirSync(join(project, 'flows')).find((name) => name.endsWith('.yaml'))!);
  writeFileSync(flow, readFileSync(flow, 'utf8').replace('question:', 'question: Modifiée,'));
  expect(siteCounts('dist', mine)).toMatchObject({ bundleKept: 1, processes: 1 });
}, 600_000);
