/**
 * The site's addresses, in one place: the pages, the diagrams' `click` links and the printed
 * sheets' QR codes must agree. Paths are relative to the site's base (always ending in "/").
 */
import type { Flow, FlowNode } from './model.ts';

export const flowUrl = (flowId: string) => `parcours/${flowId}/`;
export const overviewUrl = (flowId: string) => `parcours/${flowId}/vue-d-ensemble/`;
export const procedureUrl = (procedureId: string) => `procedures/${procedureId}/`;
export const sheetUrl = (procedureId: string) => `fiches/${procedureId}.pdf`;

/** Where a node's page is: a question, success or support has its own page; a procedure node
 *  opens the procedure; a link to another flow opens that flow at its node. */
export function nodeUrl(flow: Flow, node: FlowNode): string {
  switch (node.kind) {
    case 'procedure':
      return procedureUrl(node.procedure);
    case 'flow':
      return node.node ? `${flowUrl(node.flow)}${node.node}/` : flowUrl(node.flow);
    default:
      return node.id === flow.start ? flowUrl(flow.id) : `${flowUrl(flow.id)}${node.id}/`;
  }
}
