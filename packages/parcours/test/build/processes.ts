/** What /proc says about processes (Linux): for tests that check nothing is left running. */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** R, S, D, Z (zombie: dead, waiting to be reaped)… */
  state: string;
  cmdline: string;
}

function read(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields follow the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    return { pid, ppid: Number(fields[1]), state: fields[0]!, cmdline };
  } catch {
    // Ended between the listing and the read.
    return undefined;
  }
}

/** Every process of the machine (this PID namespace). */
export function processes(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => read(Number(name)))
    .filter((p): p is ProcessInfo => p !== undefined);
}

/** The processes descending from `root` (not `root` itself). */
export function descendants(root: number, all = processes()): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  const parents = new Set([root]);
  // Parents may be listed after their children: go round until nothing is added.
  for (let added = true; added; ) {
    added = false;
    for (const p of all) {
      if (parents.has(p.ppid) && !parents.has(p.pid)) {
        parents.add(p.pid);
        out.push(p);
        added = true;
      }
    }
  }
  return out;
}

/** Chromium processes still running (not zombies) whose command line contains `marker`. */
export function liveChromium(marker: string): ProcessInfo[] {
  return processes().filter((p) => p.state !== 'Z' && p.cmdline.includes(marker) && /chrom/i.test(p.cmdline));
}

/** The value of `--user-data-dir=` in a Chromium command line. */
export function userDataDir(cmdline: string): string | undefined {
  return /--user-data-dir=(\S+)/.exec(cmdline)?.[1];
}

/** Waits (polling) until `check` returns a value other than undefined, or `ms` pass. */
export async function waitFor<T>(check: () => T | undefined, ms: number, every = 100): Promise<T | undefined> {
  const until = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, every));
  }
}
