import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

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

/** Runs the real `parcours` CLI, on the same Node as the tests, in `cwd`. */
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
