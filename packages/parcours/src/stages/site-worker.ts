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
 */
import { build } from 'astro';
import { join } from 'node:path';
import type { Preloaded } from '../astro/integration.ts';
import { astroConfig } from '../astro/astro-config.ts';
import type { Settings } from '../settings/settings.ts';

/** From the build. */
export type ToSiteWorker =
  | { type: 'build'; settings: Settings }
  | { type: 'data'; data: Omit<Preloaded, 'diagram' | 'only'> & { only?: string[] } }
  | { type: 'diagram'; flowId: string; svg: string };

/** To the build: a diagram a page waits for (the build sends it once drawn), then the outcome. */
export type FromSiteWorker = { type: 'want'; flowId: string } | { type: 'done' } | { type: 'failed'; message: string };

/** Tells the build, then ends: one build, one answer. */
const finish = (message: FromSiteWorker) => process.send!(message, () => process.exit(message.type === 'done' ? 0 : 1));

// The build died: so does this process.
process.on('disconnect', () => process.exit(1));

const diagrams = new Map<string, { svg: Promise<string>; resolve: (svg: string) => void }>();
/**
 * A flow's diagram, asked of the build the first time a page needs it: of 500 diagrams, a build
 * that renders one journey's pages needs one (all of them, 37 MB, were sent before).
 */
const diagramOf = (flowId: string) => {
  let entry = diagrams.get(flowId);
  if (!entry) {
    let resolve!: (svg: string) => void;
    const svg = new Promise<string>((r) => (resolve = r));
    entry = { svg, resolve };
    diagrams.set(flowId, entry);
    process.send!({ type: 'want', flowId } satisfies FromSiteWorker);
  }
  return entry;
};

let resolveData!: (data: Preloaded) => void;
const preloaded = new Promise<Preloaded>((r) => (resolveData = r));

async function render(settings: Settings): Promise<void> {
  const config = astroConfig(settings, { preloaded, outDir: join(process.cwd(), 'out') });
  // The prerender bundle carries its packages: nothing for it to find in a node_modules.
  config.vite = { ...config.vite, environments: { prerender: { resolve: { noExternal: true } } } };
  // Pages render side by side: one waiting for its diagram (still being drawn) holds up no other.
  config.build = { ...config.build, concurrency: 16 };
  // `sync: false`: no types written to the toolkit's .astro/ (a build needs none).
  await build({ ...config, configFile: false, logLevel: 'warn', mode: 'production' }, { sync: false } as Parameters<typeof build>[1]);
}

process.on('message', (message: ToSiteWorker) => {
  switch (message.type) {
    case 'build':
      render(message.settings).then(
        () => finish({ type: 'done' }),
        (error: unknown) => finish({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
      break;
    case 'data': {
      const { only, ...data } = message.data;
      resolveData({ ...data, diagram: (flowId) => diagramOf(flowId).svg, ...(only ? { only: new Set(only) } : {}) });
      break;
    }
    case 'diagram':
      diagramOf(message.flowId).resolve(message.svg);
      break;
  }
});
