/**
 * Chromium dies with the process that started it, however that process ends: SIGKILL of the
 * build while it draws the diagrams, or of `npm run dev` while it keeps its browser between
 * requests, leaves no Chromium running (nor, after the next launch, its profile folder).
 * Real build, real `astro dev`, real Chromium; processes read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { removeStaleProfiles } from '../../src/render/browser.ts';
import { buildArgs, contentProject } from '../helpers/build.ts';
import { CLI, ROOT } from '../helpers/cli.ts';
import { descendants, liveChromium, userDataDir, waitFor, type ProcessInfo } from './processes.ts';


/** The Chromium processes under `pid` once one of them is a page (renderer), or undefined. */
function chromiumWithPage(pid: number): ProcessInfo[] | undefined {
  const chromium = descendants(pid).filter((p) => /chrom/i.test(p.cmdline));
  return chromium.some((p) => p.cmdline.includes('--type=renderer')) ? chromium : undefined;
}

async function exited(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.signalCode ?? child.exitCode;
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
}

/** Kills `child` with SIGKILL, then waits until none of `chromium` (nor any Chromium using its profile) runs. */
async function killAndWatch(child: ChildProcess, chromium: ProcessInfo[]): Promise<{ profile: string; left: ProcessInfo[] }> {
  const profile = chromium.map((p) => userDataDir(p.cmdline)).find((dir) => dir !== undefined);
  expect(profile, 'the browser’s profile folder').toBeDefined();
  child.kill('SIGKILL');
  expect(await exited(child)).toBe('SIGKILL');
  const pids = new Set(chromium.map((p) => p.pid));
  const running = () => liveChromium('chrom').filter((p) => pids.has(p.pid) || p.cmdline.includes(profile!));
  // A few seconds: Chromium notices the closed pipe at once and takes its children with it.
  await waitFor(() => (running().length === 0 ? true : undefined), 10_000);
  const left = running();
  // A failing test does not leak them either.
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  return { profile: profile!, left };
}

it('SIGKILL of the build while it draws the diagrams leaves no Chromium running', async () => {
  const tmp = contentProject();
  const flows = join(tmp, 'flows');
  // Enough diagrams to keep the stage busy for seconds: the kill must land while it draws.
  for (let i = 1; i <= 20; i++) copyFileSync(join(flows, 'activation.yaml'), join(flows, `copie-${i}.yaml`));
  const build = spawn(process.execPath, buildArgs(tmp, join(tmp, 'dist'), ['--force']), {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // An empty cache: every diagram must be drawn.
    env: { ...process.env, NO_COLOR: '1', PARCOURS_CACHE: join(tmp, 'cache') },
  });
  let stdout = '';
  build.stdout!.on('data', (chunk) => (stdout += chunk));
  build.stderr!.resume();
  try {
    // A browser of the build with a page open, once the content is checked (the build starts
    // its Chromium during the check): the diagrams stage.
    const chromium = await waitFor(() => (stdout.includes('[1/5]') ? chromiumWithPage(build.pid!) : undefined), 90_000);
    expect(chromium, `no Chromium started by the build; it printed:\n${stdout}`).toBeDefined();
    // Still drawing: the stage prints its line only when done.
    expect(stdout).toContain('[1/5]');
    expect(stdout).not.toContain('[2/5]');
    const { profile, left } = await killAndWatch(build, chromium!);
    expect(left).toEqual([]);
    // The profile the killed build could not remove goes at the next launch's sweep.
    expect(existsSync(profile)).toBe(true);
    expect(removeStaleProfiles()).toContain(profile);
    expect(existsSync(profile)).toBe(false);
  } finally {
    if (build.exitCode === null && build.signalCode === null) build.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  }
}, 120_000);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

it('SIGKILL of `npm run dev` leaves no Chromium running, though it keeps its browser between requests', async () => {
  const copy = contentProject();
  const port = await freePort();
  const server = spawn(process.execPath, [CLI, 'dev', '--content', copy, String(port)], {
    cwd: ROOT,
    stdio: 'ignore',
    // Its own group, so that what astro starts besides Chromium (esbuild) is cleaned up below.
    detached: true,
    env: Object.fromEntries(
      Object.entries({ ...process.env, NODE_ENV: 'development', PARCOURS_CACHE: join(copy, '.cache') }).filter(([key]) => !key.startsWith('VITEST')),
    ),
  });
  try {
    // A page with a diagram, drawn now (empty cache) by the browser dev keeps for the next request.
    let html = '';
    for (let i = 0; i < 120 && !html; i++) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/parcours/activation/vue-d-ensemble/`);
        if (response.ok) html = await response.text();
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    expect(html).toContain('<svg id="logigramme-activation"');
    const chromium = chromiumWithPage(server.pid!);
    expect(chromium, 'the kept browser, still open after the request').toBeDefined();
    const { left } = await killAndWatch(server, chromium!);
    expect(left).toEqual([]);
  } finally {
    try {
      process.kill(-server.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
    rmSync(copy, { recursive: true, force: true });
  }
}, 120_000);
