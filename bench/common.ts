/** What the three benchmarks share: machine facts, tables, number formatting, logging, their one option, their ending. */
import { spawnSync } from 'node:child_process';
import { cpus, freemem, platform, release, totalmem } from 'node:os';

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
    chromium: run.status === 0 ? run.stdout.trim() : chromium,
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
