/**
 * diagrams/<flow>.css: the styles of a flow's diagram as shown in the pages (see
 * site/diagram-styles.ts), so that the pages need no inline style. For `npm run dev` and
 * Astro's own commands: a build writes them itself (src/stages/diagrams.ts).
 */
import type { APIRoute } from 'astro';
import { site } from 'virtual:parcours/site';
import { diagramDomId } from '../../core/mermaid.ts';
import { splitDiagramStyles } from '../../site/diagram-styles.ts';
import { flowRoutes } from '../../site/routes.ts';

export function getStaticPaths() {
  const data = site();
  return data.stylesWritten ? [] : flowRoutes(data).map((route) => ({ params: { flow: route.flowId } }));
}

export const GET: APIRoute = async ({ params }) => {
  const flowId = params.flow!;
  const { css } = splitDiagramStyles(await site().diagram(flowId), diagramDomId(flowId));
  return new Response(css, { headers: { 'content-type': 'text/css; charset=utf-8' } });
};
