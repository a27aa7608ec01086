/**
 * The V8 flags a build's Chromium runs with (src/render/browser.ts: `V8_FLAGS` always,
 * `V8_MEMORY_FLAGS` for many journeys) reach the pages that draw, and change how fast Mermaid
 * runs and how much memory it holds, never what it draws: the real and hostile flows, drawn
 * often enough in one page for V8 to optimise Mermaid's code, are the same bytes with and
 * without them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadFlows } from '../../src/core/index.ts';
import { flowToMermaid } from '../../src/core/mermaid.ts';
import { launchBrowser, sharedBrowser, V8_FLAGS, V8_MEMORY_FLAGS, type LaunchedBrowser, type SharedBrowser } from '../../src/render/browser.ts';
import { renderDiagrams, type DiagramJob } from '../../src/render/mermaid-svg.ts';
import { descendants, type ProcessInfo } from '../build/processes.ts';
import { ECPS, TOOLKIT } from '../helpers/cli.ts';

const projects = [loadFlows(join(ECPS, 'flows')).project, loadFlows(join(TOOLKIT, 'test', 'fixtures', 'adversarial', 'flows')).project];
// Each flow four times over (its own id each time): some forty drawings in each page.
const jobs: DiagramJob[] = [1, 2, 3, 4].flatMap((round) =>
  projects.flatMap((project) => [...project.flows.values()].map((flow) => ({ id: `d-${flow.id}-${round}`, text: flowToMermaid(flow, project) }))),
);

const launched: LaunchedBrowser[] = [];
afterAll(async () => {
  await Promise.all(launched.map((browser) => browser.close()));
});

/** A browser launched with these V8 flags, as the build's shared one. */
async function browserWith(v8Flags: readonly string[]): Promise<SharedBrowser & { pid: number }> {
  const one = await launchBrowser(undefined, 'shell', v8Flags);
  launched.push(one);
  // The blank tab Chromium opens at start is closed: no renderer process sits idle.
  expect(await one.browser.pages()).toEqual([]);
  return { browser: async () => one.browser, started: true, close: async () => undefined, pid: one.browser.process()!.pid! };
}

it('the flags are on, and the bytes are the same without them', async () => {
  expect(V8_FLAGS).toEqual(['--no-concurrent-recompilation']);
  expect(V8_MEMORY_FLAGS).toEqual(['--max-semi-space-size=8', '--heap-growing-percent=100']);
  const withFlags = await browserWith([...V8_FLAGS, ...V8_MEMORY_FLAGS]);
  const without = await browserWith([]);
  // Renderer processes end with their pages: their command lines are read while they draw.
  const renderers = (pid: number) => descendants(pid).filter((p) => p.cmdline.split(' ').includes('--type=renderer'));
  const seen = new Map<number, ProcessInfo[]>();
  const draw = (browser: typeof withFlags) =>
    renderDiagrams(jobs, { cacheDir: mkdtempSync(join(tmpdir(), 'parcours-v8-')), browser, concurrency: 1, onResult: () => seen.has(browser.pid) || seen.set(browser.pid, renderers(browser.pid)) });
  const drawn = await draw(withFlags);
  const plain = await draw(without);
  expect(drawn.stats.rendered).toBe(jobs.length);
  expect(plain.stats.rendered).toBe(jobs.length);
  for (const job of jobs) expect(drawn.svgs.get(job.id), job.id).toBe(plain.svgs.get(job.id));

  // The page that drew (a renderer process of Chromium) got the flags; the other browser's did not.
  const flag = `--js-flags=${[...V8_FLAGS, ...V8_MEMORY_FLAGS].join(' ')}`;
  expect(seen.get(withFlags.pid)!.length).toBeGreaterThan(0);
  expect(seen.get(withFlags.pid)!.every((p) => p.cmdline.includes(flag))).toBe(true);
  expect(seen.get(without.pid)!.length).toBeGreaterThan(0);
  expect(seen.get(without.pid)!.some((p) => p.cmdline.includes('--js-flags'))).toBe(false);
}, 180_000);

it('the build’s shared Chromium has the memory options only when asked to save memory', async () => {
  const flagsOf = async (browser: SharedBrowser) => {
    const pid = (await browser.browser()).process()!.pid!;
    const page = await (await browser.browser()).newPage();
    await page.goto('about:blank');
    const lines = descendants(pid).filter((p) => p.cmdline.split(' ').includes('--type=renderer')).map((p) => p.cmdline);
    await browser.close();
    expect(lines.length).toBeGreaterThan(0);
    return lines;
  };
  const saving = await flagsOf(sharedBrowser(undefined, { saveMemory: true }));
  expect(saving.every((line) => line.includes(`--js-flags=${[...V8_FLAGS, ...V8_MEMORY_FLAGS].join(' ')}`))).toBe(true);
  const quick = await flagsOf(sharedBrowser());
  expect(quick.every((line) => line.includes(`--js-flags=${V8_FLAGS.join(' ')}`) && !line.includes('semi-space'))).toBe(true);
}, 60_000);
