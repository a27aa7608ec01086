/**
 * Facts about each node of a flow that its page shows: where a reader may arrive from, and
 * how far along the journey the node is. Pure, computed once per flow and load (the site asks
 * for them on every page).
 */
import { nodeLabel } from './describe.ts';
import { adjacency, type Edge } from './graph.ts';
import type { Flow, Project } from './model.ts';

/** A node a reader may come from, with every answer of it that leads here (deduplicated). */
export interface Arrival {
  from: string;
  /** The answers that lead here (empty for a procedure's "continue"). */
  answers: string[];
  /**
   * When two arrivals would read the same ("Mon compte est activé ? (réponse « Oui »)" after
   * method A and after method B), the node each was reached from, to tell them apart.
   */
  via?: string;
}

export interface FlowFacts {
  /** Per node: the nodes that lead to it, each once, in the order of the flow's file. */
  arrivals: Map<string, Arrival[]>;
  /**
   * Per node reachable from the start: its step number along every path without a detour
   * back through a node (1 for the start). `undefined` when paths reach it after different
   * numbers of steps: a static page cannot know which the reader took, and a wrong "étape 3"
   * misleads more than no number.
   */
  step: Map<string, number | undefined>;
}

/** Budget of path extensions for the step numbers: a combinatorial flow stops early, numbers become unknown. */
const STEP_BUDGET = 200_000;

/**
 * @param label how a node reads on the page (arrivals that would read the same are told apart
 *   by where they come from, or shown once)
 */
export function flowFacts(flow: Flow, label: (nodeId: string) => string = (id) => id, edges: Map<string, Edge[]> = adjacency(flow)): FlowFacts {
  const arrivals = new Map<string, Arrival[]>();
  for (const list of edges.values()) {
    for (const edge of list) {
      const into = arrivals.get(edge.to) ?? [];
      let arrival = into.find((a) => a.from === edge.from);
      if (!arrival) into.push((arrival = { from: edge.from, answers: [] }));
      if (edge.answer !== undefined && !arrival.answers.includes(edge.answer)) arrival.answers.push(edge.answer);
      arrivals.set(edge.to, into);
    }
  }
  for (const [to, list] of arrivals) arrivals.set(to, distinct(list, arrivals, label));
  return { arrivals, step: stepNumbers(flow, edges) };
}

/** Every journey's facts, its nodes named as the site names them (the build keys pages on them, the pages show them). */
export function projectFacts(project: Project): Map<string, FlowFacts> {
  return new Map([...project.flows.values()].map((flow) => [flow.id, flowFacts(flow, (id) => nodeLabel(flow.nodes.get(id)!, project))]));
}

/** Arrivals that would read alike get the node they came from; those still alike are shown once. */
function distinct(list: Arrival[], arrivals: Map<string, Arrival[]>, label: (nodeId: string) => string): Arrival[] {
  const reads = (a: Arrival) => `${label(a.from)}\0${a.answers.join('\0')}`;
  const counts = new Map<string, number>();
  for (const a of list) counts.set(reads(a), (counts.get(reads(a)) ?? 0) + 1);
  const out: Arrival[] = [];
  const shown = new Set<string>();
  for (const a of list) {
    const before = arrivals.get(a.from) ?? [];
    const arrival = counts.get(reads(a))! > 1 && before.length === 1 ? { ...a, via: before[0]!.from } : a;
    const key = `${reads(arrival)}\0${arrival.via ? label(arrival.via) : ''}`;
    if (shown.has(key)) continue;
    shown.add(key);
    out.push(arrival);
  }
  return out;
}

/** Each node's depth along every simple path from the start (iterative DFS, bounded). */
function stepNumbers(flow: Flow, edges: Map<string, Edge[]>): Map<string, number | undefined> {
  const step = new Map<string, number | undefined>();
  if (!flow.nodes.has(flow.start)) return step;
  const seen = (id: string, depth: number) => {
    if (!step.has(id)) step.set(id, depth);
    else if (step.get(id) !== depth) step.set(id, undefined);
  };
  let budget = STEP_BUDGET;
  // Each frame: the node, its depth, the nodes on the path to it, the index of its next edge.
  const stack: { id: string; depth: number; onPath: Set<string>; next: number }[] = [{ id: flow.start, depth: 1, onPath: new Set([flow.start]), next: 0 }];
  seen(flow.start, 1);
  while (stack.length) {
    const frame = stack[stack.length - 1]!;
    const out = edges.get(frame.id) ?? [];
    if (frame.next >= out.length) {
      stack.pop();
      continue;
    }
    const to = out[frame.next++]!.to;
    if (frame.onPath.has(to)) continue;
    seen(to, frame.depth + 1);
    if (--budget <= 0) {
      // Out of budget: every number not yet proved unique becomes unknown.
      for (const id of flow.nodes.keys()) if (id !== flow.start) step.set(id, undefined);
      return step;
    }
    stack.push({ id: to, depth: frame.depth + 1, onPath: new Set(frame.onPath).add(to), next: 0 });
  }
  return step;
}
