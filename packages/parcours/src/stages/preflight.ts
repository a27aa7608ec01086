/**
 * Before a build: what a killed build left behind is cleaned, and the folders the build writes
 * are checked, so that a read-only cache or output folder is said in French, naming the folder
 * and the setting that chose it, rather than met halfway through as a raw EACCES.
 *
 * A build writes into `.<out>-<pid>` and, for an instant, keeps the previous output as
 * `.<out>-old-<pid>`, then has it emptied in the background as `.<out>-emptying-<pid>`, or makes
 * the next build's folders in `.<out>-skeleton-<pid>` (./recycle.ts); Astro works in `.astro-build-<pid>` in the toolkit's folder; the cache
 * writes `<file>.<pid>.tmp` before renaming. A build killed with SIGKILL cleans none of them:
 * the next build removes those of processes that no longer exist (and puts a previous output
 * back if it was caught between its two renames).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CONFIG_FILE } from '../core/config.ts';
import { q } from '../core/diagnostics.ts';
import { displayPath } from '../core/discover.ts';
import { readSource } from '../core/source.ts';
import { parseYaml } from '../core/yaml.ts';
import { readEnv } from '../settings/env.ts';
import { isRunning } from '../core/processes.ts';
import { TOOLKIT_DIR, type Settings } from '../settings/settings.ts';


const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const entries = (dir: string) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

/** Removes what builds that no longer run left behind; returns what was removed or restored. */
export function cleanLeftovers(settings: Settings): string[] {
  const done: string[] = [];
  const out = settings.outDir;
  // `.<out>-<pid>`: a temporary folder; `-old-<pid>`: the last output; `-emptying-<pid>`: the
  // one before, half emptied; `-skeleton-<pid>`: folders being made (recycle.ts); `-site-<pid>`:
  // Astro's working folder, being removed (build.ts).
  const mine = new RegExp(`^\\.${escape(basename(out))}-(old-|emptying-|skeleton-|site-)?(\\d+)$`);
  for (const name of entries(dirname(out)).sort()) {
    const match = mine.exec(name);
    if (!match || isRunning(Number(match[2]))) continue;
    const path = join(dirname(out), name);
    // Killed between its two renames: that folder is the last good output.
    if (match[1] === 'old-' && !existsSync(out)) renameSync(path, out);
    else rmSync(path, { recursive: true, force: true });
    done.push(path);
  }
  for (const name of entries(TOOLKIT_DIR)) {
    const match = /^\.astro-build-(\d+)$/.exec(name);
    if (!match || isRunning(Number(match[1]))) continue;
    rmSync(join(TOOLKIT_DIR, name), { recursive: true, force: true });
    done.push(join(TOOLKIT_DIR, name));
  }
  for (const dir of [settings.cacheDir, join(settings.cacheDir, 'diagrams'), join(settings.cacheDir, 'fiches')]) {
    for (const name of entries(dir)) {
      const match = /\.(\d+)\.tmp$/.exec(name);
      if (!match || isRunning(Number(match[1]))) continue;
      rmSync(join(dir, name), { force: true });
      done.push(join(dir, name));
    }
  }
  return done;
}

/** Why a folder cannot be written (its error code), or undefined when it can. */
function unwritable(dir: string): string | undefined {
  const probe = join(dir, `.parcours-essai-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(probe, '');
    unlinkSync(probe);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

/** Where a setting of parcours.yaml is written (`parcours.yaml:12:10`), if it is. */
function settingPlace(settings: Settings, path: string[]): string | undefined {
  const file = join(settings.contentDir, CONFIG_FILE);
  const read = readSource(file, CONFIG_FILE, settings.contentDir);
  const parsed = read.ok ? parseYaml(CONFIG_FILE, read.text) : undefined;
  if (!parsed?.ok) return undefined;
  let data: unknown = parsed.parsed.data;
  for (const key of path) data = data && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined;
  if (data === undefined) return undefined;
  const { line, column } = parsed.parsed.locate(path);
  return `${displayPath(file)}:${line}:${column}`;
}

/**
 * Cleans leftovers, then checks that the cache and the output's folder can be written. Throws
 * an Error whose message, in French, names the folder, where it was chosen and how to fix it.
 */
export function prepareBuild(settings: Settings): void {
  cleanLeftovers(settings);
  const cacheProblem = unwritable(settings.cacheDir);
  if (cacheProblem) {
    const chosen = readEnv().cache
      ? 'choisi par la variable PARCOURS_CACHE'
      : (settingPlace(settings, ['build', 'cache']) ?? `le dossier par défaut, à côté de ${CONFIG_FILE}`);
    throw new Error(
      `le dossier de cache ${q(settings.cacheDir)} (${chosen}) n’est pas accessible en écriture (${cacheProblem}). ` +
        'La construction y garde les logigrammes et les fiches déjà faits, même quand tout est à jour : donnez-vous le droit d’y écrire, ' +
        'ou choisissez un autre dossier (build.cache dans parcours.yaml, ou la variable PARCOURS_CACHE).',
    );
  }
  for (const dir of [dirname(settings.outDir), ...(existsSync(settings.outDir) ? [settings.outDir] : [])]) {
    const problem = unwritable(dir);
    if (!problem) continue;
    const chosen = settingPlace(settings, ['build', 'out']) ?? 'choisi par --out, ou le dossier par défaut';
    throw new Error(
      `le dossier ${q(dir)} (sortie ${q(settings.outDir)}, ${chosen}) n’est pas accessible en écriture (${problem}). ` +
        'Donnez-vous le droit d’y écrire, ou choisissez un autre dossier de sortie (--out, ou build.out dans parcours.yaml).',
    );
  }
}
