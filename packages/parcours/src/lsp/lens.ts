/**
 * A line above each node of a journey: how many of the reader's paths pass through it and
 * where they end (`parcours paths` counts the same paths: from the start to a success, a
 * support or a link into another journey).
 */
import type { CodeLens } from 'vscode-languageserver/node';
import { simplePaths } from '../core/graph.ts';
import type { Flow, FlowNode } from '../core/model.ts';
import { frenchSpacing } from '../core/typography.ts';
import { q } from '../core/diagnostics.ts';
import { locationOf } from './navigation.ts';
import { flowAt, type Snapshot } from './workspace.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n > 1 ? many : one}`;

/** Per node of a flow: the paths through it, and how they end. */
export function pathsThrough(flow: Flow): { counts: Map<string, { paths: number; ends: FlowNode[] }>; truncated: boolean } {
  const { paths, truncated } = simplePaths(flow);
  const counts = new Map<string, { paths: number; ends: FlowNode[] }>();
  for (const path of paths) {
    for (const id of new Set(path.steps.map((step) => step.node.id))) {
      const count = counts.get(id) ?? { paths: 0, ends: [] };
      count.paths++;
      count.ends.push(path.end);
      counts.set(id, count);
    }
  }
  return { counts, truncated };
}

/** "3 chemins passent ici → 1 réussite, 2 supports, 1 suite dans « reactivation »". */
export function lensTitle(paths: number, ends: FlowNode[], truncated: boolean): string {
  if (paths === 0) return 'Aucun chemin du lecteur ne passe ici';
  const successes = ends.filter((n) => n.kind === 'success').length;
  const supports = ends.filter((n) => n.kind === 'support').length;
  const links = new Map<string, number>();
  for (const end of ends) if (end.kind === 'flow') links.set(end.flow, (links.get(end.flow) ?? 0) + 1);
  const parts = [
    ...(successes ? [plural(successes, 'réussite')] : []),
    ...(supports ? [plural(supports, 'support')] : []),
    ...[...links].map(([flow, n]) => `${plural(n, 'suite', 'suites')} dans ${q(flow)}`),
  ];
  const count = truncated ? `Plus de ${plural(paths, 'chemin')}` : plural(paths, 'chemin');
  return frenchSpacing(`${count} ${paths > 1 ? 'passent' : 'passe'} ici → ${parts.join(', ')}`);
}

/** The lenses of a journey's file: one on each node's key. */
export function codeLenses(snapshot: Snapshot, path: string): CodeLens[] {
  const flow = flowAt(snapshot, path);
  if (!flow) return [];
  const { counts, truncated } = pathsThrough(flow);
  const lenses: CodeLens[] = [];
  for (const o of snapshot.symbols.get(path)?.occurrences ?? []) {
    if (o.kind !== 'node' || !o.definition || o.flow !== flow.id || !flow.nodes.has(o.id)) continue;
    const count = counts.get(o.id) ?? { paths: 0, ends: [] };
    // No command to run: the line is information (an empty command shows as plain text).
    lenses.push({ range: locationOf(snapshot, o).range, command: { title: lensTitle(count.paths, count.ends, truncated), command: '' } });
  }
  return lenses;
}
