/**
 * The site stage of a build. Astro renders the pages in a process of its own (./site-worker.ts),
 * started at the beginning of the build so that it bundles the site while the content is
 * checked; it receives the model once checked, the pages to render, and the diagrams its pages
 * ask for once drawn. The other pages come from the page store (`<cache>/pages/`): every page
 * rendered is kept there under its key (./page-keys.ts), and a page whose key is there is taken
 * instead of rendered again, byte for byte the page a build from scratch would write: linked
 * (./hard-link.ts: 11,000 pages in a tenth of the time copying them took), or copied where the
 * two folders cannot share a file.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { serialize } from 'node:v8';
import { createHash } from 'node:crypto';
import type { Preloaded } from '../astro/integration.ts';
import type { Project } from '../core/model.ts';
import { themeCss } from '../core/theme.ts';
import { TOOLKIT_DIR, type Settings } from '../settings/settings.ts';
import { toolkitIdentity } from './fingerprint.ts';
import { linkOrCopy } from './hard-link.ts';
import { treeEntries } from './tree.ts';
import type { FromSiteWorker, ToSiteWorker } from './site-worker.ts';
import { siteProcessOptions } from './memory-options.ts';

/** ./site-worker, as this module runs: TypeScript in the repository, JavaScript once compiled. */
const WORKER = join(import.meta.dirname, basename(import.meta.filename).replace(/^site\./, 'site-worker.'));

/**
 * Pages from which, without a bundle kept, one process bundles and another renders. Below, the
 * pages add little to what bundling leaves in its process (69 pages: none; 2,212: 350 MiB of a
 * 1,335 MiB build), and the second process would cost its wait for the bundle and its loading
 * (a site of 69 pages built cold: 0.3 s more, docs/mesures.md).
 */
export const RENDER_APART_PAGES = 1000;

/** The checked content, as the build hands it to Astro's process (V8's serialization, Maps and all). */
const CONTENT_FILE = 'content.bin';

/** The site being rendered by its own process. */
export interface SiteRender {
  /**
   * Hands over the checked content and the key of the site's bundle (`siteBundleKey`): an
   * earlier build's bundle of that key renders the pages.
   */
  content(data: Omit<Preloaded, 'diagram' | 'only'>, bundleKey: string): void;
  /** Names the pages to render (all when `only` is absent), `count` of them: rendering starts. */
  render(only: Set<string> | undefined, count: number): void;
  /** Hands over a journey's diagram, once asked for (`wanted`): pages that show it wait for it. */
  diagram(flowId: string, svg: string): void;
  /** Calls `listener` with each journey whose diagram a page waits for, those asked before included. */
  wanted(listener: (flowId: string) => void): void;
  /** Settles when the pages are written into `outDir`: whether from a bundle an earlier build kept. */
  readonly done: Promise<{ keptBundle: boolean }>;
  /** Where Astro writes. */
  readonly outDir: string;
  /** The processes started: 2 when one bundled and another rendered (./site-worker.ts). */
  readonly processes: number;
  /** Stops the render (the build failed or found nothing to do). */
  stop(): void;
}

/**
 * Starts Astro in its own process, working in `dir` (a private folder of the build: Astro's
 * output goes to `<dir>/out`, its caches to the project's cache folder). When that process has
 * no bundle to render from and the pages are many (RENDER_APART_PAGES), it only bundles, and
 * says so (`bundling`): a second one starts at once and is handed what the build sent so far;
 * it renders the pages from the bundle the first keeps (./site-worker.ts says why), while the
 * first bundles and then ends.
 */
