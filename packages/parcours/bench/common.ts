/**
 * What the three benchmarks share: machine facts, tables, number formatting, logging, their
 * one option, finding Chromium, bench/results.json, temporary folders and project copies,
 * their ending.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from '../src/render/browser.ts';
import { SUMMARY_FILE } from '../src/stages/index.ts';
import { SYNTHETIC_SITE_URL } from './synthetic.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The toolkit (packages/parcours). */
export const ROOT = join(HERE, '..');
/** The repository: its node_modules (the npm workspace's), its e-CPS content project. */
const REPO = join(ROOT, '..', '..');
export const ECPS = join(REPO, 'guides', 'e-cps');
export const RESULTS = join(HERE, 'results.json');

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
export const fmt = (value: number, digits = 1) => value.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const log = (line: string) => process.stderr.write(`${line}\n`);

/** `--quick` or nothing: true/false, or undefined (after saying so) for any other option. */
export function quickOption(args: string[], usage: string): boolean | undefined {
  const unknown = args.filter((a) => a !== '--quick');
  if (unknown.length) {
    log(`Option inconnue : ${unknown.join(' ')}. Usage : ${usage}`);
    return undefined;
  }
  return args.includes('--quick');
}

/** Lists the problems met, if any; the exit code: 1 when there were some. */
export function finish(problems: string[]): number {
  if (problems.length === 0) return 0;
  console.log(`\n${problems.length} problème(s) :`);
  for (const problem of problems) console.log(`  - ${problem}`);
  return 1;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  freeMemoryGiB: number;
  platform: string;
  node: string;
  chromium: string;
}

/** The facts every benchmark records with its numbers. */
export function machineFacts(chromium: string): Machine {
  const run = spawnSync(chromium, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'inconnu',
    memoryGiB: round(totalmem() / 2 ** 30),
    freeMemoryGiB: round(freemem() / 2 ** 30),
    platform: `${platform()} ${release()}`,
    node: process.version,
    // Which binary too: the headless shell and the full browser tell the same version.
    chromium: run.status === 0 ? `${run.stdout.trim()} (${basename(chromium)})` : chromium,
  };
}

/** A Markdown table, the first column aligned left and the others right. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/**
 * A word on the load average when it passed the number of cores. Chromium's own processes and
 * threads make much of it (4 to 8 on 2 cores with nothing else running), so it is a hint.
 */
export function loadNote(busiest: number, cpus: number): string | undefined {
  if (busiest <= cpus) return undefined;
  return `Charge moyenne la plus haute : ${fmt(busiest, 2)} pour ${cpus} processeur(s). Chromium en fait lui-même une bonne part ; si d’autres programmes tournaient, ils ont pu ralentir les mesures.`;
}

/** The Chromium to measure with, or undefined after saying none was found and what follows. */
export async function chromiumOrSay(consequence: string): Promise<string | undefined> {
  const found = await findChromium();
  if ('path' in found) return found.path;
  log(`Aucun Chromium trouvé (essayés : ${found.tried.join(', ')}) : ${consequence}.`);
  return undefined;
}

