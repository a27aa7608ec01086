/**
 * How many pages each sheet of a content project takes, measured exactly as the build lays
 * them out: by running the build itself (site, then sheets fitted to their pages by
 * sheet-fit.ts and printed by print-sheets.ts) into a private folder, and reading the layout
 * report it leaves beside its cache. For `parcours diff --fiches`, which measures two versions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEnv } from '../settings/env.ts';
import { resolveSettings } from '../settings/settings.ts';
import { Build } from './build.ts';
import { LAYOUT_REPORT } from './print-sheets.ts';

/**
 * @param contentDir the content project (its parcours.yaml, flows/ and content/)
 * @param work a private folder: the site is built in `work/site`, cached in `work/cache`
 *   (two measures sharing `work` reuse each other's unchanged diagrams and sheets)
 * @returns pages by sheet name
 */
export async function measureSheetPages(contentDir: string, work: string): Promise<Map<string, number>> {
  const resolved = resolveSettings({ content: contentDir, out: join(work, 'site'), env: { ...readEnv(), cache: join(work, 'cache') } });
  if (!resolved.ok) throw new Error(resolved.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join('\n'));
  // Its folders are not kept: `work` is removed once measured, with nothing still writing in it.
  const outcome = await new Build(resolved.settings).run({ force: true, keepFolders: false });
  if (!outcome.ok) throw new Error(outcome.message);
  const report = JSON.parse(readFileSync(join(resolved.settings.cacheDir, 'fiches', LAYOUT_REPORT), 'utf8')) as { sheet: string; layout: { pages: number } }[];
  return new Map(report.map((r) => [r.sheet, r.layout.pages]));
}
