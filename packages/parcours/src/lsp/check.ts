/**
 * What `parcours check` reports on a content project, computed from the texts an editor holds:
 * parcours.yaml, every file of flows/ through the real loader (schema, references, the path
 * proof across journeys), and the review dates. Paths in the diagnostics are relative to the
 * project, as when `parcours check` runs in its folder.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE, loadConfig, noSiteUrlWarning } from '../core/config.ts';
import { sortDiagnostics, type Diagnostic } from '../core/diagnostics.ts';
import { DEFAULT_REVIEW_MONTHS, reviewDiagnostics } from '../core/freshness.ts';
import { loadFlows, type LoadResult } from '../core/load.ts';

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
}

export function checkContent({ dir, unsaved, today, siteUrlFromEnv }: CheckInput): ContentCheck {
  const configPath = join(dir, CONFIG_FILE);
  const flowsDir = join(dir, 'flows');
  const configured = unsaved.has(configPath) || existsSync(configPath);
  let months = DEFAULT_REVIEW_MONTHS;
  const diagnostics: Diagnostic[] = [];
  const config = loadConfig(dir, dir, unsaved.get(configPath));
  if (!configured) {
    // The flows can be checked without it, the site cannot be built: a warning, as `check` gives.
    diagnostics.push(...config.diagnostics.map((d) => ({ ...d, severity: 'warning' as const })));
  } else if (!config.config) {
    diagnostics.push(...config.diagnostics);
  } else {
    months = config.config.review.maxAgeMonths;
    if (!config.config.site.url && !siteUrlFromEnv) diagnostics.push(noSiteUrlWarning(config.file));
  }
  const load = loadFlows(flowsDir, { cwd: dir, unsaved });
  const reviews = reviewDiagnostics(load.project, today, months, (file) => load.locate({ file, path: ['reviewed'] }, { key: true }));
  diagnostics.push(...sortDiagnostics([...load.diagnostics, ...reviews]));
  return { load, diagnostics };
}
