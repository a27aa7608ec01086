/**
 * A search index in parts (src/site/search-parts.ts), on the e-CPS content cut small
 * (PARCOURS_SEARCH_PART_PAGES=25: three parts, as a site of thousands of pages is cut at 2,000):
 * the search page merges every part, and a reader in a real Chromium finds pages of several
 * parts for one query, the reader's words still reach the right page, and the first results
 * are mostly those of one index; after one journey is edited, the
 * build indexes that journey's part again and takes the others from its last output, and the
 * result is byte for byte a build from scratch.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlows } from '../../src/core/index.ts';
import { sheetsOf } from '../../src/core/sheet-contents.ts';
import { launchBrowser, type LaunchedBrowser } from '../../src/render/browser.ts';
import { serveDir } from '../../src/render/static-server.ts';
import { sitePages } from '../../src/site/routes.ts';
import { searchParts } from '../../src/site/search-parts.ts';
import type { SearchRecord } from '../../src/stages/search.ts';
import { contentProject, runBuild, type BuildRun } from '../helpers/build.ts';
import { differences, explainDifferences, tree } from '../helpers/tree.ts';
import { searchFor } from '../helpers/search-page.ts';

const PARTS = { PARCOURS_SEARCH_PART_PAGES: '25' };
const root = mkdtempSync(join(tmpdir(), 'parcours-search-parts-'));
const project = contentProject();
const record = (out: string) => JSON.parse(readFileSync(join(out, '.parcours/search.json'), 'utf8')) as SearchRecord;
const searchCounts = (run: BuildRun) => run.summary?.stages.find((s) => s.id === 'search')?.counts;

function build(out: string, env: Record<string, string>): BuildRun {
  const run = runBuild(project, join(root, out), { env: { PARCOURS_CACHE: join(root, `${out}-cache`), ...env } });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  return run;
}

/** The parts the build cuts this project into, computed from its pages as the build does. */
function expectedParts() {
  const { project: model } = loadFlows(join(project, 'flows'));
  return searchParts(sitePages({ project: model, sheets: sheetsOf(model) }, [...model.pages.values()].map((p) => p.slug)), 25);
}

let browser: LaunchedBrowser;
let parted: Awaited<ReturnType<typeof serveDir>>;
let whole: Awaited<ReturnType<typeof serveDir>>;

beforeAll(async () => {
  build('parted', PARTS);
  build('whole', {});
  [browser, parted, whole] = await Promise.all([launchBrowser(undefined, 'browser'), serveDir(join(root, 'parted')), serveDir(join(root, 'whole'))]);
}, 300_000);

afterAll(async () => {
  await Promise.all([browser?.close(), parted?.close(), whole?.close()]);
  rmSync(root, { recursive: true, force: true });
  rmSync(project, { recursive: true, force: true });
});

