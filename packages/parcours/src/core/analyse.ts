/**
 * The path proof: every node is reachable, and every way through the journeys ends at a
 * success or a support, following `flow` links into the journey (and node) they lead to.
 * Reports dead ends and endless loops, inside one journey or across several, where an editor
 * can fix them, and summarises each flow for `parcours check`.
 */
import { q, type Diagnostic } from './diagnostics.ts';
import { cannotReach, cycles, DEFAULT_PATH_LIMIT, reachableFrom, shortestLoop, simplePaths } from './graph.ts';
import { journeyGraph, journeyKey, type JourneyGraph } from './journeys.ts';
import { frenchNumber } from './limits.ts';
import type { Flow, FlowNode, Project } from './model.ts';
import type { Locate } from './semantics.ts';

export interface FlowSummary {
  id: string;
  file: string;
  nodes: number;
  paths: number;
  successes: number;
  supports: number;
  links: number;
  truncated: boolean;
}

/** A loop longer than this is shown by its first nodes only. */
const LOOP_SHOWN = 12;

/** Whether a node refers to a node of its own flow that does not exist (reported as unknown-node). */
const brokenNode = (flow: Flow, node: FlowNode) =>
  (node.kind === 'question' && node.answers.some((a) => !flow.nodes.has(a.next))) || (node.kind === 'procedure' && node.next !== undefined && !flow.nodes.has(node.next));

/**
 * The path proof over every flow of a project, and a summary per flow.
 * @param locate where a model object sits in its file
 * @param pathLimit stop listing a flow's paths after this many
 */
export function analyseProject(project: Project, locate: Locate, pathLimit = DEFAULT_PATH_LIMIT): { diagnostics: Diagnostic[]; summaries: FlowSummary[] } {
  const diagnostics: Diagnostic[] = [];
  const report = (flow: Flow, path: (string | number)[], d: Omit<Diagnostic, 'file' | 'line' | 'column' | 'severity'> & { severity?: Diagnostic['severity'] }) => {
    const { line, column } = locate({ file: flow.origin.file, path }, { key: true });
    diagnostics.push({ file: flow.origin.file, line, column, severity: 'error', ...d });
  };

  const graph = journeyGraph(project);
  const seen = reachableFrom(graph.starts, graph.next);

  // A broken reference cuts the graph: the nodes it should have led to would all be reported
  // unreachable, burying the one real mistake. Fix the reference first. A flow's broken
  // reference may also cut the way into the flows it links to.
  const quiet = new Set<string>();
  for (const flow of project.flows.values()) {
    const nodes = [...flow.nodes.values()];
    if (!flow.nodes.has(flow.start) || nodes.some((n) => brokenNode(flow, n))) {
      quiet.add(flow.id);
      for (const n of nodes) if (n.kind === 'flow') quiet.add(n.flow);
    }
    for (const n of nodes) {
      if (n.kind === 'flow' && n.node !== undefined && !project.flows.get(n.flow)?.nodes.has(n.node)) quiet.add(n.flow);
    }
  }
  for (const flow of project.flows.values()) {
    if (quiet.has(flow.id)) continue;
    for (const node of flow.nodes.values()) {
      if (seen.has(journeyKey(flow.id, node.id))) continue;
      report(flow, ['nodes', node.id], {
        code: 'unreachable-node',
        message: `Le nœud ${q(node.id)} n’est jamais atteint depuis le début du parcours (${q(flow.start)}).`,
        hint: 'Faites-y mener une réponse ou un « next », ou supprimez-le s’il ne sert plus.',
      });
    }
  }

  // Only the reachable part matters to readers; unreachable nodes are already reported.
  const stuck = new Set([...cannotReach(graph.ends, graph.next)].filter((key) => seen.has(key)));
  for (const key of stuck) {
    const { flow, node } = graph.nodes.get(key)!;
    if (node.kind === 'procedure' && node.next === undefined) {
      report(flow, ['nodes', node.id], {
        code: 'dead-end',
        message: `Le parcours s’arrête au nœud ${q(node.id)}, qui n’est ni une réussite (success) ni un support.`,
        hint: 'Ajoutez `next: identifiant` vers le nœud qui suit la procédure, par exemple une question « Ça a marché ? ».',
      });
    }
  }
  for (const component of cycles(graph.order, stuck, graph.next)) {
    // Its way out may be a broken reference, already reported.
    if (component.some((key) => brokenNode(graph.nodes.get(key)!.flow, graph.nodes.get(key)!.node))) continue;
    const first = graph.nodes.get(component[0]!)!;
    report(first.flow, ['nodes', first.node.id], { code: 'endless-cycle', ...describeLoop(graph, component) });
  }

  const summaries: FlowSummary[] = [];
  for (const flow of project.flows.values()) {
    const { paths, truncated } = simplePaths(flow, pathLimit);
    if (truncated) {
      report(flow, [], {
        code: 'too-many-paths',
        severity: 'warning',
        // The number really listed: the search may stop before the limit (too many steps or edges tried).
        message: `Ce parcours a trop de chemins pour les vérifier tous un à un : seuls les ${frenchNumber(paths.length)} premiers l’ont été (la vérification s’arrête à ${frenchNumber(pathLimit)} chemins).`,
        hint: 'Un parcours aussi ramifié est difficile à suivre : découpez-le en plusieurs parcours reliés par des nœuds « flow ».',
      });
    }
    const nodes = [...flow.nodes.values()];
    summaries.push({
      id: flow.id,
      file: flow.origin.file,
      nodes: nodes.length,
      paths: paths.length,
      successes: nodes.filter((n) => n.kind === 'success').length,
      supports: nodes.filter((n) => n.kind === 'support').length,
      links: nodes.filter((n) => n.kind === 'flow').length,
      truncated,
    });
  }
  return { diagnostics, summaries };
}