export function startSite(settings: Settings, dir: string): SiteRender {
  mkdirSync(dir, { recursive: true });
  let settle!: { resolve: (value: { keptBundle: boolean }) => void; reject: (error: Error) => void };
  const done = new Promise<{ keptBundle: boolean }>((resolve, reject) => (settle = { resolve, reject }));
  // Unhandled until the build waits for it: a failure before then is seen when it does.
  done.catch(() => undefined);
  // What the build handed over (the content, the pages to render), for a process started later.
  const handed: ToSiteWorker[] = [];
  // Every diagram handed over: a process started later gets them, and any process asking for one has it at once.
  const svgs = new Map<string, string>();
  const asked: string[] = [];
  let onWant: ((flowId: string) => void) | undefined;
  /** A process: the diagrams it asked for, and whether it renders the pages (else it only bundles). */
  type Worker = { child: ChildProcess; wants: Set<string>; renders: boolean };
  const workers: Worker[] = [];
  const send = (worker: Worker, message: ToSiteWorker) => {
    if (worker.child.connected) worker.child.send(message);
  };
  // Decided once: both processes of a build render with the same options.
  const nodeOptions = siteProcessOptions(settings.flowsDir);
  const launch = (role: 'first' | 'after'): Worker => {
    const worker: Worker = {
      child: fork(WORKER, [], {
        cwd: dir,
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        execArgv: nodeOptions,
      }),
      wants: new Set(),
      renders: true,
    };
    workers.push(worker);
    let answer: FromSiteWorker | undefined;
    worker.child.on('message', (message: FromSiteWorker) => {
      if (message.type === 'want') {
        worker.wants.add(message.flowId);
        const svg = svgs.get(message.flowId);
        if (svg !== undefined) send(worker, { type: 'diagram', flowId: message.flowId, svg });
        else if (onWant) onWant(message.flowId);
        else asked.push(message.flowId);
      } else if (message.type === 'bundling') {
        worker.renders = false;
        const renderer = launch('after');
        for (const earlier of handed) send(renderer, earlier);
        for (const [flowId, svg] of svgs) send(renderer, { type: 'diagram', flowId, svg });
      } else {
        answer = message;
        // The bundle is kept: the process started after this one renders from it.
        if (message.type === 'bundled') for (const other of workers) if (other.renders) send(other, { type: 'bundled' });
      }
    });
    worker.child.on('error', settle.reject);
    worker.child.on('exit', (code, signal) => {
      if (answer?.type === 'done') settle.resolve({ keptBundle: answer.keptBundle });
      else if (answer?.type === 'failed') settle.reject(new Error(`Astro n’a pas pu construire le site : ${answer.message}`));
      // Bundled: the other process renders, and answers.
      else if (answer?.type !== 'bundled') settle.reject(new Error(`Le rendu du site s’est arrêté (${signal ?? `code ${code}`}).`));
    });
    send(worker, { type: 'build', settings, role });
    return worker;
  };
  launch('first');
  const hand = (message: ToSiteWorker) => {
    handed.push(message);
    for (const worker of workers) send(worker, message);
  };
  return {
    content: (data, bundleKey) => {
      // Through a file: a message of megabytes crosses the channel only as fast as both event
      // loops turn (500 journeys: 3 s while the build computes the pages' keys; 0.15 s this way).
      const file = join(dir, CONTENT_FILE);
      writeFileSync(file, serialize(data));
      hand({ type: 'data', file, bundleKey });
    },
    render: (only, count) => hand({ type: 'pages', ...(only ? { only: [...only] } : {}), handOff: count >= RENDER_APART_PAGES }),
    diagram: (flowId, svg) => {
      svgs.set(flowId, svg);
      for (const worker of workers) if (worker.renders || worker.wants.has(flowId)) send(worker, { type: 'diagram', flowId, svg });
    },
    wanted: (listener) => {
      onWant = listener;
      for (const flowId of asked.splice(0)) listener(flowId);
    },
    done,
    outDir: join(dir, 'out'),
    get processes() {
      return workers.length;
    },
    stop: () => {
      for (const { child } of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * What Astro's bundle of the site is made from, as one hash: the toolkit as it runs (its code,
 * the versions of Astro and every package: toolkitIdentity) and where it lies, the content
 * project's MDX pages and the pictures they show (`pagesDigest`: contentDigest), their files
 * (the bundle imports them by path) and addresses, the brands' colours (a
 * stylesheet Astro bundles), and the site's public address (Astro's `site` and `base`). The
 * journeys, procedures, contacts, sheets and settings reach the pages as data, at run time: none
 * of them is in the bundle, so an edit of them keeps it.
 */
export function siteBundleKey(settings: Settings, project: Project, pagesDigest: string): string {
  const hash = createHash('sha256');
  const pages = [...project.pages.values()].map((page) => `${page.slug}\0${page.path}`).sort();
  for (const part of [toolkitIdentity(), TOOLKIT_DIR, pagesDigest, ...pages, themeCss(settings.config, project.brands.values()), settings.siteUrl ?? '']) {
    hash.update(part).update('\0\0');
  }
  return hash.digest('hex');
}

/** A page's file in the page store. */
export const storeFile = (store: string, key: string) => join(store, `${key}.html`);

/** The pages whose key the store holds, from one listing of the store (none when it does not exist yet). */
export function storedPages(keys: Map<string, string>, store: string): Set<string> {
  let names: Set<string>;
  try {
    names = new Set(readdirSync(store));
  } catch {
    return new Set();
  }
  return new Set([...keys].filter(([, key]) => names.has(`${key}.html`)).map(([path]) => path));
}

/** Pages linked between two turns of the event loop: the build keeps answering Chromium and Astro meanwhile. */
const LINKS_PER_TURN = 256;

/**
 * Puts into `siteDir` the pages `pages` from the store (linked, or copied): the build has told Astro not
 * to render them. 11,000 pages take 2 s of file system work on a virtual disk: done while Astro
 * renders the others, yielding now and then. A page gone from the store since it was listed
 * (another build pruning a shared cache) stops the build rather than leave the page out.
 */
export async function linkStoredPages(keys: Map<string, string>, pages: Set<string>, store: string, siteDir: string): Promise<void> {
  const made = new Set<string>();
  let count = 0;
  for (const path of pages) {
    const target = join(siteDir, path);
    const folder = dirname(target);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    try {
      linkOrCopy(storeFile(store, keys.get(path)!), target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new Error(`La page ${path} a disparu du cache des pages pendant la construction (une autre construction utilise-t-elle le même cache ?) : relancez la construction.`);
    }
    if (++count % LINKS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Moves what Astro wrote in `renderedDir` into `siteDir` (pages and assets), and checks that
 * Astro wrote exactly the pages asked for: a page the build did not key could not be reused
 * safely. Returns the pages moved (`storeRenderedPages` keeps them for the next build).
 *
 * A folder `siteDir` does not have yet is moved whole (one rename for the 10,000 pages of
 * `parcours/` in a cold build of 500 journeys, where moving each page and making its folder
 * took 0.8 s, and removing the folders Astro was left with 0.9 s more); into one it has (the
 * folders kept from an earlier output, pages reused), file by file.
 */
export function collectRenderedPages(renderedDir: string, siteDir: string, asked: Set<string>): string[] {
  const pages: string[] = [];
  const files: string[] = [];
  const move = (from: string, to: string, relative: string) => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      const target = join(to, entry.name);
      if (entry.isDirectory() && lstatSync(target, { throwIfNoEntry: false })?.isDirectory()) {
        move(join(from, entry.name), target, path);
        continue;
      }
      renameSync(join(from, entry.name), target);
      if (entry.isDirectory()) files.push(...treeEntries(target).filter((moved) => !moved.entry.isDirectory()).map((moved) => `${path}/${moved.file}`));
      else files.push(path);
    }
  };
  move(renderedDir, siteDir, '');
  for (const path of files.sort()) {
    if (!path.endsWith('.html')) continue;
    if (!asked.has(path)) throw new Error(`Astro a écrit une page que la construction n’attendait pas : ${path} (voir src/site/routes.ts).`);
    pages.push(path);
  }
  const written = new Set(pages);
  const missing = [...asked].filter((path) => !written.has(path));
  if (missing.length) throw new Error(`Astro n’a pas écrit ${missing.length} page(s) attendue(s), dont ${missing.slice(0, 3).join(', ')}.`);
  return pages;
}

/**
 * Keeps each keyed page of `pages` (in `siteDir`) in the store under its key, for the next
 * build, a few at a time between the turns of the event loop. Not on the way from the site to
 * the sheets: the build does it while the recueils print (500 journeys: 11,000 links, 0.2 to
 * 0.7 s of this thread), and awaits it before it removes the print pages (the next build's
 * sheets are keyed by them) and before it ends. A page is stored through a temporary name,
 * whole or not at all.
 */
export async function storeRenderedPages(siteDir: string, pages: readonly string[], keys: ReadonlyMap<string, string>, store: string): Promise<void> {
  mkdirSync(store, { recursive: true });
  let count = 0;
  for (const path of pages) {
    const key = keys.get(path);
    if (key === undefined) continue;
    const kept = storeFile(store, key);
    const temporary = `${kept}.${process.pid}.tmp`;
    rmSync(temporary, { force: true });
    linkOrCopy(join(siteDir, ...path.split('/')), temporary);
    renameSync(temporary, kept);
    if (++count % LINKS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Removes from the store the pages this build does not have (the store stays the size of one site). */
export function pruneStore(store: string, keys: Map<string, string>): void {
  const kept = new Set([...keys.values()].map((key) => `${key}.html`));
  let names: string[];
  try {
    names = readdirSync(store);
  } catch {
    return;
  }
  for (const name of names) if (name.endsWith('.html') && !kept.has(name)) rmSync(join(store, name), { force: true });
}