/** The result paths the search page shows for a query, in order. */
async function results(server: { url: string }, query: string): Promise<string[]> {
  const page = await browser.browser.newPage();
  try {
    await searchFor(page, server.url, query);
    return await page.$$eval('.pagefind-ui__result-link', (links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  } finally {
    await page.close();
  }
}

describe('a search index in parts', () => {
  it('each part is a Pagefind index of its own, and the search page names every part but the first', () => {
    const parts = expectedParts();
    expect(parts.length).toBeGreaterThan(2);
    const out = join(root, 'parted');
    const dirs = readdirSync(join(out, 'pagefind')).filter((name) => /^\d+$/.test(name));
    expect(dirs.map((d) => `${d}/`).sort()).toEqual(parts.slice(1).map((p) => p.dir).sort());
    const page = readFileSync(join(out, 'recherche/index.html'), 'utf8');
    expect(page).toContain(`data-merge="${parts.slice(1).map((p) => `/pagefind/${p.dir}`).join(' ')}"`);
    for (const part of parts) {
      const entry = JSON.parse(readFileSync(join(out, 'pagefind', part.dir, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
      expect(entry.languages.fr?.page_count, part.dir).toBe(record(out).parts[part.dir]!.pages);
      expect(entry.languages.fr!.page_count).toBeGreaterThan(0);
      // A merged part needs no scripts of its own: the first part's load it.
      if (part.dir) expect(existsSync(join(out, 'pagefind', part.dir, 'pagefind.js'))).toBe(false);
    }
    // The pages indexed, in all, are those of one index.
    const total = Object.values(record(out).parts).reduce((n, p) => n + p.pages, 0);
    expect(total).toBe(record(join(root, 'whole')).parts['']!.pages);
    expect(searchCounts(build('parted', PARTS))).toBeUndefined(); // nothing changed: nothing redone
  });

  it('one search finds pages of several parts; the reader’s words still reach their page, among results mostly those of one index', async () => {
    const parts = expectedParts();
    const partOf = (path: string) => parts.find((p) => p.paths.includes(`${path.slice(1)}index.html`))?.dir;
    const shown = await results(parted, 'code pin');
    expect(shown).toEqual(expect.arrayContaining(['/parcours/activation/support-carte/', '/parcours/reactivation/support-carte/']));
    expect(new Set(shown.map(partOf)).size).toBeGreaterThan(1);
    // The queries of test/site/search.test.ts, with the pages each must lead to.
    for (const [query, expected] of [
      ['pas de carte', ['/procedures/activation-coordonnees/', '/parcours/activation/methode-b/']],
      ['carte perdue', ['/procedures/activation-coordonnees/', '/parcours/activation/methode-b/', '/procedures/reactivation-coordonnees/', '/parcours/reactivation/demarche-b/']],
      ['code PIN oublié', ['/procedures/suppression-mot-de-passe-oublie/', '/parcours/suppression/mot-de-passe-oublie/']],
      ['mot de passe perdu', ['/procedures/suppression-mot-de-passe-oublie/', '/parcours/suppression/mot-de-passe-oublie/']],
    ] as const) {
      const [one, inParts] = [await results(whole, query), await results(parted, query)];
      expect(inParts.slice(0, 3).some((path) => (expected as readonly string[]).includes(path)), `${query}: ${inParts.join(', ')}`).toBe(true);
      // Each part scores against its own statistics: close to one index, not the same.
      const common = inParts.filter((path) => one.includes(path));
      expect(common.length, `${query}: ${inParts.join(', ')} / ${one.join(', ')}`).toBeGreaterThanOrEqual(Math.min(3, one.length));
    }
  });

  it('after one journey is edited, its part is indexed again, the others are taken as they are, and the bytes are a build from scratch', () => {
    const out = join(root, 'parted');
    const before = record(out);
    const entryFile = (dir: string) => join(out, 'pagefind', dir, 'pagefind-entry.json');
    const inodes = new Map(Object.keys(before.parts).map((dir) => [dir, statSync(entryFile(dir)).ino]));
    const file = join(project, 'flows/suppression.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('question:', 'question: Pour commencer,'));
    const run = build('parted', PARTS);
    const after = record(out);
    const parts = expectedParts();
    const edited = parts.filter((p) => p.paths.some((path) => path.startsWith('parcours/suppression/'))).map((p) => p.dir);
    expect(edited).toHaveLength(1);
    const changed = Object.keys(after.parts).filter((dir) => after.parts[dir]!.digest !== before.parts[dir]?.digest);
    expect(changed).toContain(edited[0]);
    // The journey's part, and the first part if a page of its own shows the edit: no other.
    expect(changed.filter((dir) => dir !== edited[0] && dir !== '')).toEqual([]);
    const counts = searchCounts(run)!;
    expect(counts.partsIndexed).toBe(changed.length);
    expect(counts.partsReused).toBe(parts.length - changed.length);
    expect(counts.partsReused).toBeGreaterThan(0);
    // A part taken as it is is the last output's files, linked (the same inode), not written again.
    for (const part of parts.filter((p) => !changed.includes(p.dir))) expect(statSync(entryFile(part.dir)).ino, part.dir).toBe(inodes.get(part.dir));
    rmSync(join(root, 'reference'), { recursive: true, force: true });
    build('reference', PARTS);
    const differing = differences(tree(out), tree(join(root, 'reference')));
    expect(differing, explainDifferences(out, join(root, 'reference'), differing)).toEqual([]);
  });
});