/** The message for an endless loop: the way round, naming the journeys when it crosses some. */
function describeLoop(graph: JourneyGraph, component: string[]): { message: string; hint: string } {
  const loop = shortestLoop(component[0]!, new Set(component), graph.next);
  const flows = [...new Set(component.map((key) => graph.nodes.get(key)!.flow.id))];
  const across = flows.length > 1;
  const name = (key: string) => {
    const { flow, node } = graph.nodes.get(key)!;
    return across ? `${q(node.id)} (${flow.id})` : q(node.id);
  };
  const shown = loop.length > LOOP_SHOWN ? [...loop.slice(0, LOOP_SHOWN - 1).map(name), `… (${loop.length} nœuds)`] : loop.map(name);
  const way = [...shown, name(loop[0]!)].join(' → ');
  const others = component.length - loop.length;
  const where = across ? ` à travers les parcours ${flows.map((id) => q(id)).join(' et ')}` : '';
  const more = others > 0 ? ` (${others} autre${others > 1 ? 's' : ''} nœud${others > 1 ? 's' : ''} y ${others > 1 ? 'sont pris' : 'est pris'})` : '';
  const links = component.filter((key) => graph.links.has(key)).map((key) => graph.nodes.get(key)!);
  return {
    message: `Boucle sans issue${where} : ${way}${more}. Le lecteur qui y entre n’en sort jamais.`,
    hint: links.length
      ? `${links.length > 1 ? 'Les liens' : 'Le lien'} ${links.map(({ flow, node }) => (across ? `${q(node.id)} (${flow.id})` : q(node.id))).join(', ')} vers un autre parcours ${links.length > 1 ? 'ramènent' : 'ramène'} dans cette boucle : faites-en mener un à un nœud d’où l’on peut finir, ou ajoutez à l’une de ces questions une réponse qui mène à une réussite ou à un support.`
      : 'Ajoutez à l’une de ces questions une réponse qui mène à une réussite ou à un support.',
  };
}
