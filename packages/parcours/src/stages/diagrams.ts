/** The diagrams stage of a build: Mermaid text of every flow, rendered to SVG (cached). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagramDomId, flowToMermaid } from '../core/mermaid.ts';
import type { Project } from '../core/model.ts';
import { renderDiagrams, type RenderStats } from '../render/mermaid-svg.ts';

export interface Diagram {
  flowId: string;
  /** DOM id of the SVG, unique per page. */
  domId: string;
  mermaid: string;
  svg: string;
}

export { diagramDomId };

/** Renders every flow's diagram; nothing is drawn again when the text has not changed. */
export async function renderFlowDiagrams(
  project: Project,
  options: { cacheDir: string; baseUrl?: string; onProgress?: (done: number, total: number) => void; only?: string[]; keepAliveMs?: number },
): Promise<{ diagrams: Diagram[]; stats: RenderStats }> {
  // `only`: a page needs its own flow's diagram, not all of them (500 pages × 500 diagrams
  // made the site stage quadratic).
  const flows = [...project.flows.values()].filter((flow) => !options.only || options.only.includes(flow.id));
  const jobs = flows.map((flow) => ({ id: diagramDomId(flow.id), text: flowToMermaid(flow, project, { baseUrl: options.baseUrl ?? '/' }) }));
  const { svgs, stats } = await renderDiagrams(jobs, {
    cacheDir: options.cacheDir,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.keepAliveMs !== undefined ? { keepAliveMs: options.keepAliveMs } : {}),
  });
  const diagrams = flows.map((flow, i) => ({ flowId: flow.id, domId: jobs[i]!.id, mermaid: jobs[i]!.text, svg: svgs.get(jobs[i]!.id)! }));
  return { diagrams, stats };
}

/**
 * Writes `<outDir>/diagrams/<flow>.mmd` and `.svg`, for review and reuse. With the public
 * address, the standalone SVG's links are absolute, so they work when the file is opened on its
 * own (the SVG inlined in the site's pages keeps site-relative links).
 */
export function writeDiagrams(diagrams: Diagram[], outDir: string, siteUrl?: string): void {
  const dir = join(outDir, 'diagrams');
  mkdirSync(dir, { recursive: true });
  for (const d of diagrams) {
    writeFileSync(join(dir, `${d.flowId}.mmd`), d.mermaid);
    // Our own SVG: every link Mermaid wrote is a site address starting with "/".
    const svg = siteUrl ? d.svg.replace(/(\s(?:xlink:)?href)="\/([^"]*)"/g, (_, attribute: string, path: string) => `${attribute}="${new URL(`/${path}`, siteUrl).href}"`) : d.svg;
    writeFileSync(join(dir, `${d.flowId}.svg`), svg);
  }
}
