import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { run } from '../../src/cli/main.ts';

/** The toolkit's package (packages/parcours). */
export const TOOLKIT = join(import.meta.dirname, '..', '..');
/** The e-CPS guides, the toolkit's first real content project (guides/e-cps). */
export const ECPS = join(TOOLKIT, '..', '..', 'guides', 'e-cps');
/** This repository (the docs, the workspace). */
export const REPO = join(TOOLKIT, '..', '..');
/** Where commands run by default in tests: the e-CPS project, as an agency's folder would be. */
export const ROOT = ECPS;
export const CLI = join(TOOLKIT, 'bin', 'parcours.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a `parcours` command in this process (src/cli/main.ts's `run`), from `cwd`, with its own
 * output streams and environment: what a terminal would show, without starting a Node.
 */
export async function cli(args: string[], cwd = ROOT, env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await run(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { status, stdout, stderr };
}

/**
 * Runs the real `parcours` command (bin/parcours.js), as a process on the same Node as the
 * tests, in `cwd`: for what only a process shows (the launcher, exit codes, signals).
 */
export function runCli(args: string[], cwd = ROOT, env: Record<string, string> = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The diagnostics of the human output: `file:line:column erreur|attention message [code]`. */
export function parseReported(stdout: string): { file: string; line: number; column: number; severity: string; code: string; message: string }[] {
  const out = [];
  for (const match of stdout.matchAll(/^(.+?):(\d+):(\d+) (erreur|attention) (.*) \[([a-z-]+)\]$/gm)) {
    out.push({ file: match[1]!, line: Number(match[2]), column: Number(match[3]), severity: match[4]!, message: match[5]!, code: match[6]! });
  }
  return out;
}
