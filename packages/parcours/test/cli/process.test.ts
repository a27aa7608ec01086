/**
 * The real `parcours` program, as a process: the launcher (bin/parcours.js) on the tests' Node
 * and on the system's own, the exit codes a shell sees, and a CLI module that runs nothing when
 * imported. Everything else about the commands is tested in-process (test/helpers/cli.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CLI, runCli, TOOLKIT } from '../helpers/cli.ts';
import { writeProject } from '../helpers/project.ts';

const VERSION = (JSON.parse(readFileSync(join(TOOLKIT, 'package.json'), 'utf8')) as { version: string }).version;

it('parcours --version prints the package’s version and exits 0', () => {
  const run = runCli(['--version']);
  expect(run).toEqual({ status: 0, stdout: `parcours ${VERSION}\n`, stderr: '' });
});

it('the launcher runs on the system’s own Node too (re-running itself on the Node the package brings when that one is too old)', () => {
  // Whatever `node` the PATH finds first outside node_modules: the Node 20 of a fresh machine here.
  const system = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => existsSync(path));
  expect(system, 'a system Node').toBeDefined();
  const { PARCOURS_NODE_REEXEC: _, ...env } = process.env;
  const run = spawnSync(system!, [CLI, '--version'], { encoding: 'utf8', env });
  expect(run.stderr).toBe('');
  expect(run.stdout).toBe(`parcours ${VERSION}\n`);
  expect(run.status).toBe(0);
});

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
