/**
 * What the site's pages receive, and how it reaches them: the integration (./integration.ts)
 * fills one `SiteData` per load of the content project and hands it to the page modules through
 * `virtual:parcours/site` (a Vite virtual module reading it from a process-wide slot: Astro
 * renders the pages in the process that runs the integration, but from bundled copies of the
 * modules, so a plain module variable would not be shared). Pages import only that module
 * and the pure core; never the stages, the renderers or the file system.
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
}

export const SITE_DATA_SLOT = Symbol.for('parcours.site-data');

type Slot = { [SITE_DATA_SLOT]?: SiteData };

export function publishSiteData(data: SiteData): void {
  (globalThis as Slot)[SITE_DATA_SLOT] = data;
}

export function publishedSiteData(): SiteData {
  const data = (globalThis as Slot)[SITE_DATA_SLOT];
  if (!data) throw new Error('Parcours : les pages sont rendues sans l’intégration Astro de Parcours (src/astro/integration.ts).');
  return data;
}
