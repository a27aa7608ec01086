/**
 * The diagram of the journey being typed, for an editor's preview: the same Mermaid text as
 * the site's (core/mermaid.ts), without its links to the site, and where each box's node is
 * written, so that a click on a box leads to its node in the text.
 */
import { RequestType, type Range } from 'vscode-languageserver/node';
import { resolve } from 'node:path';
import { kindOf } from '../core/discover.ts';
import { boxIds, flowToMermaid, MERMAID_CONFIG } from '../core/mermaid.ts';
import { plainText } from '../core/text.ts';
import { frenchSpacing } from '../core/typography.ts';
import { locationOf } from './navigation.ts';
import { flowAt, uriOf, type Snapshot } from './workspace.ts';

/** The request an editor sends for the diagram of a document (a custom request of this server). */
export const DIAGRAM_REQUEST = 'parcours/diagram';
/** Sent after each check: the diagrams shown may have changed. */
export const CHECKED_NOTIFICATION = 'parcours/checked';

export interface DiagramParams {
  uri: string;
}

export type DiagramResult =
  | {
      ok: true;
      uri: string;
      flow: string;
      title: string;
      mermaid: string;
      config: typeof MERMAID_CONFIG;
      /** The boxes of the diagram (`n0`, `n1`… in the Mermaid text), each with its node's id and place. */
      nodes: { box: string; id: string; range: Range }[];
      /** Errors in the file: the diagram is the journey as it loaded, with them. */
      errors: number;
    }
  /** No diagram: the reason, in French (not a journey, or a file that cannot load yet). */
  | { ok: false; uri: string; reason: string; errors: number };

export const DiagramRequest = new RequestType<DiagramParams, DiagramResult, void>(DIAGRAM_REQUEST);

export function diagramOf(snapshot: Snapshot, path: string): DiagramResult {
  const uri = uriOf(path);
  const errors = snapshot.check.diagnostics.filter((d) => d.severity === 'error' && resolve(snapshot.dir, d.file) === path).length;
  const flow = flowAt(snapshot, path);
  if (!flow) {
    const reason = kindOf(path) === 'flow'
      ? `Le logigramme attend que ce parcours se charge : corrigez ${errors > 1 ? `ses ${errors} erreurs` : 'son erreur'} (panneau Problèmes).`
      : 'Ce fichier n’est pas un parcours : le logigramme montre un fichier de flows/ (pas une procédure, un contact ni une marque).';
    return { ok: false, uri, reason: frenchSpacing(reason), errors };
  }
  const project = snapshot.check.load.project;
  const definitions = new Map((snapshot.symbols.get(path)?.occurrences ?? []).filter((o) => o.kind === 'node' && o.definition).map((o) => [o.id, o]));
  const nodes = [...boxIds(flow)].map(([id, box]) => {
    const o = definitions.get(id);
    return { box, id, range: o ? locationOf(snapshot, o).range : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  });
  return { ok: true, uri, flow: flow.id, title: frenchSpacing(plainText(flow.title)), mermaid: flowToMermaid(flow, project, { links: false }), config: MERMAID_CONFIG, nodes, errors };
}
