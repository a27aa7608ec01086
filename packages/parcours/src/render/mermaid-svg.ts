/**
 * Mermaid text → SVG at build time, so that pages need no Mermaid JavaScript. Every diagram
 * of a build goes through ONE headless Chromium, with Mermaid's own bundle loaded once per
 * page and one page per core drawing in parallel; results are cached on disk by a hash of the
 * text, the diagram's DOM id, Mermaid's version and the configuration, so a rebuild with
 * nothing changed starts no browser at all. `npm run dev` keeps its browser between requests.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Browser, Page } from 'puppeteer';
import { launchBrowser, sharedBrowser, type SharedBrowser } from './browser.ts';
import { splitByCacheLater, writeAtomic } from './disk-cache.ts';
import { DrawingFailed, MERMAID_CONFIG, MERMAID_VERSION, preparePage, renderInPage, serveBundle, type MermaidGlobal } from './mermaid-page.ts';

export { MERMAID_CONFIG, MERMAID_VERSION, UNUSED_CONFIG_SECTIONS } from './mermaid-page.ts';

/** Bump when the drawing or trimming in mermaid-page.ts changes, so cached SVGs are redrawn. */
const RENDERER_VERSION = 3;

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
   * Draw with Mermaid made quicker (default true: mermaid-page.ts, `preparePage`): the other
   * diagram types' configuration and theme variables dropped, and its configuration copied
   * with plain assignments. Same bytes, in about a quarter less time. Off only to check that claim.
   */
  pruneConfig?: boolean;
  /**
   * Keep the browser open this many milliseconds after the call, for the next one
   * (`npm run dev`); without it the browser closes when the call ends.
   */
  keepAliveMs?: number;
  /** Called after each diagram, for progress. */
  onProgress?: (done: number, total: number) => void;
  /** Called with each diagram's SVG as soon as it is known (from the cache, or drawn). */
  onResult?: (id: string, svg: string) => void;
  /** The build's Chromium, shared with the sheets (its owner closes it); else one of its own. */
  browser?: SharedBrowser;
  /** A renderer opened (and warmed) ahead by the build, which closes it; else one is opened for the call. */
  renderer?: Promise<Renderer>;
}

/** Diagrams it takes for a page of its own to pay for itself (see `draw`). */
const DRAWINGS_PER_NEW_PAGE = 8;

