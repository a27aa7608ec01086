import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { CONFIG_FILE, loadConfig, noSiteUrlWarning } from '../../core/config.ts';
import { readEnv } from '../../settings/env.ts';
import { KIND_FOLDERS, flowsRootOf } from '../../core/discover.ts';
import { hasErrors, type Diagnostic } from '../../core/diagnostics.ts';
import { loadFlows } from '../../core/load.ts';
import type { FlowSummary } from '../../core/analyse.ts';
import type { CliOptions } from '../main.ts';
import { formatDiagnostic, formatSummary, formatTotals } from '../format.ts';

/**
 * Which flows folders to load, and which files of each to report on. A file is always checked
 * within its whole folder, so that its references to other files resolve, but only its own
 * problems are shown.
 */
function targets(args: string[], flowsDir: string): Map<string, ((absolute: string) => boolean) | undefined> | { missing: string } {
  const roots = new Map<string, ((absolute: string) => boolean) | undefined>();
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

function projectDiagnostics(options: CliOptions): Diagnostic[] {
  if (!withConfig(options)) return [];
  const { config, file, diagnostics } = loadConfig(options.content);
  if (!config) return diagnostics;
  return config.site.url || readEnv().siteUrl ? [] : [noSiteUrlWarning(file)];
}

export function checkCommand(options: CliOptions): number {
  const found = targets(options.args, options.dir);
  if ('missing' in found) {
    process.stderr.write(`Le chemin « ${found.missing} » n’existe pas.\n`);
    return 2;
  }
  const diagnostics: Diagnostic[] = [...projectDiagnostics(options)];
  const summaries: FlowSummary[] = [];
  let files = withConfig(options) ? 1 : 0;
  for (const [root, accept] of found) {
    const result = loadFlows(root);
    const keep = (file: string) => !accept || accept(resolve(file));
    diagnostics.push(...result.diagnostics.filter((d) => keep(d.file)));
    summaries.push(...result.summaries.filter((s) => keep(s.file)));
    files += result.project.files.filter((f) => keep(f.file)).length;
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

