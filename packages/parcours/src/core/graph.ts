/**
 * Pure graph functions: reachability, which vertices can finish, cycles, over plain adjacency
 * maps (one flow's nodes, or every node of every flow joined by their `flow` links, see
 * journeys.ts); and every simple path of one flow. No I/O; iterative walks so that a
 * 10 000-node flow cannot overflow the stack, and a path limit so that a combinatorial flow
 * cannot hang the checker.
 */
import type { Flow, FlowNode } from './model.ts';

export interface Edge {
  from: string;
  to: string;
  /** The answer that leads there, for questions. */
  answer?: string;
}

/** Success, support and links to another flow end a path in this flow (the listing of its paths). */
export const isTerminal = (node: FlowNode) => node.kind === 'success' || node.kind === 'support' || node.kind === 'flow';

/** Outgoing edges of a node, to nodes that exist (broken references are reported elsewhere). */
export function edgesOf(flow: Flow, node: FlowNode): Edge[] {
  if (node.kind === 'question') {
    return node.answers.filter((a) => flow.nodes.has(a.next)).map((a) => ({ from: node.id, to: a.next, answer: a.label }));
  }
  if (node.kind === 'procedure' && node.next !== undefined && flow.nodes.has(node.next)) return [{ from: node.id, to: node.next }];
  return [];
}

export function adjacency(flow: Flow): Map<string, Edge[]> {
  const map = new Map<string, Edge[]>();
  for (const node of flow.nodes.values()) map.set(node.id, edgesOf(flow, node));
  return map;
}

/** Successors of each vertex: the plain shape every graph function below works on. */
export type Successors = ReadonlyMap<string, readonly string[]>;

/** The successors of each node of a flow (its edges without their answers). */
export function successorsOf(edges: ReadonlyMap<string, readonly Edge[]>): Map<string, string[]> {
  return new Map([...edges].map(([id, list]) => [id, list.map((e) => e.to)]));
}

/** Vertices reachable from `starts` (the starts included, when they are vertices). */
export function reachableFrom(starts: Iterable<string>, next: Successors): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts].filter((id) => next.has(id));
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const to of next.get(id) ?? []) if (!seen.has(to)) stack.push(to);
  }
  return seen;
}

/** Vertices from which no vertex in `ends` can be reached (walks the edges backwards once). */
export function cannotReach(ends: Iterable<string>, next: Successors): Set<string> {
  const incoming = new Map<string, string[]>();
  for (const [from, list] of next) {
    for (const to of list) {
      const into = incoming.get(to);
      if (into) into.push(from);
      else incoming.set(to, [from]);
    }
  }
  const canReach = new Set<string>();
  const stack = [...ends];
  while (stack.length) {
    const id = stack.pop()!;
    if (canReach.has(id)) continue;
    canReach.add(id);
    for (const from of incoming.get(id) ?? []) if (!canReach.has(from)) stack.push(from);
  }
  return new Set([...next.keys()].filter((id) => !canReach.has(id)));
}

/**
 * Strongly connected components (Tarjan, iterative) restricted to `among`, keeping only real
 * cycles (more than one vertex, or a vertex that points to itself). Components come in the
 * order of their first vertex in `order`, each listing its vertices in that order.
 */
export function cycles(order: readonly string[], among: ReadonlySet<string>, next: Successors): string[][] {
  const rank = new Map(order.map((id, i) => [id, i]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const targets = (id: string) => (next.get(id) ?? []).filter((to) => among.has(to));

  for (const root of order) {
    if (!among.has(root) || index.has(root)) continue;
    const work: { id: string; i: number; to: string[] }[] = [{ id: root, i: 0, to: targets(root) }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.to.length) {
        const to = frame.to[frame.i++]!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ id: to, i: 0, to: targets(to) });
        } else if (onStack.has(to)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(to)!));
        }
      } else {
        work.pop();
        const parent = work[work.length - 1];
        if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
        if (low.get(frame.id) === index.get(frame.id)) {
          const component: string[] = [];
          let id: string;
          do {
            id = stack.pop()!;
            onStack.delete(id);
            component.push(id);
          } while (id !== frame.id);
          const selfLoop = component.length === 1 && targets(component[0]!).includes(component[0]!);
          if (component.length > 1 || selfLoop) components.push(component.sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0)));
        }
      }
    }
  }
  return components.sort((a, b) => (rank.get(a[0]!) ?? 0) - (rank.get(b[0]!) ?? 0));
}

