/**
 * How a large site's search index is cut into parts (src/site/search-parts.ts): a journey's
 * pages stay together, in a part that does not move when other journeys come or go; journeys
 * and procedures spread over every part, the first included (parts alike score alike); the
 * pages that show the whole site go to the first part; a site within one part's size keeps one index, its pages
 * in code-point order as before; print pages are never searched.
 */
import { describe, expect, it } from 'vitest';
import { readEnv } from '../../src/settings/env.ts';
import type { SitePage } from '../../src/site/routes.ts';
import { searchParts } from '../../src/site/search-parts.ts';

/** A site of `journeys` journeys of `nodes` pages each (and an overview), with the pages every site has. */
function site(journeys: string[], nodes = 4): SitePage[] {
  return [
    { path: 'index.html', scope: { kind: 'site' } },
    { path: 'recherche/index.html', scope: { kind: 'site' } },
    { path: 'procedures/p/index.html', scope: { kind: 'procedure', procedureId: 'p' } },
    { path: 'fiches/p/imprimer/index.html', scope: { kind: 'sheet', sheetName: 'p' } },
    { path: 'fiches/recueil/imprimer/index.html', scope: { kind: 'recueil', recueilName: 'recueil' } },
    ...journeys.flatMap((flowId): SitePage[] => [
      ...Array.from({ length: nodes }, (_, i): SitePage => ({ path: `parcours/${flowId}/${i === 0 ? '' : `n${i}/`}index.html`, scope: { kind: 'node', flowId, nodeId: `n${i}` } })),
      { path: `parcours/${flowId}/vue-d-ensemble/index.html`, scope: { kind: 'overview', flowId } },
    ]),
  ];
}

const journeys = (n: number, prefix = 'j') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const partOf = (parts: ReturnType<typeof searchParts>, path: string) => parts.find((part) => part.paths.includes(path))?.dir;

describe('search parts', () => {
  it('a site within one part keeps one index of every searched page, in code-point order', () => {
    const pages = site(['b', 'a', 'É']);
    const parts = searchParts(pages, 100);
    expect(parts).toHaveLength(1);
    expect(parts[0]!.dir).toBe('');
    const searched = pages.filter((p) => !p.path.includes('imprimer')).map((p) => p.path);
    expect(parts[0]!.paths).toEqual([...searched].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(parts[0]!.paths.some((p) => p.includes('imprimer'))).toBe(false);
  });

  it('a larger site: every searched page in exactly one part, a journey’s pages together, the whole-site pages first, journeys in every part', () => {
    const pages = site(journeys(40));
    const parts = searchParts(pages, 30);
    // 203 searched pages at 30 a part: 7 parts.
    expect(parts).toHaveLength(7);
    expect(parts.map((p) => p.dir)).toEqual(['', '1/', '2/', '3/', '4/', '5/', '6/']);
    expect(parts[0]!.paths).toEqual(expect.arrayContaining(['index.html', 'recherche/index.html']));
    const all = parts.flatMap((part) => part.paths);
    expect(all).toHaveLength(new Set(all).size);
    expect(new Set(all)).toEqual(new Set(pages.filter((p) => !p.path.includes('imprimer')).map((p) => p.path)));
    for (const flowId of journeys(40)) {
      const dirs = new Set(pages.filter((p) => p.path.startsWith(`parcours/${flowId}/`)).map((p) => partOf(parts, p.path)));
      expect(dirs.size, flowId).toBe(1);
    }
    // Every part, the first too, holds journeys: no part is only the pages of one kind.
    for (const part of parts) expect(part.paths.some((p) => p.startsWith('parcours/')), part.dir).toBe(true);
    // No part is much larger than asked (a hash spreads 40 journeys over 7 parts).
    for (const part of parts) expect(part.paths.length, part.dir).toBeLessThan(30 * 2);
    for (const part of parts) expect(part.paths).toEqual([...part.paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('a journey keeps its part when another journey is added, removed, or grows', () => {
    const before = searchParts(site(journeys(40)), 30);
    // Same number of parts (ceil(208 / 30) = 7 as ceil(203 / 30)): no journey moves.
    const after = searchParts(site([...journeys(40), 'nouveau']), 30);
    for (const flowId of journeys(40)) expect(partOf(after, `parcours/${flowId}/index.html`), flowId).toBe(partOf(before, `parcours/${flowId}/index.html`));
    const shorter = searchParts(site(journeys(39)), 30);
    for (const flowId of journeys(39)) expect(partOf(shorter, `parcours/${flowId}/index.html`), flowId).toBe(partOf(before, `parcours/${flowId}/index.html`));
  });

  it('the part size comes from PARCOURS_SEARCH_PART_PAGES, a whole number, or is refused in French', () => {
    expect(readEnv({ PARCOURS_SEARCH_PART_PAGES: '500' }).searchPartPages).toBe(500);
    expect(readEnv({}).searchPartPages).toBeUndefined();
    for (const wrong of ['0', '-3', '1.5', 'beaucoup', '99999999']) {
      const env = readEnv({ PARCOURS_SEARCH_PART_PAGES: wrong });
      expect(env.searchPartPages, wrong).toBeUndefined();
      expect(env.problems?.[0]?.variable).toBe('PARCOURS_SEARCH_PART_PAGES');
      expect(env.problems?.[0]?.message).toContain(`« ${wrong} »`);
    }
  });
});
