/**
 * The addresses the site's dynamic pages answer, from what the integration hands them. With a
 * broken project (`npm run dev` only: a build stops before Astro), the addresses of the last
 * content that loaded and of the files being edited stay answered, with the error panel.
 */
import { orderedFlows } from '../core/order.ts';
import type { SiteData } from '../astro/site-data.ts';

export interface FlowRoute {
  flowId: string;
  /** Node ids with a page of their own (not the start, not links to another flow). */
  nodeIds: string[];
  /** The first question has a page (the flow's own address) unless it is a link to another flow. */
  hasStartPage: boolean;
}

export function flowRoutes(data: SiteData): FlowRoute[] {
  if (data.routes) {
    return [...data.routes.flows].map(([flowId, nodeIds]) => ({ flowId, nodeIds, hasStartPage: true }));
  }
  return orderedFlows(data.project).map((flow) => ({
    flowId: flow.id,
    nodeIds: [...flow.nodes.values()].filter((node) => node.id !== flow.start && node.kind !== 'flow').map((node) => node.id),
    hasStartPage: flow.nodes.get(flow.start)?.kind !== 'flow',
  }));
}

export function procedureRoutes(data: SiteData): string[] {
  return data.routes ? data.routes.procedures : [...data.project.procedures.keys()];
}