/**
 * A shortest way round from `start` back to itself, inside `within` (breadth-first): the
 * loop to show an editor, from one of its vertices. `[start]` when it points to itself.
 */
export function shortestLoop(start: string, within: ReadonlySet<string>, next: Successors): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const to of next.get(id) ?? []) {
      if (!within.has(to)) continue;
      if (to === start) {
        const back = [id];
        while (back[back.length - 1] !== start) back.push(parent.get(back[back.length - 1]!)!);
        return back.reverse();
      }
      if (!parent.has(to)) {
        parent.set(to, id);
        queue.push(to);
      }
    }
  }
  return [start];
}

/** Nodes reachable from the start (the start included, if it exists). */
export function reachable(flow: Flow, edges = adjacency(flow)): Set<string> {
  return flow.nodes.has(flow.start) ? reachableFrom([flow.start], successorsOf(edges)) : new Set();
}

/** Nodes from which no terminal of this flow can be reached: every path through them goes nowhere. */
export function cannotFinish(flow: Flow, edges = adjacency(flow)): Set<string> {
  return cannotReach(
    [...flow.nodes.values()].filter(isTerminal).map((n) => n.id),
    successorsOf(edges),
  );
}

/** The cycles of a flow among `among` (see `cycles`), nodes in file order. */
export function cyclesAmong(flow: Flow, among: Set<string>, edges = adjacency(flow)): string[][] {
  return cycles([...flow.nodes.keys()], among, successorsOf(edges));
}

export interface PathStep {
  node: FlowNode;
  /** The answer given at this node (questions only). */
  answer?: string;
}

export interface FlowPath {
  /** Every node from the start to the terminal, with the answer given at each question. */
  steps: PathStep[];
  end: FlowNode;
}

export const DEFAULT_PATH_LIMIT = 10_000;
/** Paths are copied out step by step: past this many steps in all, listing stops too. */
const MAX_TOTAL_STEPS = 2_000_000;
/** Edges tried in all: a search that finds few paths in a dense graph stops here too. */
const MAX_EDGES_TRIED = 5_000_000;

/**
 * Every simple path (no node twice) from the start to a terminal, in answer order.
 * A path that would come back to a node already on it is a loop, not a new way through,
 * so it is not listed; stops at `limit` paths (or when the paths listed hold two million
 * steps in all, for very long flows) and says so.
 */
export function simplePaths(flow: Flow, limit = DEFAULT_PATH_LIMIT, edges = adjacency(flow)): { paths: FlowPath[]; truncated: boolean } {
  const paths: FlowPath[] = [];
  const start = flow.nodes.get(flow.start);
  if (!start) return { paths, truncated: false };
  const onPath = new Set<string>([start.id]);
  const trail: PathStep[] = [{ node: start }];
  // Each frame remembers which outgoing edge to try next.
  const work: { edges: Edge[]; i: number }[] = [{ edges: edges.get(start.id) ?? [], i: 0 }];
  if (isTerminal(start)) return { paths: [{ steps: [{ node: start }], end: start }], truncated: false };
  let totalSteps = 0;
  let tried = 0;
  // A node from which no terminal can be reached can only lead the search astray (and, in a
  // loop with two answers per question, down 2^n branches): never enter one.
  const dead = cannotFinish(flow, edges);
  while (work.length) {
    const frame = work[work.length - 1]!;
    if (frame.i >= frame.edges.length) {
      work.pop();
      const left = trail.pop()!;
      onPath.delete(left.node.id);
      continue;
    }
    const edge = frame.edges[frame.i++]!;
    if (++tried > MAX_EDGES_TRIED) return { paths, truncated: true };
    if (onPath.has(edge.to) || dead.has(edge.to)) continue;
    const node = flow.nodes.get(edge.to)!;
    const here = trail[trail.length - 1]!;
    const stepHere: PathStep = edge.answer === undefined ? { node: here.node } : { node: here.node, answer: edge.answer };
    if (isTerminal(node)) {
      paths.push({ steps: [...trail.slice(0, -1), stepHere, { node }], end: node });
      totalSteps += trail.length + 1;
      if (paths.length >= limit || totalSteps >= MAX_TOTAL_STEPS) return { paths, truncated: true };
      continue;
    }
    trail[trail.length - 1] = stepHere;
    trail.push({ node });
    onPath.add(node.id);
    work.push({ edges: edges.get(node.id) ?? [], i: 0 });
  }
  return { paths, truncated: false };
}
