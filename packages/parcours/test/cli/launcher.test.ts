/**
 * bin/parcours.js, the command as npm installs it: plain JavaScript that the machine's own Node
 * starts (20 here), which then runs the toolkit on a Node recent enough: itself when it is,
 * else the Node 24 the package brings; and, when there is none, a French message saying what
 * to install (exit 2) rather than a syntax error from deep inside a dependency.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { TOOLKIT } from '../helpers/cli.ts';

const BIN = join(TOOLKIT, 'bin', 'parcours.js');
const version = (JSON.parse(spawnSync(process.execPath, ['-p', `JSON.stringify(require(${JSON.stringify(join(TOOLKIT, 'package.json'))}))`], { encoding: 'utf8' }).stdout) as { version: string }).version;
// The machine's own Node: the first `node` on PATH outside any node_modules/.bin.
const systemNode = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((dir) => !dir.includes('node_modules'))
  .map((dir) => join(dir, 'node'))
  .find((path) => spawnSync(path, ['--version']).status === 0)!;
const systemMajor = Number(spawnSync(systemNode, ['--version'], { encoding: 'utf8' }).stdout.slice(1).split('.')[0]);

it('runs on the Node that runs the tests (recent enough): --version prints the package’s version', () => {
  const run = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toBe(`parcours ${version}\n`);
});

it.runIf(systemMajor < 22)('started by an older Node, runs the toolkit on the Node 24 the package brings', () => {
  const run = spawnSync(systemNode, [BIN, '--version'], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toBe(`parcours ${version}\n`);
  // And the exit code of the toolkit comes back through the launcher.
  const misuse = spawnSync(systemNode, [BIN, 'commande-inconnue'], { encoding: 'utf8' });
  expect(misuse.status).toBe(2);
  expect(misuse.stderr).toContain('Commande inconnue');
});

it.runIf(systemMajor < 22)('started by an older Node with no Node 24 at hand, says in French what to install (exit 2)', () => {
  // PARCOURS_NODE_REEXEC marks a launcher that already re-ran itself: it does not look further.
  const run = spawnSync(systemNode, [BIN, 'check'], { encoding: 'utf8', env: { ...process.env, PARCOURS_NODE_REEXEC: '1' } });
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(/Parcours demande Node 22\.\d+ ou plus récent ; ce Node est le 20\./);
  expect(run.stderr).toContain('Installez Node 24');
});

it('runs the toolkit with its V8 memory options, in the same process (execve), keeping those Node was given', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'parcours-memory-flags-'));
  try {
    // Loaded by every Node the command starts: each writes its process id and V8 options.
    const seen = join(tmp, 'seen.jsonl');
    const preload = join(tmp, 'preload.mjs');
    writeFileSync(preload, `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(seen)}, JSON.stringify({ pid: process.pid, flags: process.execArgv }) + '\\n');\n`);
    const runs = (options: { nodeOptions?: string; node?: string; flags?: string[] } = {}) => {
      rmSync(seen, { force: true });
      const env = { ...process.env, NODE_OPTIONS: `--import ${pathToFileURL(preload).href} ${options.nodeOptions ?? ''}`.trim() };
      const run = spawnSync(options.node ?? process.execPath, [...(options.flags ?? []), BIN, '--version'], { encoding: 'utf8', env });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toBe(`parcours ${version}\n`);
      expect(run.stderr).toBe('');
      return readFileSync(seen, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { pid: number; flags: string[] });
    };
    const memory = ['--max-semi-space-size=8', '--heap-growing-percent=50'];
    const [first, second, ...more] = runs();
    expect(more).toEqual([]);
    expect(first!.flags).toEqual([]);
    expect(second!.flags).toEqual(expect.arrayContaining(memory));
    expect(second!.pid).toBe(first!.pid);
    // A young generation given in NODE_OPTIONS is kept: only the other option is added.
    const [, kept, ...others] = runs({ nodeOptions: '--max-semi-space-size=16' });
    expect(others).toEqual([]);
    expect(kept!.flags).toEqual(['--heap-growing-percent=50']);
    // Both given on Node's command line: Node starts once.
    expect(runs({ flags: ['--max-semi-space-size=16', '--heap-growing-percent=30'] })).toHaveLength(1);
    if (systemMajor < 22) {
      // An older Node starts the Node 24 the package brings, a process of its own, with them.
      const [older, bundled, ...rest] = runs({ node: systemNode });
      expect(rest).toEqual([]);
      expect(older!.flags).toEqual([]);
      expect(bundled!.flags).toEqual(expect.arrayContaining(memory));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

it('keeps the compiled code of its modules on disk between commands (Node’s compile cache), unless told not to', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'parcours-compile-cache-'));
  try {
    // Without NODE_COMPILE_CACHE, Node's own place: the temporary folder.
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
    delete env.NODE_COMPILE_CACHE;
    const run = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8', env });
    expect(run.status, run.stderr).toBe(0);
    const cached = join(tmp, 'node-compile-cache');
    expect(existsSync(cached)).toBe(true);
    const files = readdirSync(cached, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    // The toolkit's modules and those they import: far more than the launcher alone.
    expect(files.length).toBeGreaterThan(50);
    rmSync(cached, { recursive: true, force: true });
    const off = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8', env: { ...env, NODE_DISABLE_COMPILE_CACHE: '1' } });
    expect(off.status, off.stderr).toBe(0);
    expect(existsSync(cached)).toBe(false);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
