/**
 * What the site's pages read: the project loaded by the core, with the few derived facts
 * pages need (order of the guides, where each node can be reached from). Loaded once per
 * build; in `npm run dev` loaded again on every request, so an edited YAML file shows at once.
 */
import { resolve } from 'node:path';
import { adjacency, hasErrors, loadFlows, sheetsOf, type Diagnostic, type Flow, type FlowNode, type LoadResult, type Procedure, type Project, type Sheet } from '../core/index.ts';

const ROOT = process.cwd();
// The build may point at another flows folder (PARCOURS_FLOWS), e.g. for generated content.
const FLOWS = resolve(ROOT, process.env.PARCOURS_FLOWS ?? 'flows');
let cached: LoadResult | undefined;

export function site(): LoadResult {
  if (import.meta.env.DEV || !cached) cached = loadFlows(FLOWS, { cwd: ROOT });
  return cached;
}

/** Errors to show in place of the page in `npm run dev` (a build stops before Astro runs). */
export function siteErrors(): Diagnostic[] {
  const { diagnostics } = site();
  return hasErrors(diagnostics) ? diagnostics.filter((d) => d.severity === 'error') : [];
}

export const SITE_NAME = 'Aide e-CPS';

const sheetsByProject = new WeakMap<Project, Sheet[]>();
/** The printable sheets, computed once per loaded project (every sheet page asks). */
export function sheets(project: Project): Sheet[] {
  let list = sheetsByProject.get(project);
  if (!list) sheetsByProject.set(project, (list = sheetsOf(project)));
  return list;
}

export function orderedFlows(project: Project): Flow[] {
  return [...project.flows.values()].sort((a, b) => (a.order ?? 1e9) - (b.order ?? 1e9) || a.title.localeCompare(b.title, 'fr'));
}

export function nationalProcedures(project: Project): Procedure[] {
  return [...project.procedures.values()].filter((p) => !p.brand);
}

export function brandProcedures(project: Project): Procedure[] {
  return [...project.procedures.values()].filter((p) => p.brand);
}

/** The answers that lead to a node: how a reader may have arrived, for "go back" links. */
export function incoming(flow: Flow, nodeId: string): { from: FlowNode; answer?: string }[] {
  const out: { from: FlowNode; answer?: string }[] = [];
  for (const edges of adjacency(flow).values()) {
    for (const edge of edges) {
      if (edge.to === nodeId) out.push(edge.answer === undefined ? { from: flow.nodes.get(edge.from)! } : { from: flow.nodes.get(edge.from)!, answer: edge.answer });
    }
  }
  return out;
}

/** Fewest steps from the start to each node ("Étape 3"). */
export function depths(flow: Flow): Map<string, number> {
  const edges = adjacency(flow);
  const depth = new Map<string, number>([[flow.start, 1]]);
  const queue = [flow.start];
  while (queue.length) {
    const id = queue.shift()!;
    for (const e of edges.get(id) ?? []) {
      if (!depth.has(e.to)) {
        depth.set(e.to, depth.get(id)! + 1);
        queue.push(e.to);
      }
    }
  }
  return depth;
}

export const WHERE_LABELS = {
  telephone: 'Sur votre téléphone',
  ordinateur: 'Sur votre ordinateur',
  'telephone-et-ordinateur': 'Sur votre téléphone et votre ordinateur',
} as const;

export const CALLOUT_LABELS = { rule: 'Règle', tip: 'Astuce', warning: 'Attention', info: 'À savoir' } as const;
