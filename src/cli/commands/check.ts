import { existsSync, statSync, watch } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import { displayPath, KIND_FOLDERS, flowsRootOf } from '../../core/discover.ts';
import { hasErrors, type Diagnostic } from '../../core/diagnostics.ts';
import { loadFlows } from '../../core/load.ts';
import type { FlowSummary } from '../../core/analyse.ts';
import type { CliOptions } from '../main.ts';
import { PROJECT_SCHEMAS_DIR } from '../../core/schema/project-schemas.ts';
import { writeProjectSchemas } from '../editor-schemas.ts';
import { formatDiagnostic, formatSummary, formatTotals } from '../format.ts';

/**
 * Which flows folders to load, and which files of each to report on. A file is always checked
 * within its whole folder, so that its references to other files resolve, but only its own
 * problems are shown.
 */
function targets(args: string[]): Targets | { missing: string } {
  const roots: Targets = new Map();
  for (const arg of args.length ? args : ['flows']) {
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

type Targets = Map<string, ((absolute: string) => boolean) | undefined>;

/** Checks the targets once, prints the report and writes the editor's schemas; the exit code. */
function checkOnce(found: Targets, options: CliOptions): number {
  const diagnostics: Diagnostic[] = [];
  const summaries: FlowSummary[] = [];
  let files = 0;
  for (const [root, accept] of found) {
    const result = loadFlows(root);
    const keep = (file: string) => !accept || accept(resolve(file));
    diagnostics.push(...result.diagnostics.filter((d) => keep(d.file)));
    summaries.push(...result.summaries.filter((s) => keep(s.file)));
    files += result.project.files.filter((f) => keep(f.file)).length;
    try {
      writeProjectSchemas(result.project);
    } catch (error) {
      // The check itself is done: a read-only folder only costs the editor its completion.
      process.stderr.write(`Les schémas de l’éditeur n’ont pas pu être écrits dans ${PROJECT_SCHEMAS_DIR}/ : ${(error as Error).message}\n`);
    }
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok: !hasErrors(diagnostics), diagnostics, summaries }, null, 2)}\n`);
    return hasErrors(diagnostics) ? 1 : 0;
  }
  const out: string[] = [];
  for (const d of diagnostics) out.push(formatDiagnostic(d), '');
  if (summaries.length) {
    out.push('Parcours :');
    for (const s of summaries) out.push(`  ${formatSummary(s)}`);
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
  const found = targets(options.args);
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
