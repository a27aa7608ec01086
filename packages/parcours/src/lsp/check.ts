/**
 * What `parcours check` reports on a content project, computed from the texts an editor holds:
 * parcours.yaml, every file of flows/ through the real loader (schema, references, the path
 * proof across journeys), and the review dates. Paths in the diagnostics are relative to the
 * project, as when `parcours check` runs in its folder.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE, loadConfig, noSiteUrlWarning, type ConfigResult } from '../core/config.ts';
import { sortDiagnostics, type Diagnostic } from '../core/diagnostics.ts';
import { DEFAULT_REVIEW_MONTHS, reviewDiagnostics } from '../core/freshness.ts';
import { loadFlows, type LoadOptions, type LoadResult } from '../core/load.ts';

export interface ContentCheck {
  load: LoadResult;
  /** In the order `parcours check` prints them: parcours.yaml first, then the flows'. */
  diagnostics: Diagnostic[];
}

export interface CheckInput {
  /** The content project (parcours.yaml, flows/). */
  dir: string;
  /** Unsaved texts by absolute path. */
  unsaved: ReadonlyMap<string, string>;
  /** `YYYY-MM-DD`. */
  today: string;
  /** Whether PARCOURS_SITE_URL gives the public address (parcours.yaml need not). */
  siteUrlFromEnv: boolean;
  /** What one check keeps for the next: the parses of unchanged files, parcours.yaml read. */
  memo?: CheckMemo;
}

export interface CheckMemo {
  parses: NonNullable<LoadOptions['parses']>;
  config?: { key: string; result: ConfigResult };
}

/** parcours.yaml read and checked again only when its text (or, on disk, its date or size) changed. */
function configOf(dir: string, path: string, unsaved: string | undefined, memo: CheckMemo | undefined): ConfigResult {
  let key = 'absent';
  if (unsaved !== undefined) key = `text:${unsaved}`;
  else if (existsSync(path)) {
    const { mtimeMs, size } = statSync(path);
    key = `disk:${mtimeMs}:${size}`;
  }
  if (memo?.config?.key === key) return memo.config.result;
  const result = loadConfig(dir, dir, unsaved);
  if (memo) memo.config = { key, result };
  return result;
}

export function checkContent({ dir, unsaved, today, siteUrlFromEnv, memo }: CheckInput): ContentCheck {
  const configPath = join(dir, CONFIG_FILE);
  const flowsDir = join(dir, 'flows');
  const configured = unsaved.has(configPath) || existsSync(configPath);
  let months = DEFAULT_REVIEW_MONTHS;
  const diagnostics: Diagnostic[] = [];
  const config = configOf(dir, configPath, unsaved.get(configPath), memo);
  if (!configured) {
    // The flows can be checked without it, the site cannot be built: a warning, as `check` gives.
    diagnostics.push(...config.diagnostics.map((d) => ({ ...d, severity: 'warning' as const })));
  } else if (!config.config) {
    diagnostics.push(...config.diagnostics);
  } else {
    months = config.config.review.maxAgeMonths;
    if (!config.config.site.url && !siteUrlFromEnv) diagnostics.push(noSiteUrlWarning(config.file));
  }
  const load = loadFlows(flowsDir, { cwd: dir, unsaved, ...(memo ? { parses: memo.parses } : {}) });
  const reviews = reviewDiagnostics(load.project, today, months, (file) => load.locate({ file, path: ['reviewed'] }, { key: true }));
  diagnostics.push(...sortDiagnostics([...load.diagnostics, ...reviews]));
  return { load, diagnostics };
}
