import { existsSync, statSync, watch } from 'node:fs';
import { basename, isAbsolute, join, resolve, sep } from 'node:path';
import { CONFIG_FILE, loadConfig, noSiteUrlWarning } from '../../core/config.ts';
import { envDiagnostics } from '../../settings/settings.ts';
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
import { projectPath, type CliContext } from '../io.ts';
import { q } from '../../core/diagnostics.ts';
import { frenchSpacing } from '../../core/typography.ts';
import { editorShows } from '../../lsp/presence.ts';

/**
 * Which flows folders to load, and which files of each to report on. A file is always checked
 * within its whole folder, so that its references to other files resolve, but only its own
 * problems are shown.
 */
type Targets = Map<string, ((absolute: string) => boolean) | undefined>;

function targets(args: string[], options: CliOptions, cwd: string): Targets | { missing: string } {
  const roots: Targets = new Map();
  for (const arg of args.length ? args : [options.dir]) {
    const path = projectPath(arg, options.content, cwd);
    if (!path) return { missing: arg };
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

function projectConfig(options: CliOptions, cli: CliContext): { reviewMonths?: number; diagnostics: Diagnostic[] } {
  // Unusable environment values (SOURCE_DATE_EPOCH=abc) are refused by check as by build.
  const env = envDiagnostics(cli.env);
  if (!withConfig(options)) {
    // The whole project checked, but no parcours.yaml: the flows are fine to check, the site
    // cannot be built yet. A warning here; `build` refuses.
    if (options.args.length || !existsSync(options.dir)) return { diagnostics: env };
    return { diagnostics: [...env, ...loadConfig(options.content, cli.io.cwd).diagnostics.map((d) => ({ ...d, severity: 'warning' as const }))] };
  }
  const { config, file, diagnostics } = loadConfig(options.content, cli.io.cwd);
  if (!config) return { diagnostics: [...env, ...diagnostics] };
  return { reviewMonths: config.review.maxAgeMonths, diagnostics: [...env, ...diagnostics, ...(config.site.url || cli.env.siteUrl ? [] : [noSiteUrlWarning(file)])] };
}

/** Where the `reviewed` key of a file is, for the freshness warnings (`file` as shown, relative to `cwd`). */
const reviewedKey = (cwd: string) => (file: string): { line: number; column: number } => {
  const read = readSource(resolve(cwd, file), file);
  const parsed = read.ok ? parseYaml(file, read.text) : undefined;
  return parsed?.ok ? parsed.parsed.locate(['reviewed'], { key: true }) : { line: 1, column: 1 };
};

/**
 * Checks the targets once, prints the report and writes the editor's schemas; the exit code.
 * @param today `YYYY-MM-DD`, today by default
 */
function checkOnce(found: Targets, options: CliOptions, cli: CliContext, today = isoDay(new Date())): number {
  const { cwd } = cli.io;
  const projectSettings = projectConfig(options, cli);
  // Pages checked longer ago than the project's setting (parcours.yaml, review.maxAgeMonths) are listed.
  const reviewMonths = projectSettings.reviewMonths ?? DEFAULT_REVIEW_MONTHS;
  const diagnostics: Diagnostic[] = [...projectSettings.diagnostics];
  const summaries: FlowSummary[] = [];
  const overdue: ReviewedPage[] = [];
  let files = withConfig(options) ? 1 : 0;
  for (const [root, accept] of found) {
    const result = loadFlows(root, { cwd, today });
    const keep = (file: string) => !accept || accept(resolve(cwd, file));
    const reviews = reviewDiagnostics(result.project, today, reviewMonths, reviewedKey(cwd));
    diagnostics.push(...sortDiagnostics([...result.diagnostics, ...reviews]).filter((d) => keep(d.file)));
    summaries.push(...result.summaries.filter((s) => keep(s.file)));
    overdue.push(...overdueReviews(result.project, today, reviewMonths).filter((p) => keep(p.file)));
    files += result.project.files.filter((f) => keep(f.file)).length;
    try {
      writeProjectSchemas(result.project);
    } catch (error) {
      // The check itself is done: a read-only folder only costs the editor its completion.
      cli.err(`Les schémas de l’éditeur n’ont pas pu être écrits dans ${PROJECT_SCHEMAS_DIR}/ : ${(error as Error).message}\n`);
    }
  }
  if (options.json) {
    const reviews = { months: reviewMonths, today, overdue };
    cli.out(`${JSON.stringify({ ok: !hasErrors(diagnostics), diagnostics, summaries, reviews }, null, 2)}\n`);
    return hasErrors(diagnostics) ? 1 : 0;
  }
  const out: string[] = [];
  for (const d of diagnostics) out.push(formatDiagnostic(d, cli.paint), '');
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
  out.push(formatTotals(diagnostics, files, cli.paint));
  cli.out(`${out.join('\n')}\n`);
  return hasErrors(diagnostics) ? 1 : 0;
}


/** How often `check --watch` looks whether an editor shows the problems (a directory listing). */
const EDITOR_POLL_MS = 2000;

/** The first line of each run in watch mode: VS Code's problem matcher starts a new report there. */
export const WATCH_BEGIN = '── Vérification';

/**
 * `check --watch`: checks, then checks again after each change under the flows folders
 * (a burst of events, as editors save by writing then renaming, makes one run). Each run
 * starts with a line beginning with WATCH_BEGIN and ends with the totals line (✔ or ✘), which
 * the problem matcher of .vscode/tasks.json waits for. Never returns until interrupted.
 */
function watchCommand(found: Targets, options: CliOptions, cli: CliContext): number {
  const roots = [...found.keys()];
  const shown = roots.map((root) => displayPath(root, cli.io.cwd)).join(', ');
  // While the editor's language server shows this project's problems (the VS Code extension),
  // they are not listed here too: the Problems panel showed each twice (lsp/presence.ts).
  let quiet = editorShows(options.content);
  const run = () => {
    const time = new Date().toLocaleTimeString('fr-FR');
    cli.out(`${WATCH_BEGIN} de ${shown} (${time}) ──\n`);
    if (quiet) cli.out('L’extension Parcours affiche déjà les problèmes de ce projet dans l’éditeur : ils ne sont pas répétés ici.\n');
    else checkOnce(found, options, cli);
    cli.out(`En attente de modifications (Ctrl+C pour arrêter)…\n\n`);
  };
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(run, 100);
  };
  run();
  // The extension starts (or stops) while the task runs: checked every two seconds.
  setInterval(() => {
    if (editorShows(options.content) === quiet) return;
    quiet = !quiet;
    schedule();
  }, EDITOR_POLL_MS);
  for (const root of roots) {
    const watcher = watch(root, { recursive: true }, schedule);
    watcher.on('error', (error) => cli.err(`Surveillance de ${displayPath(root, cli.io.cwd)} interrompue : ${error.message}\n`));
  }
  return 0;
}

export function checkCommand(options: CliOptions, cli: CliContext): number {
  const found = targets(options.args, options, cli.io.cwd);
  if ('missing' in found) {
    const where = isAbsolute(found.missing) || options.content === cli.io.cwd ? 'pas' : `ni dans le projet ${q(displayPath(options.content, cli.io.cwd))} ni dans le dossier courant`;
    cli.err(frenchSpacing(`Le chemin ${q(found.missing)} n’existe ${where}.\n`));
    return 2;
  }
  if (options.watch) {
    if (options.json) {
      cli.err('Les options --watch et --json ne vont pas ensemble.\n');
      return 2;
    }
    return watchCommand(found, options, cli);
  }
  return checkOnce(found, options, cli);
}
