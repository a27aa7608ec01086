import { existsSync, statSync, watch } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { CONFIG_FILE, loadConfig, noSiteUrlWarning } from '../../core/config.ts';
import { readEnv } from '../../settings/env.ts';
import { displayPath, KIND_FOLDERS, flowsRootOf } from '../../core/discover.ts';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../../core/diagnostics.ts';
import { byOwner, DEFAULT_REVIEW_MONTHS, formatReviewDate, isoDay, overdueReviews, reviewDiagnostics, type ReviewedPage } from '../../core/freshness.ts';
import { loadFlows } from '../../core/load.ts';
import { readSource } from '../../core/source.ts';
import { parseYaml } from '../../core/yaml.ts';
import type { FlowSummary } from '../../core/analyse.ts';
import type { CliOptions } from '../main.ts';
import { PROJECT_SCHEMAS_DIR } from '../../core/schema/project-schemas.ts';
import { writeProjectSchemas } from '../editor-schemas.ts';
import { formatDiagnostic, formatSummary, formatTotals } from '../format.ts';
import { q } from '../../core/diagnostics.ts';
import { frenchSpacing } from '../../core/typography.ts';

/**
 * Which flows folders to load, and which files of each to report on. A file is always checked
 * within its whole folder, so that its references to other files resolve, but only its own
 * problems are shown.
 */
type Targets = Map<string, ((absolute: string) => boolean) | undefined>;

function targets(args: string[], flowsDir: string): Targets | { missing: string } {
  const roots: Targets = new Map();
  for (const arg of args.length ? args : [flowsDir]) {
    const path = resolve(arg);
    if (!existsSync(path)) return { missing: arg };
    if (statSync(path).isDirectory() && !KIND_FOLDERS[basename(path)]) {
      roots.set(path, undefined);
      continue;
    }
    // A file, or a procedures/, contacts/ or brands/ folder: load its flows folder, filter.
    const root = statSync(path).isDirectory() ? resolve(path, '..') : flowsRootOf(path);
    const previous = roots.get(root);
    if (roots.has(root) && previous === undefined) continue;
    const accept = (file: string) => file === path || file.startsWith(path + sep);
    roots.set(root, previous ? (file) => previous(file) || accept(file) : accept);
  }
  return roots;
}

/**
 * The project's own file, checked with the whole project (no file named on the command line):
 * parcours.yaml's problems, or the one warning that no public address is configured. A bare
 * flows folder (--dir, or a folder without parcours.yaml) is checked without it.
 */
const withConfig = (options: CliOptions) => !options.args.length && existsSync(join(options.content, CONFIG_FILE));

function projectConfig(options: CliOptions): { reviewMonths?: number; diagnostics: Diagnostic[] } {
  if (!withConfig(options)) {
    // The whole project checked, but no parcours.yaml: the flows are fine to check, the site
    // cannot be built yet. A warning here; `build` refuses.
    if (options.args.length || !existsSync(options.dir)) return { diagnostics: [] };
    return { diagnostics: loadConfig(options.content).diagnostics.map((d) => ({ ...d, severity: 'warning' as const })) };
  }
  const { config, file, diagnostics } = loadConfig(options.content);
  if (!config) return { diagnostics };
  return { reviewMonths: config.review.maxAgeMonths, diagnostics: [...diagnostics, ...(config.site.url || readEnv().siteUrl ? [] : [noSiteUrlWarning(file)])] };
}

/** Where the `reviewed` key of a file is, for the freshness warnings. */
function reviewedKey(file: string): { line: number; column: number } {
  const read = readSource(resolve(file), file);
  const parsed = read.ok ? parseYaml(file, read.text) : undefined;
  return parsed?.ok ? parsed.parsed.locate(['reviewed'], { key: true }) : { line: 1, column: 1 };
}

/**
 * Checks the targets once, prints the report and writes the editor's schemas; the exit code.
 * @param today `YYYY-MM-DD`, today by default
 */