/** bench/results.json as it is now ({} when absent or unreadable). */
export function readResults(): Record<string, unknown> {
  if (!existsSync(RESULTS)) return {};
  try {
    return JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Sets one key of bench/results.json, read again just before writing: the other keys stay. */
export function writeResultsKey(key: string, value: unknown, problems: string[]): void {
  let previous: Record<string, unknown> = {};
  if (existsSync(RESULTS)) {
    try {
      previous = JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>;
    } catch {
      problems.push(`${RESULTS} n’était pas du JSON valide : il a été remplacé.`);
    }
  }
  writeFileSync(RESULTS, `${JSON.stringify({ ...previous, [key]: value }, null, 2)}\n`);
}

/** A copy of the toolkit (see snapshotProject): its folder, and its command line in it. */
export interface Toolkit {
  root: string;
  /** `bin/parcours.js` of the copy: `node <cli> build --content <project> --out <dir>`. */
  cli: string;
}

/**
 * A copy of the toolkit a build runs (bin/, src/, public/, templates/, schema/,
 * astro.config.mjs, package.json, tsconfig.json, puppeteer's configuration), with the
 * workspace's node_modules/ linked, at `dest`. The content project is separate (`--content`).
 * The benchmark measures the sources as they were when it started, whatever is edited in the
 * working tree meanwhile.
 */
export function snapshotProject(dest: string): Toolkit {
  mkdirSync(dest, { recursive: true });
  for (const part of ['bin', 'src', 'public', 'templates', 'schema', 'astro.config.mjs', 'package.json', 'tsconfig.json', '.puppeteerrc.cjs']) {
    if (existsSync(join(ROOT, part))) cpSync(join(ROOT, part), join(dest, part), { recursive: true });
  }
  symlinkSync(join(REPO, 'node_modules'), join(dest, 'node_modules'), 'dir');
  return { root: dest, cli: join(dest, 'bin', 'parcours.js') };
}

/**
 * A copy of this repository's own content project (the e-CPS guides: parcours.yaml, flows/,
 * content/) at `dest`, as it is now.
 */
export function copyRealContent(dest: string): string {
  mkdirSync(dest, { recursive: true });
  for (const part of ['parcours.yaml', 'flows', 'content']) {
    if (existsSync(join(ECPS, part))) cpSync(join(ECPS, part), join(dest, part), { recursive: true });
  }
  return dest;
}

/**
 * The files that differ between two built sites (or that only one has), compared one file at
 * a time, bytes and all; `.parcours/build.json` (the build's own account, with its durations)
 * is left out.
 */
export function differingFiles(a: string, b: string): string[] {
  const list = (dir: string) =>
    new Set(
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .map((f) => f.split(sep).join('/'))
        .filter((f) => f !== SUMMARY_FILE && statSync(join(dir, f)).isFile()),
    );
  const [left, right] = [list(a), list(b)];
  const names = [...new Set([...left, ...right])].sort();
  return names.filter((name) => !left.has(name) || !right.has(name) || !readFileSync(join(a, name)).equals(readFileSync(join(b, name))));
}

/** The machine's load while a benchmark ran: the 1-minute load average at its start, at its end, and the highest seen between. */
export function loadWatch(): { stop: () => { start: number; end: number; highest: number } } {
  const start = loadavg()[0]!;
  let highest = start;
  const timer = setInterval(() => (highest = Math.max(highest, loadavg()[0]!)), 5_000).unref();
  return {
    stop: () => {
      clearInterval(timer);
      const end = loadavg()[0]!;
      return { start: round(start, 2), end: round(end, 2), highest: round(Math.max(highest, end), 2) };
    },
  };
}

/**
 * The environment of every build the benchmarks run: no colours, the cache given, and one
 * public address (SYNTHETIC_SITE_URL, in the `.test` domain) for every project, the real one
 * too, so that every sheet carries its online address and QR code as a published one does.
 */
export function buildEnv(cacheDir: string): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', PARCOURS_CACHE: cacheDir, PARCOURS_SITE_URL: SYNTHETIC_SITE_URL };
}

/** A temporary folder removed at the end, on Ctrl-C and on SIGTERM too. */
export function temporaryRoot(prefix: string): { root: string; release: () => void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const cleanUp = () => rmSync(root, { recursive: true, force: true });
  const interrupted = (signal: NodeJS.Signals) => {
    cleanUp();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  return {
    root,
    release: () => {
      process.removeListener('SIGINT', interrupted);
      process.removeListener('SIGTERM', interrupted);
      cleanUp();
    },
  };
}

/** The middle one of `values` (odd counts), by `by`: the median run, with all its figures. */
export const medianBy = <T>(values: T[], by: (value: T) => number): T => [...values].sort((a, b) => by(a) - by(b))[Math.floor((values.length - 1) / 2)]!;