/** Each page renders on its own core (a renderer process each); past 4 memory grows for little. */
export function defaultConcurrency(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

export function cacheKey(job: DiagramJob): string {
  return createHash('sha256')
    .update(JSON.stringify({ text: job.text, id: job.id, mermaid: MERMAID_VERSION, config: MERMAID_CONFIG, renderer: RENDERER_VERSION }))
    .digest('hex');
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
export type Miss = { item: DiagramJob; file: string };

/** One browser with Mermaid ready in a few pages; pages are kept for the next call. */
/** A browser with Mermaid's bundle served to it, and pages prepared to draw. */
export interface Renderer {
  draw(missing: Miss[], options: RenderOptions, onEach: (job: DiagramJob, svg: string) => void): Promise<void>;
  /**
   * Prepares a page ahead of any diagram: Mermaid loaded, and one small diagram drawn (the
   * first drawing in a page costs about a second more than the next ones, the JavaScript
   * engine compiling Mermaid), unless diagrams to draw are already waiting for the page: the
   * first of them does that work instead. The build calls it while it checks the content.
   */
  warm(): Promise<void>;
  close(): Promise<void>;
  readonly connected: boolean;
  readonly pid: number | undefined;
}

/** What a prepared page draws once, to be quick at the first real diagram. */
const WARM_UP = { id: 'echauffement', text: 'flowchart TD\n  a["Question ?"] -->|Oui| b("Fin")' };

export async function openRenderer(shared?: SharedBrowser): Promise<Renderer> {
  const own = shared ? undefined : sharedBrowser();
  const serving = serveBundle();
  let browser: Browser;
  try {
    browser = await (shared ?? own!).browser();
  } catch (error) {
    (await serving).server.close();
    throw error;
  }
  const { server, url } = await serving;
  // Prepared pages waiting for work, with whether their configuration is pruned.
  const idle: { page: Page; prune: boolean; pruned: boolean }[] = [];
  // A page being warmed (`warm`): the first drawing waits for it rather than open another.
  let warming: Promise<void> | undefined;
  // Whether `draw` was called: the warm-up drawing would only delay the real ones.
  let asked = false;
  let closed = false;
  return {
    warm() {
      warming ??= (async () => {
        const page = await browser.newPage();
        // Closed meanwhile (the check found errors, or nothing to do): the page goes at once.
        const pruned = closed ? false : await preparePage(page, url, true);
        if (!closed && !asked) await renderInPage(page, WARM_UP);
        if (closed) await page.close().catch(() => undefined);
        else idle.push({ page, prune: true, pruned });
      })();
      return warming;
    },
    get connected() {
      return browser.connected;
    },
    pid: browser.process()?.pid,
    async draw(missing, options, onEach) {
      asked = true;
      const prune = options.pruneConfig ?? true;
      // A page of its own costs Mermaid's load and a first, slow drawing (1.5 s or so, eight
      // drawings' worth): fewer diagrams than that share the pages already open (3 diagrams:
      // 1 s sooner in one warm page than in two, docs/mesures.md).
      const concurrency = Math.max(1, Math.min(options.concurrency ?? Math.min(defaultConcurrency(), Math.floor(missing.length / DRAWINGS_PER_NEW_PAGE)), missing.length));
      // A warm page failing is no reason to fail: the drawing opens its own.
      await warming?.catch(() => undefined);
      let next = 0;
      const worker = async () => {
        const index = idle.findIndex((entry) => entry.prune === prune);
        const entry = index >= 0 ? idle.splice(index, 1)[0]! : await (async () => {
          const page = await browser.newPage();
          return { page, prune, pruned: await preparePage(page, url, prune) };
        })();
        try {
          while (next < missing.length) {
            const { item: job, file } = missing[next++]!;
            let svg: string;
            try {
              svg = await renderInPage(entry.page, job);
            } catch (error) {
              // Chromium's own failure would come back the same: only Mermaid's refusal is retried.
              if (!entry.pruned || error instanceof DrawingFailed) throw error;
              // A later Mermaid may read a section pruned above: draw again with Mermaid as is.
              await preparePage(entry.page, url, false);
              entry.pruned = false;
              svg = await renderInPage(entry.page, job);
            }
            writeAtomic(file, svg);
            onEach(job, svg);
          }
        } catch (error) {
          // The page is not reused after a failure; the browser may still serve others.
          await entry.page.close().catch(() => undefined);
          throw error;
        }
        idle.push(entry);
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    },
    async close() {
      if (closed) return;
      closed = true;
      // A page being warmed ends its step first. Closing the browser under puppeteer's
      // newPage left it waiting out its 30 s timeout, and the command with it.
      await warming?.catch(() => undefined);
      server.close();
      // A shared browser stays open for the sheets, without these pages.
      await Promise.all(idle.splice(0).map((entry) => entry.page.close().catch(() => undefined)));
      await own?.close();
    },
  };
}

/**
 * The renderer `npm run dev` keeps between requests (`keepAliveMs`), so that an edited flow's
 * diagram is drawn in a fraction of a second rather than after a browser start. Calls take
 * turns; the browser closes once idle for `keepAliveMs`, or with the process.
 */
type Kept = { renderer: Promise<Renderer>; turn: Promise<unknown>; timer?: NodeJS.Timeout };
let shared: Kept | undefined;

async function discard(kept: Kept): Promise<void> {
  if (shared === kept) shared = undefined;
  clearTimeout(kept.timer);
  await kept.turn.catch(() => undefined);
  await (await kept.renderer.catch(() => undefined))?.close();
}

/** Closes the kept renderer, if any (tests; the idle timer does it otherwise). */
export async function closeKeptRenderer(): Promise<void> {
  if (shared) await discard(shared);
}

/** The browser process of the kept renderer, if one is running (for tests that kill it). */
export async function keptBrowserPid(): Promise<number | undefined> {
  return (await shared?.renderer.catch(() => undefined))?.pid;
}

async function drawWithKeptRenderer(missing: Miss[], options: RenderOptions & { keepAliveMs: number }, onEach: (job: DiagramJob, svg: string) => void): Promise<boolean> {
  // A browser that failed to start, crashed or was killed is replaced, not reported.
  const existing = shared;
  if (existing && !(await existing.renderer.catch(() => undefined))?.connected) void discard(existing);
  let started = false;
  if (!shared) {
    shared = { renderer: openRenderer(), turn: Promise.resolve() };
    started = true;
  }
  const current = shared;
  clearTimeout(current.timer);
  const turn = current.turn.then(async () => (await current.renderer).draw(missing, options, onEach));
  current.turn = turn.catch(() => undefined);
  try {
    await turn;
  } finally {
    // Kept even after a text Mermaid refused: the browser still works.
    if (shared === current) current.timer = setTimeout(() => void discard(current), options.keepAliveMs).unref();
  }
  return started;
}

/**
 * Renders every job to SVG, from the cache when possible. The browser starts only if at
 * least one diagram is missing from the cache, and only once; with `keepAliveMs` it stays
 * open for the next call.
 */
export async function renderDiagrams(jobs: DiagramJob[], options: RenderOptions): Promise<{ svgs: Map<string, string>; stats: RenderStats }> {
  const svgs = new Map<string, string>();
  // The missing ones are drawn while the others are read from the cache.
  const { misses: missing, readHits } = splitByCacheLater(jobs, options.cacheDir, cacheKey, '.svg');
  let done = 0;
  const onEach = (job: DiagramJob, svg: string) => {
    svgs.set(job.id, svg);
    options.onResult?.(job.id, svg);
    options.onProgress?.(++done, jobs.length);
  };
  const stats: RenderStats = { rendered: missing.length, reused: jobs.length - missing.length, browserStarted: missing.length > 0 };
  const drawing = missing.length === 0 ? Promise.resolve() : draw(missing, options, onEach, stats);
  // Awaited below, after the reading: a failure meanwhile is not left unhandled.
  drawing.catch(() => undefined);
  await readHits((job, data) => onEach(job, data.toString('utf8')));
  await drawing;
  return { svgs, stats };
}

/** Draws the diagrams missing from the cache, in the renderer the call names, the kept one, or one of its own. */
async function draw(missing: Miss[], options: RenderOptions, onEach: (job: DiagramJob, svg: string) => void, stats: RenderStats): Promise<void> {
  if (options.keepAliveMs !== undefined) {
    stats.browserStarted = await drawWithKeptRenderer(missing, { ...options, keepAliveMs: options.keepAliveMs }, onEach);
    return;
  }
  if (options.renderer) {
    await (await options.renderer).draw(missing, options, onEach);
    return;
  }
  const renderer = await openRenderer(options.browser);
  try {
    await renderer.draw(missing, options, onEach);
  } finally {
    await renderer.close();
  }
}
