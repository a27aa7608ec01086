/**
 * The search index is written whole. Pagefind 1.5.2 answers « written » before its files are
 * flushed: under CPU load, and with two builds at once, builds reported success with a 0-byte
 * `pagefind-entry.json` or `pagefind-ui.css`. Here, every build under load or side by side
 * leaves every file of `pagefind/` whole: none empty, the entry file readable and naming the
 * metadata file that is there, the fragments real gzip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { afterEach, expect, inject, it } from 'vitest';
import { readSummary } from '../../src/stages/build.ts';
import { htmlFiles, indexSite, pageUrl } from '../../src/stages/search.ts';
import { contentProject, ECPS_CONFIG, runBuild, startBuild } from '../helpers/build.ts';
import { TOOLKIT } from '../helpers/cli.ts';

const BASE = join(TOOLKIT, 'test', 'fixtures', 'base', 'flows');

/** Busy loops, two per core, for the length of a test. */
let hogs: ChildProcess[] = [];
afterEach(() => {
  for (const hog of hogs) hog.kill('SIGKILL');
  hogs = [];
});

function expectWholeIndex(out: string): void {
  const dir = join(out, 'pagefind');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
  expect(files.length).toBeGreaterThan(8);
  for (const file of ['pagefind-entry.json', 'pagefind-ui.css', 'pagefind-ui.js', 'pagefind.js']) expect(files, file).toContain(file);
  for (const file of files) expect(statSync(join(dir, file)).size, file).toBeGreaterThan(0);
  const entry = JSON.parse(readFileSync(join(dir, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { hash: string; page_count: number }> };
  const language = entry.languages.fr!;
  expect(language.page_count).toBe(readSummary(out)!.stages.find((s) => s.id === 'search')!.counts.pages);
  expect(files).toContain(`pagefind.${language.hash}.pf_meta`);
  const fragments = files.filter((f) => f.endsWith('.pf_fragment'));
  expect(fragments.length).toBe(language.page_count);
  for (const fragment of fragments) expect([...readFileSync(join(dir, fragment)).subarray(0, 2)], fragment).toEqual([0x1f, 0x8b]);
}

it('under CPU load, the index is written whole', () => {
  hogs = Array.from({ length: 2 * availableParallelism() }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  const project = contentProject({ flows: [BASE], content: false, config: ECPS_CONFIG() });
  const out = join(mkdtempSync(join(tmpdir(), 'parcours-search-load-')), 'dist');
  const run = runBuild(project, out, { args: ['--force'] });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  expectWholeIndex(out);
}, 600_000);

it('two builds at once each write their index whole', async () => {
  const project = contentProject({ flows: [BASE], content: false, config: ECPS_CONFIG() });
  const root = mkdtempSync(join(tmpdir(), 'parcours-search-pair-'));
  const outs = [join(root, 'un'), join(root, 'deux')];
  const codes = await Promise.all(
    outs.map((out, i) => {
      const child = startBuild(project, out, { PARCOURS_CACHE: join(root, `cache-${i}`) });
      return new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    }),
  );
  expect(codes).toEqual([0, 0]);
  for (const out of outs) expectWholeIndex(out);
}, 600_000);

it('given only the head and the main of each page, Pagefind writes the index it writes from whole pages', async () => {
  // The e-CPS site the e2e setup built, without its index.
  const site = mkdtempSync(join(tmpdir(), 'parcours-search-input-'));
  cpSync(inject('siteDir'), site, { recursive: true, filter: (source) => !source.includes('pagefind') });
  const pages = htmlFiles(site);
  expect(pages.length).toBeGreaterThan(50);
  const indexed = await indexSite(site, 'fr');
  // Some pages are not indexed (search, site map, big diagrams, 404): Pagefind is not given them.
  expect(indexed).toBeLessThan(pages.length);

  const { index } = await pagefind.createIndex({ forceLanguage: 'fr' });
  try {
    for (const file of pages) await index!.addHTMLFile({ url: pageUrl(file), content: readFileSync(join(site, file), 'utf8') });
    const whole = (await index!.getFiles()).files;
    expect(whole.length).toBeGreaterThan(indexed);
    const differing = whole.filter((file) => !readFileSync(join(site, 'pagefind', file.path)).equals(Buffer.from(file.content))).map((file) => file.path);
    expect(differing).toEqual([]);
    expect(readdirSync(join(site, 'pagefind'), { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(site, 'pagefind', f)).isFile()).length).toBe(whole.length);
  } finally {
    await pagefind.close();
  }
}, 300_000);
