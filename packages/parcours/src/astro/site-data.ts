/**
 * What the site's pages receive, and how it reaches them: the integration (./integration.ts)
 * fills one `SiteData` per load of the content project and hands it to the page modules through
 * `virtual:parcours/site`. Astro renders the pages in the process that runs the integration,
 * but from bundled copies of the modules, so a module variable would not be shared: the data
 * is registered under the key of ONE integration instance (one build, or one dev server), the
 * virtual module reads that key, and the build drops it when it ends. Two builds in one process
 * never see each other's data. Pages import only that module and the pure core; never the
 * stages, the renderers or the file system.
 */
import type { Config } from '../core/config.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import type { FlowFacts } from '../core/flow-facts.ts';
import type { Project } from '../core/model.ts';
import type { Sheet } from '../core/sheet-contents.ts';

export interface SiteData {
  config: Config;
  project: Project;
  /** Errors of the content (shown in place of every page by `npm run dev`; a build stops before). */
  errors: Diagnostic[];
  /** The printable sheets, computed once per load. */
  sheets: Sheet[];
  /** Per flow: where each node is reached from, and how far along the journey it is. */
  facts: Map<string, FlowFacts>;
  /** A flow's diagram as inline SVG (drawn by the build, or on demand by `npm run dev`). */
  diagram: (flowId: string) => Promise<string>;
  /** In `npm run dev` with errors: the pages that exist under the last content that loaded. */
  routes?: { flows: Map<string, string[]>; procedures: string[] };
  /**
   * True in a build: it writes each diagram's stylesheet itself (src/stages/diagrams.ts), and
   * sends a diagram only for the pages that show it. `npm run dev` and Astro's own commands
   * have Astro write the stylesheets.
   */
  stylesWritten?: boolean;
  /** The folders of the search index's parts but the first (`2/` for `pagefind/2/`), which the search page merges (src/site/search-parts.ts). */
  searchParts: string[];
  /** The pages to render (paths such as `parcours/a/index.html`), when the build reuses the others; every page when absent. */
  only?: Set<string>;
}

// Symbol.for: the bundled copy of this module and the integration's copy find the same registry.
const REGISTRY = Symbol.for('parcours.site-data');

function registry(): Map<string, SiteData> {
  const holder = globalThis as { [REGISTRY]?: Map<string, SiteData> };
  return (holder[REGISTRY] ??= new Map());
}

/** Registers (or replaces) the data of the integration instance `key`. */
export function publishSiteData(key: string, data: SiteData): void {
  registry().set(key, data);
}

/** Forgets the data of `key` (its build has ended). */
export function withdrawSiteData(key: string): void {
  registry().delete(key);
}

/** The data of `key`, for the page modules (through the virtual module). */
export function publishedSiteData(key: string): SiteData {
  const data = registry().get(key);
  if (!data) throw new Error('Parcours : les pages sont rendues sans l’intégration Astro de Parcours (src/astro/integration.ts).');
  return data;
}
