/**
 * Diagrams through the real parts: Mermaid's own parser and renderer in a real headless
 * Chromium, the real flows and a flow of hostile labels, the on-disk cache.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlows, plainText, type Flow, type Project } from '../../src/core/index.ts';
import { flowToMermaid, nodeText } from '../../src/core/mermaid.ts';
import { frenchSpacing } from '../../src/core/typography.ts';
import { launchBrowser, ChromiumNotFoundError, sharedBrowser } from '../../src/render/browser.ts';
import { closeKeptRenderer, keptBrowserPid, openRenderer, parseWithMermaid, renderDiagrams, type DiagramJob } from '../../src/render/mermaid-svg.ts';
import { cli, ECPS, TOOLKIT } from '../helpers/cli.ts';

const real = loadFlows(join(ECPS, 'flows'));
const hostile = loadFlows(join(TOOLKIT, 'test', 'fixtures', 'adversarial', 'flows'));
const all: { flow: Flow; project: Project }[] = [
  ...[...real.project.flows.values()].map((flow) => ({ flow, project: real.project })),
  ...[...hostile.project.flows.values()].map((flow) => ({ flow, project: hostile.project })),
];
const jobs: DiagramJob[] = all.map(({ flow, project }) => ({ id: `d-${flow.id}`, text: flowToMermaid(flow, project) }));

it('the fixtures load without errors', () => {
  expect(real.diagnostics).toEqual([]);
  expect(hostile.diagnostics).toEqual([]);
});

it('Mermaid’s own parser accepts the text of every real flow and of the hostile labels', async () => {
  const errors = await parseWithMermaid(jobs.map((j) => j.text));
  expect(errors).toEqual(jobs.map(() => undefined));
});

describe('rendered SVGs', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'parcours-diagrams-'));
  let svgs: Map<string, string>;
  let firstStats: Awaited<ReturnType<typeof renderDiagrams>>['stats'];

  beforeAll(async () => {
    const result = await renderDiagrams(jobs, { cacheDir });
    svgs = result.svgs;
    firstStats = result.stats;
  });

  it('were all drawn by the browser the first time', () => {
    expect(firstStats).toEqual({ rendered: jobs.length, reused: 0, browserStarted: true });
  });

  // What a reader sees: the SVG's text with tags removed and entities decoded, spaces ignored
  // (line breaks inside labels join words without a space).
  const visibleText = (svg: string) =>
    svg
      .replace(/<style[\s\S]*?<\/style>/g, '')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&nbsp;|&#160;/g, '\u00a0')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, '');

  it.each(all.map(({ flow, project }, i) => [flow.id, flow, project, i] as const))('%s shows every node’s label and every answer as written', (_, flow, project, i) => {
    const text = visibleText(svgs.get(jobs[i]!.id)!);
    for (const node of flow.nodes.values()) {
      const label = frenchSpacing(plainText(nodeText(node, project))).replace(/\s+/g, '');
      expect(text, `node ${node.id}`).toContain(label);
      if (node.kind === 'question') for (const a of node.answers) expect(text, `answer ${a.label}`).toContain(frenchSpacing(a.label).replace(/\s+/g, ''));
    }
  });

  // A node's outline: the element Mermaid draws it with and, for a polygon, the direction of
  // each side (h, v or d for diagonal), which tells a hexagon from a card with a cut corner.
  const outlines = (svg: string) =>
    [...svg.matchAll(/<g class="node default clickable (\w+)"[^>]*>(([\s\S]*?)<g class="label")/g)].map(([, kind, , outline]) => {
      const [element, tag] = /^<(\w+)[^>]*>/.exec(outline!)!;
      let shape = tag!;
      if (tag === 'rect') shape += /\brx="[1-9]/.test(element!) ? ' arrondi' : '';
      if (tag === 'polygon') {
        const points = /points="([^"]+)"/.exec(element!)![1]!.split(' ').map((p) => p.split(',').map(Number) as [number, number]);
        const sides = points.map((p, i) => [p, points[(i + 1) % points.length]!] as const).filter(([a, b]) => a[0] !== b[0] || a[1] !== b[1]);
        shape += ` ${sides.map(([a, b]) => (a[1] === b[1] ? 'h' : a[0] === b[0] ? 'v' : 'd')).join('')}`;
      }
      return { kind: kind!, shape, bytes: outline!.length };
    });

  it('each node kind has a shape of its own, the same in every diagram, drawn in a few hundred bytes', () => {
    const shapes = new Map<string, Set<string>>();
    for (const svg of svgs.values()) {
      for (const { kind, shape, bytes } of outlines(svg)) {
        shapes.set(kind, (shapes.get(kind) ?? new Set()).add(shape));
        // Mermaid's stadium is a rough.js path of about 43 KB: no kind may be drawn that way.
        expect(bytes, `${kind} : ${shape}`).toBeLessThan(1000);
      }
    }
    expect([...shapes.keys()].sort()).toEqual(['flow', 'procedure', 'question', 'success', 'support']);
    for (const [kind, set] of shapes) expect([...set], kind).toHaveLength(1);
    const all = [...shapes.values()].map((set) => [...set][0]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('Mermaid made quicker (pruned configuration, quick copy) draws the same bytes as Mermaid as is', async () => {
    const full = await renderDiagrams(jobs, { cacheDir: mkdtempSync(join(tmpdir(), 'parcours-diagrams-')), pruneConfig: false });
    for (const job of jobs) expect(full.svgs.get(job.id), job.id).toBe(svgs.get(job.id));
  });

  it('no label became markup: the hostile labels are text, not tags', () => {
    const svg = svgs.get('d-etiquettes')!;
    expect(svg).not.toMatch(/<(b|script|img)[\s>]/);
    expect(svg).toContain('a &lt; b &gt; c');
  });

  it('a %%{init}%% directive in a title, a description or a label takes no effect, and shows as written', () => {
    const svg = svgs.get('d-directives')!;
    const flow = hostile.project.flows.get('directives')!;
    // The same theme, fonts and colours as any other diagram: no init block was applied.
    const style = (text: string, id: string) => /<style>([\s\S]*?)<\/style>/.exec(text)![1]!.replaceAll(id, 'ID');
    expect(style(svg, 'd-directives')).toBe(style(svgs.get('d-etiquettes')!, 'd-etiquettes'));
    const decode = (text: string) =>
      text.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(decode(/<title[^>]*>([^<]*)<\/title>/.exec(svg)![1]!)).toBe(frenchSpacing(`Logigramme : ${flow.title}`));
    expect(decode(/<desc[^>]*>([^<]*)<\/desc>/.exec(svg)![1]!)).toBe(frenchSpacing(flow.description!));
  });

  it('each SVG is titled and described for screen readers, and links its nodes to their pages', () => {
    for (const { flow } of all) {
      const svg = svgs.get(`d-${flow.id}`)!;
      expect(svg).toMatch(/role="graphics-document document"/);
      expect(svg).toContain('aria-labelledby="chart-title-d-');
      expect(svg).toMatch(/<title id="chart-title-d-[^"]+">Logigramme/);
      const links = [...svg.matchAll(/<a [^>]*href="([^"]+)"/g)].map((m) => m[1]);
      expect(links.length).toBe(flow.nodes.size);
      expect(links.every((href) => href!.startsWith('/parcours/') || href!.startsWith('/procedures/'))).toBe(true);
    }
  });

  it('each SVG is also a valid standalone SVG file (XML), as written to dist/diagrams/', async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors = await page.evaluate((texts: string[]) => texts.map((t) => new DOMParser().parseFromString(t, 'image/svg+xml').querySelector('parsererror')?.textContent ?? null), [...svgs.values()]);
      expect(errors).toEqual([...svgs.values()].map(() => null));
    } finally {
      await close();
    }
  });

  it('two SVGs inline in one page have no duplicate ids', async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setContent(`<!doctype html><html><body>${svgs.get('d-activation')}${svgs.get('d-reactivation')}${svgs.get('d-suppression')}</body></html>`);
      const duplicates = await page.evaluate(() => {
        const seen = new Map<string, number>();
        for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
        return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
      });
      const count = await page.evaluate(() => document.querySelectorAll('[id]').length);
      expect(count).toBeGreaterThan(100);
      expect(duplicates).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a second build with nothing changed renders nothing and starts no browser', async () => {
    const again = await renderDiagrams(jobs, { cacheDir });
    expect(again.stats).toEqual({ rendered: 0, reused: jobs.length, browserStarted: false });
    for (const job of jobs) expect(again.svgs.get(job.id)).toBe(svgs.get(job.id));
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.svg'))).toHaveLength(jobs.length);
  });

  it('a change to one flow redraws that diagram only', async () => {
    const changed = jobs.map((job, i) => (i === 0 ? { ...job, text: job.text.replace('flowchart TD', 'flowchart TD\n  %% modifié') } : job));
    const result = await renderDiagrams(changed, { cacheDir });
    expect(result.stats).toEqual({ rendered: 1, reused: jobs.length - 1, browserStarted: true });
  });

  it('rendering is deterministic: a cold cache gives the same bytes', async () => {
    const other = await renderDiagrams(jobs.slice(0, 2), { cacheDir: mkdtempSync(join(tmpdir(), 'parcours-diagrams-')) });
    for (const job of jobs.slice(0, 2)) expect(other.svgs.get(job.id)).toBe(svgs.get(job.id));
  });

  it('a renderer opened and warmed ahead (the build does it during the check) draws in its warm page, the same bytes', async () => {
    const browser = sharedBrowser();
    const renderer = openRenderer(browser);
    try {
      await (await renderer).warm();
      const pages = async () => (await (await browser.browser()).pages()).length;
      const warm = await pages();
      const drawn = await renderDiagrams(jobs.slice(0, 1), { cacheDir: mkdtempSync(join(tmpdir(), 'parcours-diagrams-')), renderer, concurrency: 1 });
      expect(drawn.svgs.get(jobs[0]!.id)).toBe(svgs.get(jobs[0]!.id));
      // No page opened for it: the warm one drew it.
      expect(await pages()).toBe(warm);
    } finally {
      await (await renderer).close();
      await browser.close();
    }
  });
});

describe('a renderer kept between calls (npm run dev)', () => {
  const fresh = () => mkdtempSync(join(tmpdir(), 'parcours-diagrams-'));
  const some = jobs.slice(0, 2);
  afterAll(closeKeptRenderer);

  it('starts one browser for many calls, at once or one after the other, and draws the same bytes', async () => {
    const first = await renderDiagrams(some, { cacheDir: fresh(), keepAliveMs: 60_000 });
    expect(first.stats).toEqual({ rendered: 2, reused: 0, browserStarted: true });
    const [second, third] = await Promise.all([
      renderDiagrams(some, { cacheDir: fresh(), keepAliveMs: 60_000 }),
      renderDiagrams(some.slice(0, 1), { cacheDir: fresh(), keepAliveMs: 60_000 }),
    ]);
    expect(second.stats).toEqual({ rendered: 2, reused: 0, browserStarted: false });
    expect(third.stats).toEqual({ rendered: 1, reused: 0, browserStarted: false });
    const alone = await renderDiagrams(some, { cacheDir: fresh() });
    for (const job of some) {
      expect(second.svgs.get(job.id)).toBe(first.svgs.get(job.id));
      expect(alone.svgs.get(job.id)).toBe(first.svgs.get(job.id));
    }
    expect(third.svgs.get(some[0]!.id)).toBe(first.svgs.get(some[0]!.id));
  });

  it('keeps working after a text Mermaid refuses, and starts a new browser once the kept one is closed or gone', async () => {
    const bad = { id: 'd-casse', text: 'flowchart TD\n  a -->|' };
    await expect(renderDiagrams([bad], { cacheDir: fresh(), keepAliveMs: 60_000 })).rejects.toThrow(/d-casse/);
    expect((await renderDiagrams(some, { cacheDir: fresh(), keepAliveMs: 60_000 })).stats).toEqual({ rendered: 2, reused: 0, browserStarted: false });
    await closeKeptRenderer();
    expect((await renderDiagrams(some, { cacheDir: fresh(), keepAliveMs: 60_000 })).stats.browserStarted).toBe(true);
    // The browser killed from outside: the next call notices and starts another.
    process.kill((await keptBrowserPid())!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    const again = await renderDiagrams(some, { cacheDir: fresh(), keepAliveMs: 60_000 });
    expect(again.stats).toEqual({ rendered: 2, reused: 0, browserStarted: true });
  });
});

describe('a text Mermaid refuses', () => {
  it('fails the render with Mermaid’s message, naming the diagram', async () => {
    const bad = [jobs[0]!, { id: 'd-casse', text: 'flowchart TD\n  a{{"question"}} -->|"oui"' }];
    const error = await renderDiagrams(bad, { cacheDir: mkdtempSync(join(tmpdir(), 'parcours-diagrams-')), concurrency: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^Mermaid refuse le logigramme d-casse : .*Parse error/s);
  });
});

describe('without Chromium', () => {
  it('says which paths were tried and how to install one, instead of hanging', async () => {
    const error = await launchBrowser('/nulle/part/chromium').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChromiumNotFoundError);
    expect((error as Error).message).toContain('/nulle/part/chromium');
    expect((error as Error).message).toContain('apt-get install chromium');
  });
});

describe('starting Chromium', () => {
  /** The Chromium processes this test process started (their profile folder names its pid: browser.ts). */
  const chromiums = () =>
    readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`parcours-chromium-${process.pid}-`);
        } catch {
          return false; // Ended meanwhile.
        }
      });

  it('spawns it before the caller next holds its thread: the build checks the content meanwhile', async () => {
    const before = new Set(chromiums());
    const shared = sharedBrowser();
    try {
      const launched = shared.browser();
      // What the build does before its long synchronous check (build.ts, #startWorkers).
      await new Promise((resolve) => setImmediate(resolve));
      expect(chromiums().filter((pid) => !before.has(pid)).length).toBeGreaterThan(0);
      await launched;
    } finally {
      await shared.close();
    }
  });
});

