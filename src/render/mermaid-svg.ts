/**
 * Mermaid text → SVG at build time, so that pages need no Mermaid JavaScript. Every diagram
 * of a build goes through ONE headless Chromium, with Mermaid's own bundle loaded once per
 * page and two pages rendering in parallel; results are cached on disk by a hash of the text,
 * the diagram's DOM id, Mermaid's version and the configuration, so a rebuild with nothing
 * changed starts no browser at all.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'puppeteer';
import { launchBrowser } from './browser.ts';
import { splitByCache, writeAtomic } from './disk-cache.ts';

const require = createRequire(import.meta.url);
const MERMAID_BUNDLE = join(dirname(require.resolve('mermaid/package.json')), 'dist', 'mermaid.min.js');
export const MERMAID_VERSION: string = (require('mermaid/package.json') as { version: string }).version;

/** Bump when the post-processing below changes, so cached SVGs are redrawn. */
const RENDERER_VERSION = 3;

/** The theme: Mermaid's neutral one (greys that print well), the site's fonts, a fixed seed. */
export const MERMAID_CONFIG = {
  startOnLoad: false,
  theme: 'neutral',
  securityLevel: 'strict',
  // Stadium shapes are drawn with random rough.js paths: a fixed seed gives the same bytes.
  handDrawnSeed: 1,
  fontFamily: '"Liberation Sans", Arial, "DejaVu Sans", sans-serif',
  // Labels are wrapped in the Mermaid text (28 characters); Mermaid must not wrap them again.
  flowchart: { htmlLabels: true, curve: 'basis', nodeSpacing: 40, rankSpacing: 50, padding: 12, wrappingWidth: 400 },
  markdownAutoWrap: false,
  themeVariables: { fontSize: '15px', lineColor: '#33415c', primaryTextColor: '#10213d' },
} as const;

export interface DiagramJob {
  /** DOM id of the SVG; every id inside it is prefixed with it, so it must be unique per page. */
  id: string;
  text: string;
}

export interface RenderStats {
  rendered: number;
  reused: number;
  /** Whether a browser had to be started (never when everything came from the cache). */
  browserStarted: boolean;
}

export interface RenderOptions {
  cacheDir: string;
  /** Pages rendering at once in the one browser (default: one per core, at most 4). */
  concurrency?: number;
  /**
   * Drop the other diagram types' configuration before drawing (default true): same bytes,
   * a quarter faster. Off only to check that claim.
   */
  pruneConfig?: boolean;
  /**
   * Keep the browser open this many milliseconds after the call, for the next one
   * (`npm run dev`); without it the browser closes when the call ends.
   */
  keepAliveMs?: number;
  /** Called after each diagram, for progress. */
  onProgress?: (done: number, total: number) => void;
}

