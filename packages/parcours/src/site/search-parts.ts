/**
 * The search index in parts, so that a build redoes only the part whose pages changed.
 *
 * Pagefind builds its index in memory from every page it is given, and cannot update one: on
 * 500 journeys (10,647 pages), indexing them all takes 12 s of a 2-core machine, whatever the
 * edit. So a large site's index is cut into parts, each a whole Pagefind index of its own
 * (`pagefind/` for the first, `pagefind/<n>/` for the others), and the search page merges them
 * (Pagefind's `mergeIndex`: one search over all parts, results sorted by score). A part whose
 * pages are the same as in the last build is taken from it as it is (src/stages/search.ts).
 *
 * Cut: every page of a journey goes to the same part, and each procedure's page to one, chosen
 * by a hash of its id (an edited journey's pages stay together, and a part keeps its journeys
 * when others are added or removed); the few pages that show the whole site (home, contacts,
 * MDX pages) go to the first part. So every part is a like sample of the site: Pagefind scores
 * a page against the statistics of its own part (how rare a word is, how long pages are), and
 * parts alike give scores close to those of one index. A site of at most `partPages` searched
 * pages keeps one index, exactly as before. Each part costs a reader two small requests more
 * per search: the default part size keeps that to a handful on the largest sites measured
 * (docs/mesures.md).
 */
import { createHash } from 'node:crypto';
import type { SitePage } from './routes.ts';
import { byCodePoint } from '../core/order.ts';

/** Searched pages per part, unless PARCOURS_SEARCH_PART_PAGES says otherwise. */
export const DEFAULT_PART_PAGES = 2000;

export interface SearchPart {
  /** Its folder under `pagefind/`: '' for the first part (the one the search page loads), `<n>/` for the others. */
  dir: string;
  /** Its pages (paths in the site), in code-point order: the order Pagefind numbers them. */
  paths: string[];
}

/** The pages search covers: all but the print pages of the sheets and recueils (they leave the site once printed). */
export const searchedPages = (pages: SitePage[]): SitePage[] => pages.filter((page) => page.scope.kind !== 'sheet' && page.scope.kind !== 'recueil');

/** Which of `count` parts (0…count − 1) holds a journey's or a procedure's pages: stable, whatever the others. */
function partOf(id: string, count: number): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) % count;
}

/** The journey or procedure a page belongs to; undefined for a page that shows the whole site. */
function unitOf(page: SitePage): string | undefined {
  const scope = page.scope;
  if (scope.kind === 'node' || scope.kind === 'overview') return `parcours:${scope.flowId}`;
  if (scope.kind === 'procedure') return `procedure:${scope.procedureId}`;
  return undefined;
}

/**
 * The parts of the search index of a site with these pages, the first first, then by number;
 * only parts with pages (the first always has some: the home page).
 */
export function searchParts(pages: SitePage[], partPages: number): SearchPart[] {
  const searched = searchedPages(pages);
  const all = searched.map((page) => page.path).sort(byCodePoint);
  if (all.length <= partPages) return [{ dir: '', paths: all }];
  const count = Math.ceil(all.length / partPages);
  const parts = new Map<number, string[]>();
  for (const page of searched) {
    const unit = unitOf(page);
    const n = unit === undefined ? 0 : partOf(unit, count);
    if (!parts.has(n)) parts.set(n, []);
    parts.get(n)!.push(page.path);
  }
  return [...parts].sort(([a], [b]) => a - b).map(([n, paths]) => ({ dir: n === 0 ? '' : `${n}/`, paths: paths.sort(byCodePoint) }));
}
