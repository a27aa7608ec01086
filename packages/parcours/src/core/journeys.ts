/**
 * Every node of every flow as one graph, joined by the `flow` links: the path proof follows a
 * reader who continues in another journey. Pure: builds adjacency maps from the model.
 */
import { adjacency } from './graph.ts';
import type { Flow, FlowLinkNode, FlowNode, Project } from './model.ts';

/** A node of the whole project: its flow's id and its own, as one string (`flow/node`). */
export const journeyKey = (flow: string, node: string) => `${flow}/${node}`;

export interface JourneyNode {
  flow: Flow;
  node: FlowNode;
}

export interface JourneyGraph {
  /** Every node, flows in project order and nodes in file order. */
  order: string[];
  nodes: Map<string, JourneyNode>;
  /** Successors: answers, `next`, and a `flow` link to the node it leads to. */
  next: Map<string, string[]>;
  /** Where a path may end: successes, supports, and links whose target cannot be followed. */
  ends: Set<string>;
  /** Where a reader may start: every flow's first node. */
  starts: string[];
  /** Links that lead into a node of another (or the same) flow, as a key of that node. */
  links: Map<string, string>;
}

/**
 * Where a `flow` node leads: the node of the target flow (its start by default), or undefined
 * when that flow or node does not exist (reported elsewhere) or did not load.
 */
export function linkTarget(project: Project, node: FlowLinkNode): JourneyNode | undefined {
  const flow = project.flows.get(node.flow);
  const target = flow?.nodes.get(node.node ?? flow.start);
  return flow && target ? { flow, node: target } : undefined;
}

/** The graph of every journey of a project, `flow` links followed into their target. */
export function journeyGraph(project: Project): JourneyGraph {
  const graph: JourneyGraph = { order: [], nodes: new Map(), next: new Map(), ends: new Set(), starts: [], links: new Map() };
  for (const flow of project.flows.values()) {
    if (flow.nodes.has(flow.start)) graph.starts.push(journeyKey(flow.id, flow.start));
    const edges = adjacency(flow);
    for (const node of flow.nodes.values()) {
      const key = journeyKey(flow.id, node.id);
      graph.order.push(key);
      graph.nodes.set(key, { flow, node });
      const next = (edges.get(node.id) ?? []).map((e) => journeyKey(flow.id, e.to));
      if (node.kind === 'success' || node.kind === 'support') graph.ends.add(key);
      else if (node.kind === 'flow') {
        const target = linkTarget(project, node);
        // A link that cannot be followed (unknown or broken target) is reported on its own:
        // counting it as an end keeps that one mistake from turning into dead ends and loops.
        if (target) {
          const to = journeyKey(target.flow.id, target.node.id);
          next.push(to);
          graph.links.set(key, to);
        } else graph.ends.add(key);
      }
      graph.next.set(key, next);
    }
  }
  return graph;
}
