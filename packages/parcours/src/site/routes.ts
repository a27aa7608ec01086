/**
 * The site's pages, in one place: the addresses the dynamic pages answer (their
 * `getStaticPaths` read them here), and the whole list with what each page shows, which the
 * build keys page by page (src/stages/page-keys.ts) to render only the pages whose inputs
 * changed. With a broken project (`npm run dev` only: a build stops before Astro), the
 * addresses of the last content that loaded and of the files being edited stay answered, with
 * the error panel. When the build hands over `only`, a dynamic page outside it is not rendered
 * (the build reuses its last rendering).
 */
import { orderedFlows } from '../core/order.ts';
import { recueilsOf } from '../core/sheet-contents.ts';
import { bigDiagramUrl, diagramStylesUrl, flowUrl, overviewUrl, procedureUrl, sheetPrintUrl } from '../core/urls.ts';
import type { SiteData } from '../astro/site-data.ts';

/** What a page shows, hence what its key is made of (see src/stages/page-keys.ts). */
export type PageScope =
  /** The home, contacts, site map, search, 404, the content project's MDX pages: they show the whole site, and every build renders them. */
  | { kind: 'site' }
  /** A node's page in a journey (the first question's page is the journey's own address). */
  | { kind: 'node'; flowId: string; nodeId: string }
  /** A journey's overview, or its diagram at natural size: the whole journey as a diagram and a tree. */
  | { kind: 'overview'; flowId: string }
  | { kind: 'procedure'; procedureId: string }
  /** A sheet's print page (printed to PDF, then removed from the site). */
  | { kind: 'sheet'; sheetName: string }
  /** A recueil's print page (its sheets, in the order of the journeys; printed, then removed). */
  | { kind: 'recueil'; recueilName: string };

export interface SitePage {
  /** The file Astro writes, relative to the output folder: `parcours/activation/index.html`. */
  path: string;
  scope: PageScope;
}

/** The file of a page at `url` (a site path ending in "/"). */
const file = (url: string) => `${url}index.html`;

type Data = Pick<SiteData, 'project' | 'routes' | 'sheets' | 'only'>;

/** Whether the build asks for this page (every page when it names none). */
const wanted = (data: Data, path: string) => !data.only || data.only.has(path);

export interface FlowRoute {
  flowId: string;
  /** Node ids with a page of their own (not the start, not links to another flow). */
  nodeIds: string[];
  /** The first question has a page (the flow's own address) unless it is a link to another flow. */
  hasStartPage: boolean;
}

export function flowRoutes(data: Data): FlowRoute[] {
  if (data.routes) {
    return [...data.routes.flows].map(([flowId, nodeIds]) => ({ flowId, nodeIds, hasStartPage: true }));
  }
  return orderedFlows(data.project).map((flow) => ({
    flowId: flow.id,
    nodeIds: [...flow.nodes.values()].filter((node) => node.id !== flow.start && node.kind !== 'flow').map((node) => node.id),
    hasStartPage: flow.nodes.get(flow.start)?.kind !== 'flow',
  }));
}

/** Journeys whose first question is rendered (`/parcours/<flow>/`). */
export const flowStartRoutes = (data: Data): string[] =>
  flowRoutes(data).filter((r) => r.hasStartPage && wanted(data, file(flowUrl(r.flowId)))).map((r) => r.flowId);

/** Nodes rendered on their own page (`/parcours/<flow>/<node>/`). */
export const nodeRoutes = (data: Data): { flowId: string; nodeId: string }[] =>
  flowRoutes(data).flatMap((r) => r.nodeIds.filter((nodeId) => wanted(data, file(`${flowUrl(r.flowId)}${nodeId}/`))).map((nodeId) => ({ flowId: r.flowId, nodeId })));

/** Journeys whose overview is rendered. */
export const overviewRoutes = (data: Data): string[] => flowRoutes(data).filter((r) => wanted(data, file(overviewUrl(r.flowId)))).map((r) => r.flowId);

/** Journeys whose diagram at its natural size is rendered. */
export const bigDiagramRoutes = (data: Data): string[] => flowRoutes(data).filter((r) => wanted(data, file(bigDiagramUrl(r.flowId)))).map((r) => r.flowId);

/** Procedures rendered on their own page. */
export const procedureRoutes = (data: Data): string[] =>
  (data.routes ? data.routes.procedures : [...data.project.procedures.keys()]).filter((id) => wanted(data, file(procedureUrl(id))));

/** Sheets whose print page is rendered. */
export const sheetRoutes = (data: Data): string[] => data.sheets.map((sheet) => sheet.name).filter((name) => wanted(data, file(sheetPrintUrl(name))));

/** Recueils whose print page is rendered. */
export const recueilRoutes = (data: Data): string[] =>
  recueilsOf(data.project, data.sheets)
    .map((recueil) => recueil.name)
    .filter((name) => wanted(data, file(sheetPrintUrl(name))));

/**
 * The addresses of what waits for a journey's diagram: the pages that show it
 * (`/parcours/<p>/vue-d-ensemble/`…) and its stylesheet (`/diagrams/<p>.css`).
 */
export const diagramPageUrls = (data: Data): Set<string> =>
  new Set([
    ...overviewRoutes(data).map((flowId) => `/${overviewUrl(flowId)}`),
    ...bigDiagramRoutes(data).map((flowId) => `/${bigDiagramUrl(flowId)}`),
    ...flowRoutes(data).map((route) => `/${diagramStylesUrl(route.flowId)}`),
  ]);

/** The pages of src/pages/ that are not dynamic: Astro renders them in every build. */
const SITE_PAGES = ['index.html', '404.html', 'contacts/index.html', 'plan-du-site/index.html', 'recherche/index.html'];

/**
 * Every page the site has, with what it shows: the pages above, one per MDX page of the
 * content project (`mdxSlugs`, but `accueil`, shown on the home), and the dynamic pages. The
 * build checks that Astro wrote exactly these files.
 */
export function sitePages(data: Omit<Data, 'only'>, mdxSlugs: string[]): SitePage[] {
  const all = { ...data, only: undefined };
  const site = (path: string): SitePage => ({ path, scope: { kind: 'site' } });
  const node = (flowId: string, nodeId: string, url: string): SitePage => ({ path: file(url), scope: { kind: 'node', flowId, nodeId } });
  const overview = (flowId: string, url: string): SitePage => ({ path: file(url), scope: { kind: 'overview', flowId } });
  return [
    ...SITE_PAGES.map(site),
    ...mdxSlugs.filter((slug) => slug !== 'accueil').map((slug) => site(file(`${slug}/`))),
    ...flowStartRoutes(all).map((flowId) => node(flowId, data.project.flows.get(flowId)!.start, flowUrl(flowId))),
    ...nodeRoutes(all).map(({ flowId, nodeId }) => node(flowId, nodeId, `${flowUrl(flowId)}${nodeId}/`)),
    ...overviewRoutes(all).map((flowId) => overview(flowId, overviewUrl(flowId))),
    ...bigDiagramRoutes(all).map((flowId) => overview(flowId, bigDiagramUrl(flowId))),
    ...procedureRoutes(all).map((procedureId): SitePage => ({ path: file(procedureUrl(procedureId)), scope: { kind: 'procedure', procedureId } })),
    ...sheetRoutes(all).map((sheetName): SitePage => ({ path: file(sheetPrintUrl(sheetName)), scope: { kind: 'sheet', sheetName } })),
    ...recueilRoutes(all).map((recueilName): SitePage => ({ path: file(sheetPrintUrl(recueilName)), scope: { kind: 'recueil', recueilName } })),
  ];
}