describe('parcours graph', () => {
  it('prints the Mermaid text of a flow', async () => {
    const run = await cli(['graph', 'activation']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(flowToMermaid(real.project.flows.get('activation')!, real.project));
    expect(run.stdout).toMatch(/^flowchart TD\n {2}accTitle: /);
  });
  it('suggests the closest flow for a typo, and exits 2 (the command was misused)', async () => {
    const run = await cli(['graph', 'supression']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('«\u202fsuppression\u202f»');
  });
});

describe('the diagrams stage of the build', () => {
  it('writes dist/diagrams/<flow>.mmd, .svg and .css for every real flow, the SVG ids unique per flow, the styles kept in the cache', async () => {
    const { renderFlowDiagrams, writeDiagrams } = await import('../../src/stages/diagrams.ts');
    const { splitDiagramStyles } = await import('../../src/site/diagram-styles.ts');
    const { readFileSync, rmSync } = await import('node:fs');
    const out = mkdtempSync(join(tmpdir(), 'parcours-dist-'));
    const cacheDir = mkdtempSync(join(tmpdir(), 'parcours-diagrams-'));
    const { diagrams } = await renderFlowDiagrams(real.project, { cacheDir });
    writeDiagrams(diagrams, out, cacheDir);
    for (const flow of real.project.flows.values()) {
      expect(readFileSync(join(out, 'diagrams', `${flow.id}.mmd`), 'utf8')).toBe(flowToMermaid(flow, real.project));
      const svg = readFileSync(join(out, 'diagrams', `${flow.id}.svg`), 'utf8');
      expect(svg).toMatch(new RegExp(`^<svg id="logigramme-${flow.id}"`));
      // The page's stylesheet: the rules taken out of the SVG the page shows.
      const css = readFileSync(join(out, 'diagrams', `${flow.id}.css`), 'utf8');
      expect(css).toBe(splitDiagramStyles(svg, `logigramme-${flow.id}`).css);
      expect(css).toContain(`#logigramme-${flow.id}`);
    }
    const kept = readdirSync(cacheDir).filter((name) => name.endsWith('.css'));
    expect(kept).toHaveLength(real.project.flows.size);
    // A stylesheet found in the cache is taken from it, not made again.
    writeFileSync(join(cacheDir, kept[0]!), '/* du cache */');
    const again = mkdtempSync(join(tmpdir(), 'parcours-dist-'));
    writeDiagrams(diagrams, again, cacheDir);
    expect(readdirSync(join(again, 'diagrams')).filter((name) => name.endsWith('.css')).map((name) => readFileSync(join(again, 'diagrams', name), 'utf8'))).toContain('/* du cache */');
    rmSync(join(cacheDir, kept[0]!));
    // With the public address, the standalone files' links are absolute (they work opened on their own).
    const published = mkdtempSync(join(tmpdir(), 'parcours-dist-'));
    writeDiagrams(diagrams, published, cacheDir, 'https://aide.parcours.test/');
    const svg = readFileSync(join(published, 'diagrams', 'activation.svg'), 'utf8');
    const links = [...svg.matchAll(/\s(?:xlink:)?href="([^"]*)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(link).toMatch(/^https:\/\/aide\.parcours\.test\/parcours\/activation\//);
  });
});
