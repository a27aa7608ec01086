/**
 * Builds through the real command (`parcours build --content … --out …`) and reads back what
 * the build says of itself (`<out>/.parcours/build.json`), never its French progress lines.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSummary } from '../../src/stages/build.ts';
import type { BuildSummary } from '../../src/stages/index.ts';
import { CLI, ECPS, ROOT } from './cli.ts';

export interface BuildRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The summary the build wrote (undefined when it stopped before). */
  summary: BuildSummary | undefined;
}

export const buildArgs = (content: string, out: string, extra: string[] = []) => [CLI, 'build', '--content', content, '--out', out, ...extra];
export const buildEnv = (env: Record<string, string> = {}) => ({ ...process.env, NO_COLOR: '1', ...env });

export function runBuild(content: string, out: string, options: { env?: Record<string, string>; args?: string[] } = {}): BuildRun {
  const run = spawnSync(process.execPath, buildArgs(content, out, options.args), { cwd: ROOT, encoding: 'utf8', env: buildEnv(options.env) });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, summary: readSummary(out) };
}

export function startBuild(content: string, out: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, buildArgs(content, out), { cwd: ROOT, env: buildEnv(env) });
}

/** The e-CPS configuration, with an optional public address. */
export const ECPS_CONFIG = (url?: string) => `site:
  name: Aide e-CPS
  description: Activer, supprimer ou réactiver votre e-CPS, question par question.
${url ? `  url: ${url}\n` : ''}publisher:
  name: Agence du Numérique en Santé (ANS)
home:
  title: "Aide e-CPS : que voulez-vous faire ?"
sheets:
  collectionTitle: Recueil des fiches pratiques e-CPS
  keywords: [e-CPS]
`;

/**
 * A content project in a fresh temporary folder: `flows` folders copied in order (later ones
 * add or replace files), the e-CPS MDX pages unless `content: false`, and a parcours.yaml.
 */
export function contentProject(options: { flows?: string[]; config?: string; content?: boolean; files?: Record<string, string> } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-project-'));
  for (const flows of options.flows ?? [join(ECPS, 'flows')]) cpSync(flows, join(dir, 'flows'), { recursive: true });
  if (options.content !== false) cpSync(join(ECPS, 'content'), join(dir, 'content'), { recursive: true });
  writeFileSync(join(dir, 'parcours.yaml'), options.config ?? ECPS_CONFIG());
  for (const [path, text] of Object.entries(options.files ?? {})) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
