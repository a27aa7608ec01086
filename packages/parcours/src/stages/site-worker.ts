/**
 * The site stage's own process, started by ./site.ts: Astro renders the pages here, from the
 * model the build loaded (sent over the IPC channel, Maps and all), into `<cwd>/out`.
 *
 * Why a process of its own: Astro writes the bundle it renders pages from inside its output
 * folder only when that folder lies under the working folder (else into `<cwd>/.astro/`, shared
 * by every build started there), and a process's working folder is its own to choose only at
 * its start (`process.chdir` would move every other part of the build). That bundle imports no
 * package at run time (everything is bundled in), so it runs wherever the build puts it, the
 * toolkit being installed under node_modules or not. And Astro bundles (seconds of work) while
 * the build checks the content and draws the diagrams, on another core.
 *
 * When an earlier build kept the bundle this build would make (../astro/kept-bundle.ts), the
 * pages are rendered from it: neither Astro's build nor Vite is loaded. When none was kept and
 * the pages are many (`handOff`), the first process only bundles (Astro's build, rendering no
 * page of a journey), keeps the bundle and says so (`bundled`); a second process, started by
 * ./site.ts as soon as the first said it would, renders the pages from that bundle. Bundling
 * leaves a process of 500 journeys at 480 MiB or more, which rendering in the same process
 * kept until the end (780 MiB); a fresh process renders them in 340 MiB (docs/mesures.md).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import type { Preloaded } from '../astro/integration.ts';
import type { Settings } from '../settings/settings.ts';

/** The key the pages find the build's data under, in the bundle and in every bundle kept. */
const DATA_KEY = 'parcours-build';

/** From the build. */
export type ToSiteWorker =
  /**
   * `first`: render from the bundle kept, or without one bundle only and answer `bundled`
   * (another process renders), or where no bundle can be kept bundle and render here.
   * `after`: render from the bundle another process is making, once it has (`bundled`).
   */
  | { type: 'build'; settings: Settings; role: 'first' | 'after' }
  /** The first process has kept the bundle (to the `after` one). */
  | { type: 'bundled' }
  /** The checked content, serialized into `file`; `bundleKey`: what the site's bundle is made from (./site.ts). */
  | { type: 'data'; file: string; bundleKey: string }
  /**
   * The pages to render (every page when `only` is absent); `handOff`: so many that, without a
   * bundle kept, another process should render them (./site.ts).
   */
  | { type: 'pages'; only?: string[]; handOff: boolean }
  | { type: 'diagram'; flowId: string; svg: string };

/**
 * To the build: a diagram a page waits for (the build sends it once drawn); `bundling` (no
 * bundle kept: Astro's build starts, and will hand the pages over); then the outcome: the pages
 * rendered (and whether from a kept bundle), the bundle kept for another process to render
 * from (`bundled`), or a failure.
 */
export type FromSiteWorker =
  | { type: 'want'; flowId: string }
  | { type: 'bundling' }
  | { type: 'done'; keptBundle: boolean }
  | { type: 'bundled' }
  | { type: 'failed'; message: string };

/** Tells the build, then ends: one build, one answer. */
const finish = (message: FromSiteWorker) => process.send!(message, () => process.exit(message.type === 'failed' ? 1 : 0));

// The build died: so does this process.
process.on('disconnect', () => process.exit(1));

/** A promise and what settles it. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const diagrams = new Map<string, ReturnType<typeof deferred<string>>>();
/**
 * A flow's diagram: the build sends those of the pages it asks for once drawn, and any other
 * is asked of it the first time a page needs it. Of 500 diagrams, a build that renders one
 * journey's pages needs one (all of them, 37 MB, were sent before).
 */
const diagramOf = (flowId: string, ask = true) => {
  let entry = diagrams.get(flowId);
  if (!entry) {
    entry = deferred<string>();
    diagrams.set(flowId, entry);
    if (ask) process.send!({ type: 'want', flowId } satisfies FromSiteWorker);
  }
  return entry;
};

const bundled = deferred<void>();
const content = deferred<{ data: Omit<Preloaded, 'diagram' | 'only'>; bundleKey: string }>();
const pages = deferred<{ only: Set<string> | undefined; handOff: boolean }>();
/** What the pages receive: the content, its diagrams as drawn, and the pages to render (all when `only` is absent). */
const pagesData = (data: Omit<Preloaded, 'diagram' | 'only'>, only: Set<string> | undefined): Preloaded => ({ ...data, diagram: (flowId) => diagramOf(flowId).promise, ...(only ? { only } : {}) });
/** Once the content and the pages to render are known. */
const preloaded = Promise.all([content.promise, pages.promise]).then(([{ data }, { only }]) => pagesData(data, only));
const outDir = join(process.cwd(), 'out');