function checkOnce(found: Targets, options: CliOptions, today = isoDay(new Date())): number {
  const projectSettings = projectConfig(options);
  // Pages checked longer ago than the project's setting (parcours.yaml, review.maxAgeMonths) are listed.
  const reviewMonths = projectSettings.reviewMonths ?? DEFAULT_REVIEW_MONTHS;
  const diagnostics: Diagnostic[] = [...projectSettings.diagnostics];
  const summaries: FlowSummary[] = [];
  const overdue: ReviewedPage[] = [];
  let files = withConfig(options) ? 1 : 0;
  for (const [root, accept] of found) {
    const result = loadFlows(root);
    const keep = (file: string) => !accept || accept(resolve(file));
    const reviews = reviewDiagnostics(result.project, today, reviewMonths, reviewedKey);
    diagnostics.push(...sortDiagnostics([...result.diagnostics, ...reviews]).filter((d) => keep(d.file)));
    summaries.push(...result.summaries.filter((s) => keep(s.file)));
    overdue.push(...overdueReviews(result.project, today, reviewMonths).filter((p) => keep(p.file)));
    files += result.project.files.filter((f) => keep(f.file)).length;
    try {
      writeProjectSchemas(result.project);
    } catch (error) {
      // The check itself is done: a read-only folder only costs the editor its completion.
      process.stderr.write(`Les schémas de l’éditeur n’ont pas pu être écrits dans ${PROJECT_SCHEMAS_DIR}/ : ${(error as Error).message}\n`);
    }
  }
  if (options.json) {
    const reviews = { months: reviewMonths, today, overdue };
    process.stdout.write(`${JSON.stringify({ ok: !hasErrors(diagnostics), diagnostics, summaries, reviews }, null, 2)}\n`);
    return hasErrors(diagnostics) ? 1 : 0;
  }
  const out: string[] = [];
  for (const d of diagnostics) out.push(formatDiagnostic(d), '');
  if (summaries.length) {
    out.push('Parcours :');
    for (const s of summaries) out.push(`  ${formatSummary(s)}`);
    out.push('');
  }
  if (overdue.length) {
    out.push(frenchSpacing(`À revérifier (vérifié il y a plus de ${reviewMonths} mois), par responsable :`));
    for (const group of byOwner(overdue)) {
      out.push(frenchSpacing(`  ${group.owner ?? 'Sans responsable (champ « owner »)'} :`));
      for (const page of group.pages) out.push(frenchSpacing(`    ${page.file} — ${q(page.title)}, vérifié le ${formatReviewDate(page.reviewed)}`));
    }
    out.push('');
  }
  out.push(formatTotals(diagnostics, files));
  process.stdout.write(`${out.join('\n')}\n`);
  return hasErrors(diagnostics) ? 1 : 0;
}


/** The first line of each run in watch mode: VS Code's problem matcher starts a new report there. */
export const WATCH_BEGIN = '── Vérification';

/**
 * `check --watch`: checks, then checks again after each change under the flows folders
 * (a burst of events, as editors save by writing then renaming, makes one run). Each run
 * starts with a line beginning with WATCH_BEGIN and ends with the totals line (✔ or ✘), which
 * the problem matcher of .vscode/tasks.json waits for. Never returns until interrupted.
 */
function watchCommand(found: Targets, options: CliOptions): number {
  const roots = [...found.keys()];
  const shown = roots.map((root) => displayPath(root)).join(', ');
  const run = () => {
    const time = new Date().toLocaleTimeString('fr-FR');
    process.stdout.write(`${WATCH_BEGIN} de ${shown} (${time}) ──\n`);
    checkOnce(found, options);
    process.stdout.write(`En attente de modifications (Ctrl+C pour arrêter)…\n\n`);
  };
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(run, 100);
  };
  run();
  for (const root of roots) {
    const watcher = watch(root, { recursive: true }, schedule);
    watcher.on('error', (error) => process.stderr.write(`Surveillance de ${displayPath(root)} interrompue : ${error.message}\n`));
  }
  return 0;
}

export function checkCommand(options: CliOptions): number {
  const found = targets(options.args, options.dir);
  if ('missing' in found) {
    process.stderr.write(`Le chemin « ${found.missing} » n’existe pas.\n`);
    return 2;
  }
  if (options.watch) {
    if (options.json) {
      process.stderr.write('Les options --watch et --json ne vont pas ensemble.\n');
      return 2;
    }
    return watchCommand(found, options);
  }
  return checkOnce(found, options);
}
