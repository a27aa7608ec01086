/**
 * The site's addresses, in one place: the pages, the diagrams' `click` links and the printed
 * sheets' QR codes must agree. Paths are relative to the site's base (always ending in "/").
 */
import type { Flow, FlowNode, Project } from './model.ts';

/** The site's fixed pages. */
export const HOME_URL = '';
export const SEARCH_URL = 'recherche/';
export const CONTACTS_URL = 'contacts/';
export const SITE_MAP_URL = 'plan-du-site/';
/** An editorial page of the content project (content/<slug>.mdx). */
export const editorialUrl = (slug: string) => `${slug}/`;

/**
 * The path the site is published under, from its public address: "/" for
 * `https://host/`, "/aide/" for `https://host/aide/` (and with no address).
 */
export function basePath(siteUrl?: string): string {
  return siteUrl ? new URL(siteUrl).pathname.replace(/\/?$/, '/') : '/';
}

/** A site address (relative to the base, as the helpers here give) as a link: the base path in front. */
export function withBase(base: string, url: string): string {
  return `${base.replace(/\/?$/, '/')}${url.replace(/^\//, '')}`;
}

export const flowUrl = (flowId: string) => `parcours/${flowId}/`;
export const overviewUrl = (flowId: string) => `parcours/${flowId}/vue-d-ensemble/`;
/** The diagram at its natural size, for phones. */
export const bigDiagramUrl = (flowId: string) => `parcours/${flowId}/logigramme/`;
/** A flow's diagram as a file of its own, and the stylesheet of the diagram shown in the pages. */
export const diagramFileUrl = (flowId: string) => `diagrams/${flowId}.svg`;
export const diagramStylesUrl = (flowId: string) => `diagrams/${flowId}.css`;
/** A picture of a step or a brand's logo, as a file of the site (named by its content). */
export const pictureUrl = (fileName: string) => `images/${fileName}`;
export const procedureUrl = (procedureId: string) => `procedures/${procedureId}/`;
/** A printable sheet (see sheets.ts for its name), and the HTML page it is printed from. */
export const sheetUrl = (sheetName: string) => `fiches/${sheetName}.pdf`;
export const sheetPrintUrl = (sheetName: string) => `fiches/${sheetName}/`;
export const RECUEIL_URL = 'fiches/recueil.pdf';

/**
 * Where a node's page is. Every node of a flow has its own page (a procedure node shows the
 * steps and then "continue", so the reader stays in the guided path), the start node's page
 * being the flow's own address; a link to another flow goes straight to that flow's node
 * (pass the project, so that a link to another journey's first question gets its address).
 */
export function nodeUrl(flow: Flow, node: FlowNode, project?: Pick<Project, 'flows'>): string {
  if (node.kind === 'flow') {
    // The target journey's first question is the journey's own address, not a page of its own.
    const start = project?.flows.get(node.flow)?.start;
    return node.node && node.node !== start ? `${flowUrl(node.flow)}${node.node}/` : flowUrl(node.flow);
  }
  return node.id === flow.start ? flowUrl(flow.id) : `${flowUrl(flow.id)}${node.id}/`;
}