/**
 * Astro's build: it bundles the site (and keeps the bundle for the next build), then renders the
 * pages `data` names (`preloaded`, or, in a process that only bundles, none but those of the
 * whole site: home, contacts…, which have no key and which the other process renders again).
 */
async function bundleAndRender(settings: Settings, data: Promise<Preloaded> = preloaded): Promise<void> {
  const [{ build }, { astroConfig }, { keepBundle, keptBundlesDir }] = await Promise.all([import('astro'), import('../astro/astro-config.ts'), import('../astro/kept-bundle.ts')]);
  const config = astroConfig(settings, { preloaded: data, outDir, dataKey: DATA_KEY });
  config.integrations = [...(config.integrations ?? []), keepBundle(keptBundlesDir(settings), settings.sealKeyFile, content.promise.then((c) => c.bundleKey))];
  // The prerender bundle carries its packages: nothing for it to find in a node_modules.
  config.vite = { ...config.vite, environments: { prerender: { resolve: { noExternal: true } } } };
  // Pages render side by side: one waiting for its diagram (still being drawn) holds up no other.
  config.build = { ...config.build, concurrency: 16 };
  // `sync: false`: no types written to the toolkit's .astro/ (a build needs none).
  await build({ ...config, configFile: false, logLevel: 'warn', mode: 'production' }, { sync: false } as Parameters<typeof build>[1]);
}

/**
 * The pages, from the bundle an earlier build kept when this build's would be the same; else
 * from Astro's build. Without a bundle kept, Astro's build starts at once, while the build
 * checks the content; with one, it is loaded meanwhile, and Astro's build starts only if the
 * content's key turns out to be another. For many pages (`handOff`, where a bundle can be kept),
 * the first process's Astro build only bundles: `bundled`, and the `after` process renders,
 * once told so. That one bundles and renders itself only if the bundle is not there (or not the
 * one for this content).
 */
async function render(settings: Settings, role: 'first' | 'after'): Promise<FromSiteWorker> {
  const { canKeepBundles, findKeptBundle, keptBundlesDir, openKeptBundle } = await import('../astro/kept-bundle.ts');
  if (role === 'after') await bundled.promise;
  const bundle = async (): Promise<FromSiteWorker> => {
    if (role === 'after' || !canKeepBundles(settings.sealKeyFile)) {
      await bundleAndRender(settings);
      return { type: 'done', keptBundle: false };
    }
    // Bundling starts now; whether it hands the pages over is known with the pages to render.
    const handOff = pages.promise.then(({ handOff }) => {
      if (handOff) process.send!({ type: 'bundling' } satisfies FromSiteWorker);
      return handOff;
    });
    const none = content.promise.then(({ data }) => pagesData(data, new Set()));
    await bundleAndRender(settings, handOff.then((apart) => (apart ? none : preloaded)));
    return (await handOff) ? { type: 'bundled' } : { type: 'done', keptBundle: false };
  };
  const found = findKeptBundle(keptBundlesDir(settings), settings.sealKeyFile);
  if (!found) return bundle();
  const opening = openKeptBundle(found.dir);
  opening.catch(() => undefined);
  const { bundleKey } = await content.promise;
  if (bundleKey !== found.key) return bundle();
  const [{ preloadedData, withSearchParts }, { publishSiteData }] = await Promise.all([import('../astro/integration.ts'), import('../astro/site-data.ts')]);
  const data = withSearchParts(settings, preloadedData(settings, await preloaded));
  publishSiteData(DATA_KEY, data);
  try {
    await (await opening).render(outDir, data);
    // Kept by an earlier build (the `after` process renders from this build's own).
    return { type: 'done', keptBundle: role === 'first' };
  } catch {
    // A kept bundle that cannot render (a page's error is met again, and reported, below):
    // Astro's build, from an empty folder, as if none were kept.
    rmSync(outDir, { recursive: true, force: true });
    await bundleAndRender(settings);
    return { type: 'done', keptBundle: false };
  }
}

process.on('message', (message: ToSiteWorker) => {
  switch (message.type) {
    case 'build':
      render(message.settings, message.role).then(
        (outcome) => finish(outcome),
        (error: unknown) => finish({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
      break;
    case 'bundled':
      bundled.resolve();
      break;
    case 'data':
      content.resolve({ data: deserialize(readFileSync(message.file)) as Omit<Preloaded, 'diagram' | 'only'>, bundleKey: message.bundleKey });
      break;
    case 'pages':
      pages.resolve({ only: message.only ? new Set(message.only) : undefined, handOff: message.handOff });
      break;
    case 'diagram':
      // Sent unasked (the build knows which pages show it), or as asked.
      diagramOf(message.flowId, false).resolve(message.svg);
      break;
  }
});