/** Each page renders on its own core (a renderer process each); past 4 memory grows for little. */
export function defaultConcurrency(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

export function cacheKey(job: DiagramJob): string {
  return createHash('sha256')
    .update(JSON.stringify({ text: job.text, id: job.id, mermaid: MERMAID_VERSION, config: MERMAID_CONFIG, renderer: RENDERER_VERSION }))
    .digest('hex');
}

/** Serves the page and Mermaid's bundle on a local port: the quickest way to ready a page. */
async function serveBundle(): Promise<{ server: Server; url: string }> {
  const bundle = readFileSync(MERMAID_BUNDLE);
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><script src="/mermaid.min.js"></script></head><body></body></html>`;
  const server = createServer((request, response) => {
    if (request.url === '/mermaid.min.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/**
 * Configuration sections of the other diagram types, which a flowchart never reads. Mermaid
 * deep-copies its whole configuration (about 800 keys) each time it reads it, some 180 times
 * a diagram: dropping these sections (about 500 keys) makes each diagram about a quarter
 * faster to draw. `state` stays: flowchart edges read `state.arrowMarkerAbsolute`. A test
 * checks that every real and hostile flow gives the same bytes with and without them.
 */
export const UNUSED_CONFIG_SECTIONS = [
  'sequence', 'gantt', 'journey', 'class', 'er', 'pie', 'quadrantChart', 'xyChart', 'requirement', 'mindmap', 'ishikawa', 'kanban',
  'timeline', 'gitGraph', 'c4', 'sankey', 'block', 'packet', 'treeView', 'architecture', 'eventmodeling', 'radar', 'usecase', 'venn',
  'cynefin', 'railroad', 'treemap',
] as const;

type MermaidGlobal = {
  initialize: (c: unknown) => void;
  render: (id: string, text: string) => Promise<{ svg: string }>;
  parse: (t: string) => Promise<unknown>;
  mermaidAPI: { updateSiteConfig: (c: unknown) => Record<string, unknown> };
};

/**
 * Loads Mermaid in a page and sets it up. With `prune`, the sections above are removed from
 * Mermaid's site configuration: `updateSiteConfig` returns Mermaid's own object, and the
 * next render derives its configuration from it. Returns whether the pruning took.
 */
async function preparePage(page: Page, url: string, prune = true): Promise<boolean> {
  await page.goto(url, { waitUntil: 'load' });
  return page.evaluate(
    (config, sections) => {
      const mermaid = (globalThis as unknown as { mermaid: MermaidGlobal }).mermaid;
      mermaid.initialize(config);
      if (sections.length === 0) return false;
      const site = mermaid.mermaidAPI.updateSiteConfig({});
      for (const section of sections) delete site[section];
      return sections.every((section) => !(section in mermaid.mermaidAPI.updateSiteConfig({})));
    },
    MERMAID_CONFIG as unknown as Record<string, unknown>,
    prune ? [...UNUSED_CONFIG_SECTIONS] : [],
  );
}

/** Sets Mermaid back to its whole configuration in a page (after a failed render). */
async function unprune(page: Page): Promise<void> {
  await page.evaluate((config) => {
    const mermaid = (globalThis as unknown as { mermaid: MermaidGlobal }).mermaid;
    mermaid.initialize(config);
  }, MERMAID_CONFIG as unknown as Record<string, unknown>);
}

/** Renders in a prepared page; Mermaid's errors come back as an Error naming the diagram. */
async function renderInPage(page: Page, job: DiagramJob): Promise<string> {
  const result = await page.evaluate(
    async (id, text) => {
      const mermaid = (globalThis as unknown as { mermaid: MermaidGlobal }).mermaid;
      try {
        const { svg } = await mermaid.render(id, text);
        // Mermaid serialises as HTML (`<br>`, `&nbsp;`): re-serialise as XML, so the same
        // text is a valid standalone .svg file and valid inline in a page.
        const holder = document.createElement('div');
        holder.innerHTML = svg;
        const root = holder.firstElementChild!;
        // Shrunk here, on the DOM the browser has just parsed, at no cost worth measuring
        // (svgo took 70–115 ms a diagram for a similar result): edges' `data-points` (a
        // base64 copy of their path, for Mermaid's animations) go, and coordinates keep two
        // decimals (a hundredth of a pixel).
        const round = (value: string) =>
          value.replace(/-?\d+\.\d{3,}/g, (n) => {
            const r = String(Math.round(Number(n) * 100) / 100);
            return r === '-0' ? '0' : r;
          });
        for (const el of root.querySelectorAll('[data-points]')) el.removeAttribute('data-points');
        for (const name of ['d', 'points', 'transform', 'viewBox', 'x', 'y', 'width', 'height']) {
          for (const el of [root, ...root.querySelectorAll(`[${name}]`)]) {
            const value = el.getAttribute(name);
            if (value !== null && /\.\d{3}/.test(value)) el.setAttribute(name, round(value));
          }
        }
        return { svg: new XMLSerializer().serializeToString(root) };
      } catch (error) {
        // Mermaid leaves its error diagram in the page: remove it so the next render is clean.
        document.getElementById(`d${id}`)?.remove();
        return { error: error instanceof Error ? error.message : String(error) };
      }
    },
    job.id,
    job.text,
  );
  if ('error' in result) throw new Error(`Mermaid refuse le logigramme ${job.id} : ${result.error}`);
  return result.svg;
}

/**
 * Checks texts with Mermaid's own parser, in the browser (Mermaid needs a DOM). Returns, per
 * text, undefined when it parses or Mermaid's message.
 */
export async function parseWithMermaid(texts: string[]): Promise<(string | undefined)[]> {
  const { browser, close } = await launchBrowser();
  const { server, url } = await serveBundle();
  try {
    const page = await browser.newPage();
    await preparePage(page, url, false);
    const results = await page.evaluate(async (texts) => {
      const mermaid = (globalThis as unknown as { mermaid: MermaidGlobal }).mermaid;
      const out: (string | null)[] = [];
      for (const text of texts) {
        try {
          await mermaid.parse(text);
          out.push(null);
        } catch (error) {
          out.push(error instanceof Error ? error.message : String(error));
        }
      }
      return out;
    }, texts);
    return results.map((r) => r ?? undefined);
  } finally {
    server.close();
    await close();
  }
}

/** A diagram to draw and the cache file its SVG goes to. */
type Miss = { item: DiagramJob; file: string };

/** One browser with Mermaid ready in a few pages; pages are kept for the next call. */
interface Renderer {
  draw(missing: Miss[], options: RenderOptions, onEach: (job: DiagramJob, svg: string) => void): Promise<void>;
  close(): Promise<void>;
  readonly connected: boolean;
}

async function openRenderer(): Promise<Renderer> {
  const { browser, close } = await launchBrowser();
  let served: Awaited<ReturnType<typeof serveBundle>>;
  try {
    served = await serveBundle();
  } catch (error) {
    await close();
    throw error;
  }
  const { server, url } = served;
  // Prepared pages waiting for work, with whether their configuration is pruned.
  const idle: { page: Page; prune: boolean; pruned: boolean }[] = [];
  return {
    get connected() {
      return browser.connected;
    },
    async draw(missing, options, onEach) {
      const prune = options.pruneConfig ?? true;
      const concurrency = Math.max(1, Math.min(options.concurrency ?? defaultConcurrency(), missing.length));
      let next = 0;
      const worker = async () => {
        const index = idle.findIndex((entry) => entry.prune === prune);
        const entry = index >= 0 ? idle.splice(index, 1)[0]! : await (async () => {
          const page = await browser.newPage();
          return { page, prune, pruned: await preparePage(page, url, prune) };
        })();
        while (next < missing.length) {
          const { item: job, file } = missing[next++]!;
          let svg: string;
          try {
            svg = await renderInPage(entry.page, job);
          } catch (error) {
            if (!entry.pruned) throw error;
            // A later Mermaid may read a section pruned above: draw again with all of it.
            await unprune(entry.page);
            entry.pruned = false;
            svg = await renderInPage(entry.page, job);
          }
          writeAtomic(file, svg);
          onEach(job, svg);
        }
        idle.push(entry);
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    },
    async close() {
      server.close();
      await close();
    },
  };
}

/**
 * The renderer `npm run dev` keeps between requests (`keepAliveMs`), so that an edited flow's
 * diagram is drawn in a fraction of a second rather than after a browser start. Calls take
 * turns; the browser closes once idle for `keepAliveMs`, or with the process.
 */
let shared: { renderer: Promise<Renderer>; turn: Promise<unknown>; timer?: NodeJS.Timeout } | undefined;

/** Closes the kept renderer, if any (tests; the idle timer does it otherwise). */
export async function closeKeptRenderer(): Promise<void> {
  const current = shared;
  shared = undefined;
  if (!current) return;
  clearTimeout(current.timer);
  await current.turn.catch(() => undefined);
  await (await current.renderer.catch(() => undefined))?.close();
}

async function drawWithKeptRenderer(missing: Miss[], options: RenderOptions & { keepAliveMs: number }, onEach: (job: DiagramJob, svg: string) => void): Promise<boolean> {
  let started = false;
  if (!shared) {
    shared = { renderer: openRenderer(), turn: Promise.resolve() };
    started = true;
  }
  const current = shared;
  clearTimeout(current.timer);
  const turn = current.turn.then(async () => {
    const renderer = await current.renderer;
    if (!renderer.connected) throw new Error('Le navigateur des logigrammes s’est fermé.');
    await renderer.draw(missing, options, onEach);
  });
  current.turn = turn.catch(() => undefined);
  try {
    await turn;
  } catch (error) {
    // A crashed or failed browser is not kept: the next call starts a new one.
    if (shared === current) await closeKeptRenderer();
    throw error;
  }
  if (shared === current) current.timer = setTimeout(() => void closeKeptRenderer(), options.keepAliveMs).unref();
  return started;
}

/**
 * Renders every job to SVG, from the cache when possible. The browser starts only if at
 * least one diagram is missing from the cache, and only once; with `keepAliveMs` it stays
 * open for the next call.
 */
export async function renderDiagrams(jobs: DiagramJob[], options: RenderOptions): Promise<{ svgs: Map<string, string>; stats: RenderStats }> {
  const svgs = new Map<string, string>();
  const { hits, misses: missing } = splitByCache(jobs, options.cacheDir, cacheKey, '.svg');
  let done = 0;
  for (const { item, data } of hits) {
    svgs.set(item.id, data.toString('utf8'));
    options.onProgress?.(++done, jobs.length);
  }
  const stats: RenderStats = { rendered: missing.length, reused: jobs.length - missing.length, browserStarted: false };
  if (missing.length === 0) return { svgs, stats };

  const onEach = (job: DiagramJob, svg: string) => {
    svgs.set(job.id, svg);
    options.onProgress?.(++done, jobs.length);
  };
  if (options.keepAliveMs !== undefined) {
    stats.browserStarted = await drawWithKeptRenderer(missing, { ...options, keepAliveMs: options.keepAliveMs }, onEach);
    return { svgs, stats };
  }
  stats.browserStarted = true;
  const renderer = await openRenderer();
  try {
    await renderer.draw(missing, options, onEach);
  } finally {
    await renderer.close();
  }
  return { svgs, stats };
}
