/**
 * `parcours check --watch`, as the VS Code task of .vscode/tasks.json runs it: a new error
 * appears after a file is saved, in lines the task's problem matchers read (file, line,
 * column, message, code), between the begin and end lines of its background pattern; the
 * editor's schemas follow the project's files; and while the extension's language server
 * shows the problems, the task does not list them a second time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { CLI, ECPS } from '../helpers/cli.ts';
import { LspClient } from './lsp-client.ts';

interface Matcher {
  severity: string;
  fileLocation: [string, string];
  pattern: { regexp: string; file: number; line: number; column: number; message: number; code: number };
  background: { beginsPattern: string; endsPattern: string };
}

const TASKS = JSON.parse(readFileSync(join(ECPS, '.vscode', 'tasks.json'), 'utf8')) as { tasks: { label: string; command: string; isBackground?: boolean; problemMatcher: Matcher[] }[] };
const WATCH = TASKS.tasks.find((t) => t.isBackground)!;

let child: ChildProcess | undefined;
let project: string | undefined;
afterEach(() => {
  child?.kill();
  child = undefined;
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Waits until the output holds `count` finished runs (generous: the machine may be busy). */
function runs(output: () => string, count: number, end: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      if (output().split('\n').filter((line) => end.test(line)).length >= count) resolve();
      else if (Date.now() - started > 90_000) reject(new Error(`no run ${count} after 90 s:\n${output()}`));
      else setTimeout(poll, 50);
    };
    poll();
  });
}

it('the VS Code task runs `check --watch`', () => {
  expect(WATCH.command).toMatch(/check -- --watch$/);
  expect(WATCH.problemMatcher.map((m) => m.severity).sort()).toEqual(['error', 'warning']);
});

it('reports a new error after a file is saved, in lines the task’s problem matcher reads', { timeout: 200_000 }, async () => {
  project = mkdtempSync(join(tmpdir(), 'parcours-watch-'));
  cpSync(join(ECPS, 'flows'), join(project, 'flows'), { recursive: true });
  let output = '';
  child = spawn(process.execPath, [CLI, 'check', '--watch'], { cwd: project, env: { ...process.env, NO_COLOR: '1' } });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [errors, warnings] = [WATCH.problemMatcher.find((m) => m.severity === 'error')!, WATCH.problemMatcher.find((m) => m.severity === 'warning')!];
  const begins = new RegExp(errors.background.beginsPattern);
  const ends = new RegExp(errors.background.endsPattern);

  await runs(() => output, 1, ends);
  expect(output).toMatch(/aucune erreur/);

  // The editor saves a flow whose answer leads nowhere, and a new procedure.
  const flow = join(project, 'flows', 'reactivation.yaml');
  writeFileSync(flow, readFileSync(flow, 'utf8').replace('next: demarche-a', 'next: demarche-z'));
  writeFileSync(join(project, 'flows', 'procedures', 'nouvelle.yaml'), 'title: Nouvelle procédure\nsteps:\n  - text: Faites ceci.\n');
  await runs(() => output, 2, ends);

  // The run that saw the change: between a begin line and the end line after it.
  const all = output.split('\n');
  const start = all.findIndex((line, i) => begins.test(line) && i > all.findIndex((l) => ends.test(l)));
  const run = all.slice(start, start + all.slice(start).findIndex((line) => ends.test(line)) + 1);
  expect(ends.test(run.at(-1)!)).toBe(true);
  const problems = run.flatMap((line) => {
    const match = new RegExp(errors.pattern.regexp).exec(line);
    return match ? [{ file: match[errors.pattern.file]!, line: Number(match[errors.pattern.line]), column: Number(match[errors.pattern.column]), message: match[errors.pattern.message]!, code: match[errors.pattern.code]! }] : [];
  });
  const lines = readFileSync(flow, 'utf8').split('\n');
  const where = lines.findIndex((l) => l.includes('next: demarche-z'));
  expect(problems).toContainEqual({ file: 'flows/reactivation.yaml', line: where + 1, column: lines[where]!.indexOf('demarche-z') + 1, message: expect.stringContaining('demarche-z'), code: 'unknown-node' });
  // Paths are relative to the folder the task runs in, as `fileLocation` says.
  expect(errors.fileLocation).toEqual(['relative', '${workspaceFolder}']);
  for (const p of problems) expect(existsSync(join(project, p.file))).toBe(true);
  // The warning matcher reads the same lines with the other word.
  expect(new RegExp(warnings.pattern.regexp).test(`flows/a.yaml:1:1 attention Un avertissement. [dead-end]`)).toBe(true);

  // The editor's schemas now know the new procedure.
  const schema = JSON.parse(readFileSync(join(project, '.parcours', 'schemas', 'flow.schema.json'), 'utf8'));
  expect(schema.$defs.procedureNode.properties.procedure.enum).toContain('nouvelle');
});

it('while the editor’s language server shows the project’s problems, the task does not list them again; once it stops, it does', { timeout: 200_000 }, async () => {
  project = mkdtempSync(join(tmpdir(), 'parcours-watch-'));
  for (const part of ['parcours.yaml', 'flows', 'content']) cpSync(join(ECPS, part), join(project, part), { recursive: true });
  const flow = join(project, 'flows', 'reactivation.yaml');
  writeFileSync(flow, readFileSync(flow, 'utf8').replace('next: demarche-a', 'next: demarche-z'));
  let output = '';
  child = spawn(process.execPath, [CLI, 'check', '--watch'], { cwd: project, env: { ...process.env, NO_COLOR: '1' } });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const errors = WATCH.problemMatcher.find((m) => m.severity === 'error')!;
  const ends = new RegExp(errors.background.endsPattern);
  /** The problems the task's matcher reads in the last finished run. */
  const lastRun = () => {
    const all = output.split('\n');
    const end = all.findLastIndex((line) => ends.test(line));
    const begin = all.slice(0, end).findLastIndex((line) => new RegExp(errors.background.beginsPattern).test(line));
    const run = all.slice(begin, end + 1);
    return { text: run.join('\n'), problems: run.filter((line) => new RegExp(errors.pattern.regexp).test(line)) };
  };

  await runs(() => output, 1, ends);
  expect(lastRun().problems).toEqual([expect.stringContaining('demarche-z')]);

  // The extension starts: its server checks the project and shows the problem itself.
  const editor = await LspClient.start(project);
  try {
    expect(editor.diagnosticsOf('flows/reactivation.yaml').map((d) => d.code)).toContain('unknown-node');
    await runs(() => output, 2, ends);
    expect(lastRun().problems).toEqual([]);
    expect(lastRun().text).toContain('L’extension Parcours affiche déjà les problèmes de ce projet');
  } finally {
    await editor.stop();
  }
  // The extension stops (VS Code closed, the extension turned off): the task lists them again.
  await runs(() => output, 3, ends);
  expect(lastRun().problems).toEqual([expect.stringContaining('demarche-z')]);
});
