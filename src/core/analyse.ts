/**
 * The path proof: every node is reachable, and every way through a flow ends at a success,
 * a support or a link to another flow. Reports dead ends and endless loops where an editor
 * can fix them, and summarises each flow for `parcours check`.
 */
import { q, type Diagnostic } from './diagnostics.ts';
import { adjacency, cannotFinish, cyclesAmong, DEFAULT_PATH_LIMIT, reachable, simplePaths } from './graph.ts';
import type { Flow } from './model.ts';
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

export function analyseFlow(flow: Flow, locate: Locate, pathLimit = DEFAULT_PATH_LIMIT): { diagnostics: Diagnostic[]; summary: FlowSummary } {
  const diagnostics: Diagnostic[] = [];
  const report = (path: (string | number)[], d: Omit<Diagnostic, 'file' | 'line' | 'column' | 'severity'> & { severity?: Diagnostic['severity'] }, key = true) => {
    const { line, column } = locate({ file: flow.origin.file, path }, { key });
    diagnostics.push({ file: flow.origin.file, line, column, severity: 'error', ...d });
  };

  const edges = adjacency(flow);
  const seen = reachable(flow, edges);
  // A broken reference cuts the graph: the nodes it should have led to would all be reported
  // unreachable, burying the one real mistake. Fix the reference first.
  const broken = !flow.nodes.has(flow.start) || [...flow.nodes.values()].some(
    (n) => (n.kind === 'question' && n.answers.some((a) => !flow.nodes.has(a.next))) || (n.kind === 'procedure' && n.next !== undefined && !flow.nodes.has(n.next)),
  );
  if (!broken) {
    for (const node of flow.nodes.values()) {
      if (seen.has(node.id)) continue;
      report(['nodes', node.id], {
        code: 'unreachable-node',
        message: `Le nœud ${q(node.id)} n’est jamais atteint depuis le début du parcours (${q(flow.start)}).`,
        hint: 'Faites-y mener une réponse ou un « next », ou supprimez-le s’il ne sert plus.',
      });
    }
  }

  // Only the reachable part matters to readers; unreachable nodes are already reported.
  const stuck = new Set([...cannotFinish(flow, edges)].filter((id) => seen.has(id)));
  for (const id of stuck) {
    const node = flow.nodes.get(id)!;
    if (node.kind === 'procedure' && (node.next === undefined || !flow.nodes.has(node.next))) {
      if (node.next !== undefined) continue; // The unknown target is already reported.
      report(['nodes', id], {
        code: 'dead-end',
        message: `Le parcours s’arrête au nœud ${q(id)}, qui n’est ni une réussite (success) ni un support.`,
        hint: 'Ajoutez `next: identifiant` vers le nœud qui suit la procédure, par exemple une question « Ça a marché ? ».',
      });
    }
  }
  for (const cycle of cyclesAmong(flow, stuck, edges)) {
    // A loop is endless only if no edge leaves it towards a node that can finish.
    const inside = new Set(cycle);
    const exits = cycle.some((id) => (edges.get(id) ?? []).some((e) => !inside.has(e.to) && !stuck.has(e.to)));
    if (exits) continue;
    const broken = cycle.some((id) => {
      const node = flow.nodes.get(id)!;
      return (node.kind === 'question' && node.answers.some((a) => !flow.nodes.has(a.next))) || (node.kind === 'procedure' && node.next !== undefined && !flow.nodes.has(node.next));
    });
    if (broken) continue; // Its way out is a broken reference, already reported.
    report(['nodes', cycle[0]!], {
      code: 'endless-cycle',
      message: `Boucle sans issue : ${[...cycle, cycle[0]!].map((id) => q(id)).join(' → ')}. Le lecteur qui y entre n’en sort jamais.`,
      hint: 'Ajoutez à l’une de ces questions une réponse qui mène à une réussite ou à un support.',
    });
  }

  const { paths, truncated } = simplePaths(flow, pathLimit, edges);
  if (truncated) {
    report([], {
      code: 'too-many-paths',
      severity: 'warning',
      message: `Ce parcours a plus de ${pathLimit} chemins : seuls les ${pathLimit} premiers ont été vérifiés un à un.`,
      hint: 'Un parcours aussi ramifié est difficile à suivre : découpez-le en plusieurs parcours reliés par des nœuds « flow ».',
    });
  }
  const nodes = [...flow.nodes.values()];
  return {
    diagnostics,
    summary: {
      id: flow.id,
      file: flow.origin.file,
      nodes: nodes.length,
      paths: paths.length,
      successes: nodes.filter((n) => n.kind === 'success').length,
      supports: nodes.filter((n) => n.kind === 'support').length,
      links: nodes.filter((n) => n.kind === 'flow').length,
      truncated,
    },
  };
}
