/** The diagrams stage of a build: Mermaid text of every flow, rendered to SVG (cached). */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagramDomId, flowToMermaid } from '../core/mermaid.ts';
import type { Project } from '../core/model.ts';
import { orderedFlows } from '../core/order.ts';
import { diagramStylesUrl } from '../core/urls.ts';
import type { SharedBrowser } from '../render/browser.ts';
import { writeAtomic } from '../render/disk-cache.ts';
import { cacheKey, renderDiagrams, type Renderer, type RenderStats } from '../render/mermaid-svg.ts';
import { splitDiagramStyles } from '../site/diagram-styles.ts';
import { linkOrCopy } from './hard-link.ts';

export interface Diagram {
  flowId: string;
  /** Its cache key (it determines the SVG). */
  key: string;
  /** DOM id of the SVG, unique per page. */
  domId: string;
  mermaid: string;
  svg: string;
}

export { diagramDomId };

/** What is drawn for each flow: its DOM id and Mermaid text, and the cache key its SVG is kept under (it determines the SVG). */
export function diagramJobs(project: Project, options: { baseUrl?: string; only?: string[] } = {}): { flowId: string; id: string; text: string; key: string }[] {
  // `only`: a page needs its own flow's diagram, not all of them (500 pages × 500 diagrams
  // made the site stage quadratic).
  // In the site's order: the pages that show them are rendered in that order.
  const flows = orderedFlows(project).filter((flow) => !options.only || options.only.includes(flow.id));
  return flows.map((flow) => {
    const job = { id: diagramDomId(flow.id), text: flowToMermaid(flow, project, { baseUrl: options.baseUrl ?? '/' }) };
    return { flowId: flow.id, ...job, key: cacheKey(job) };
  });
}

/** Renders every flow's diagram; nothing is drawn again when the text has not changed. */
export async function renderFlowDiagrams(
  project: Project,
  options: {
    cacheDir: string;
    baseUrl?: string;
    onProgress?: (done: number, total: number) => void;
    /** Each flow's SVG as soon as it is known (from the cache first, then as drawn). */
    onDiagram?: (flowId: string, svg: string) => void;
    only?: string[];
    keepAliveMs?: number;
    /** The build's Chromium, shared with the sheets. */
    browser?: SharedBrowser;
    /** The build's renderer, opened and warmed during the check (the build closes it). */
    renderer?: Promise<Renderer>;
    /** The jobs, when already computed (diagramJobs). */
    jobs?: ReturnType<typeof diagramJobs>;
  },
): Promise<{ diagrams: Diagram[]; stats: RenderStats }> {
  const jobs = options.jobs ?? diagramJobs(project, { ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}), ...(options.only ? { only: options.only } : {}) });
  const flowOf = new Map(jobs.map((job) => [job.id, job.flowId]));
  const { svgs, stats } = await renderDiagrams(
    jobs.map(({ id, text }) => ({ id, text })),
    {
      cacheDir: options.cacheDir,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onDiagram ? { onResult: (id: string, svg: string) => options.onDiagram!(flowOf.get(id)!, svg) } : {}),
      ...(options.keepAliveMs !== undefined ? { keepAliveMs: options.keepAliveMs } : {}),
      ...(options.browser ? { browser: options.browser } : {}),
      ...(options.renderer ? { renderer: options.renderer } : {}),
    },
  );
  const diagrams = jobs.map((job) => ({ flowId: job.flowId, key: job.key, domId: job.id, mermaid: job.text, svg: svgs.get(job.id)! }));
  return { diagrams, stats };
}

/**
 * The stylesheet of a diagram as the pages show it (src/site/diagram-styles.ts), kept in the
 * diagram cache next to its SVG (`<key>.css`): it takes 10 ms a diagram to make, 5 s on 500
 * journeys at every build. Made when the diagram is drawn (the build calls this as each one
 * arrives) or, for a cache made before, when first needed. Returns the cached file.
 */
export function cacheDiagramStyles(cacheDir: string, diagram: Pick<Diagram, 'key' | 'domId' | 'svg'>): string {
  const file = join(cacheDir, `${diagram.key}.css`);
  if (!existsSync(file)) {
    mkdirSync(cacheDir, { recursive: true });
    writeAtomic(file, splitDiagramStyles(diagram.svg, diagram.domId).css);
  }
  return file;
}

/**
 * Writes `<outDir>/diagrams/<flow>.mmd` and `.svg`, for review and reuse, and `.css`, the
 * styles of the diagram as the pages show it (from the cache: `cacheDiagramStyles`); returns
 * each SVG's length. Both are linked from the diagram cache, where they are made once. The
 * stylesheets are written here rather than by Astro: Astro would need
 * every diagram, 37 MB on 500 journeys, sent to its process at every build, to write 500 files
 * that only change with their diagram. With the public address, the standalone SVG's links are
 * absolute, so they work when the file is opened on its own (the SVG inlined in the site's
 * pages keeps site-relative links).
 */
export function writeDiagrams(diagrams: Diagram[], outDir: string, cacheDir: string, siteUrl?: string): Map<string, number> {
  const dir = join(outDir, 'diagrams');
  mkdirSync(dir, { recursive: true });
  // Each SVG's length as written (`diagrams/<flow>.svg`): the output's check compares it with the file on disk.
  const sizes = new Map<string, number>();
  for (const d of diagrams) {
    writeFileSync(join(dir, `${d.flowId}.mmd`), d.mermaid);
    linkOrCopy(cacheDiagramStyles(cacheDir, d), join(outDir, diagramStylesUrl(d.flowId)));
    // The standalone SVG, from the cache too: as drawn, or with absolute links (made once).
    const published = siteUrl === undefined ? join(cacheDir, `${d.key}.svg`) : join(cacheDir, `${d.key}-${createHash('sha256').update(siteUrl).digest('hex').slice(0, 16)}.svg`);
    if (!existsSync(published)) {
      mkdirSync(cacheDir, { recursive: true });
      // Our own SVG: every link Mermaid wrote is a site address starting with "/".
      writeAtomic(published, siteUrl ? d.svg.replace(/(\s(?:xlink:)?href)="\/([^"]*)"/g, (_, attribute: string, path: string) => `${attribute}="${new URL(`/${path}`, siteUrl).href}"`) : d.svg);
    }
    linkOrCopy(published, join(dir, `${d.flowId}.svg`));
    sizes.set(`diagrams/${d.flowId}.svg`, statSync(published).size);
  }
  return sizes;
}
