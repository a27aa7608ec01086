/**
 * The real `parcours` program, as a process: the exit codes a shell sees, and a CLI module that
 * runs nothing when imported (the launcher itself: launcher.test.ts). Everything else about the
 * commands is tested in-process (test/helpers/cli.ts).
 */
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli, TOOLKIT } from '../helpers/cli.ts';
import { writeProject } from '../helpers/project.ts';

it('exit codes: 0 when all is good, 1 when the content has errors, 2 when the command is misused', () => {
  const good = writeProject({ 'flows/a.yaml': 'title: A\nstart: fin\nnodes:\n  fin: { success: Fini }\n' });
  expect(runCli(['check', 'flows'], good).status).toBe(0);
  const bad = writeProject({ 'flows/a.yaml': 'title: A\nstart: ailleurs\nnodes:\n  fin: { success: Fini }\n' });
  const failed = runCli(['check', 'flows'], bad);
  expect(failed.status).toBe(1);
  expect(failed.stdout).toContain('flows/a.yaml:2:8 erreur');
  const misused = runCli(['verifier'], good);
  expect(misused.status).toBe(2);
  expect(misused.stderr).toContain('Commande inconnue');
  expect(misused.stderr).toContain('Usage');
});

it('importing the CLI module runs no command', () => {
  const main = join(TOOLKIT, 'src', 'cli', 'main.ts');
  const printed = execFileSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(main)}); console.log(typeof m.run);`], {
    encoding: 'utf8',
    cwd: TOOLKIT,
  });
  expect(printed).toBe('function\n');
});

it('a reader that went away (`parcours check | head`) ends no command early: its output is dropped, its exit code is the same', async () => {
  // A line for each journey, printed after the reader has gone.
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`flows/f${i}.yaml`] = `title: F${i}\nstart: fin\nnodes:\n  fin: { success: Fini }\n`;
  const project = writeProject(files);
  const child = spawn(process.execPath, [join(TOOLKIT, 'bin', 'parcours.js'), 'check', '--content', project], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  // Its output's reading end closed before it writes a line: every write meets a closed pipe.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // Node's way was to end the command with the pipe's error (exit code 1, a stack trace).
  expect(stderr).not.toMatch(/EPIPE|Error|\bat /);
  expect(status).toBe(0);
});
