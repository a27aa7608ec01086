/**
 * What changed in a journey for its readers: its texts, its nodes (added, removed, renamed,
 * reworded), and above all its paths: the answers a reader gives, in order, and where they
 * now lead. Paths come from the same enumeration as `parcours paths` (graph.ts), named in the
 * same words (describe.ts).
 */
import { continuation, nodeLabel } from '../describe.ts';
import { formatReviewDate } from '../freshness.ts';
import { simplePaths, type FlowPath } from '../graph.ts';
import { linkTarget } from '../journeys.ts';
import type { Flow, FlowLinkNode, FlowNode, Project, QuestionNode } from '../model.ts';
import { plainText } from '../text.ts';
import { FieldChanges } from './fields.ts';
import type { Keys, Renames } from './keys.ts';
import type { Matched } from './match.ts';
import type { Change, NodeMark, PathChange, PathEnd, Subject } from './types.ts';
import { readerText } from './words.ts';

export const flowSubject = (f: Flow): Subject => ({ kind: 'flow', id: f.id, name: f.title });
export const nodeSubject = (flow: Flow, node: FlowNode, project: Project): Subject => ({ kind: 'node', id: node.id, name: nodeLabel(node, project), flow: flow.id, nodeKind: node.kind });

/** One version of the project, its keys, and every journey's nodes paired with the other version's. */
export interface JourneyContext {
  before: { project: Project; keys: Keys };
  after: { project: Project; keys: Keys };
  renames: Renames;
  /** By the after journey's id: its nodes paired with those of the journey it was. */
  nodes: ReadonlyMap<string, Matched<FlowNode>>;
  /** Procedures (after ids) whose page or sheet changed: nodes that show them are marked changed. */
  changedProcedures: ReadonlySet<string>;
}

/** An identifier never used by a node: what was there before and is gone. */
const gone = (id: string) => `\u0000${id}`;

/**
 * Where a link to a journey leads, as an identity comparable across versions (journey and
 * node after the change); an old target that is gone matches nothing.
 */
function linkIdentity(node: FlowLinkNode, ctx: JourneyContext, before: boolean): string {
  const target = linkTarget(before ? ctx.before.project : ctx.after.project, node);
  if (!target) return `→${node.flow}`;
  if (!before) return `→${target.flow.id}/${target.node.id}`;
  const flow = ctx.renames.flows.get(target.flow.id);
  return `→${flow ?? gone(target.flow.id)}/${(flow && ctx.nodes.get(flow)?.ids.get(target.node.id)) ?? gone(target.node.id)}`;
}

/** How a path ends, in words: the success, the support and who to call, or where it continues. */
export function pathEnd(node: FlowNode, project: Project): PathEnd {
  switch (node.kind) {
    case 'success':
      return { kind: 'success', label: `réussite « ${plainText(node.success)} »` };
    case 'support': {
      const who = node.contacts.map((id) => project.contacts.get(id)?.name ?? id).join(', ');
      return { kind: 'support', label: `support « ${plainText(node.support)} »${who ? ` (${who})` : ''}` };
    }
    default: {
      const link = node.kind === 'flow' ? continuation(node, project) : undefined;
      return { kind: 'flow', label: link ?? nodeLabel(node, project) };
    }
  }
}

/**
 * Old answer labels → new, for a question present in both versions: the same label; else the
 * answer that leads to the same node (a reworded answer); else the one at the same place
 * among those left.
 */
function answerMap(b: QuestionNode, a: QuestionNode, nodeIds: ReadonlyMap<string, string>): Map<string, string> {
  const map = new Map<string, string>();
  const free = new Set(a.answers.map((x) => x.label));
  const take = (from: string, to: string) => {
    map.set(from, to);
    free.delete(to);
  };
  for (const answer of b.answers) if (free.has(answer.label)) take(answer.label, answer.label);
  for (const answer of b.answers) {
    if (map.has(answer.label)) continue;
    const same = a.answers.find((x) => free.has(x.label) && x.next === (nodeIds.get(answer.next) ?? answer.next));
    if (same) take(answer.label, same.label);
  }
  const leftBefore = b.answers.filter((x) => !map.has(x.label));
  const leftAfter = a.answers.filter((x) => free.has(x.label));
  leftBefore.forEach((answer, i) => leftAfter[i] && take(answer.label, leftAfter[i]!.label));
  return map;
}

/** The changes of a node present in both versions, and whether it now leads elsewhere. */
function compareNode(flow: Flow, b: FlowNode, a: FlowNode, ctx: JourneyContext, nodeIds: ReadonlyMap<string, string>): { changes: Change[]; rerouted: boolean; answers?: Map<string, string> } {
  const out = new FieldChanges(nodeSubject(flow, a, ctx.after.project));
  const mapped = (id: string) => nodeIds.get(id) ?? gone(id);
  const names = (project: Project, ids: string[]) => ids.map((id) => project.contacts.get(id)?.name ?? id).join(', ');
  if (b.kind === 'question' && a.kind === 'question') {
    out.text('Intitulé', '', b.question, a.question);
    out.text('Aide', 'e', b.help, a.help);
    const answers = answerMap(b, a, nodeIds);
    for (const answer of b.answers) {
      const now = answers.get(answer.label);
      if (now !== undefined) out.text(`Réponse « ${readerText(plainText(now))} »`, 'e', answer.label, now);
    }
    const order = (labels: string[]) => labels.map((l) => `« ${plainText(l)} »`).join(', ');
    const kept = b.answers.map((x) => answers.get(x.label)).filter((l): l is string => l !== undefined);
    const keptAfter = a.answers.map((x) => x.label).filter((l) => kept.includes(l));
    if (kept.join('\u0000') !== keptAfter.join('\u0000')) out.text('Ordre des réponses', '', order(kept), order(keptAfter));
    const rerouted =
      a.answers.length !== b.answers.length ||
      b.answers.some((x) => {
        const now = a.answers.find((y) => y.label === answers.get(x.label));
        return !now || now.next !== mapped(x.next);
      });
    return { changes: out.list, rerouted, answers };
  }
  if (b.kind === 'procedure' && a.kind === 'procedure') {
    const title = (project: Project, id: string) => project.procedures.get(id)?.title ?? id;
    if ((ctx.renames.procedures.get(b.procedure) ?? b.procedure) !== a.procedure) out.text('Procédure suivie', 'e', title(ctx.before.project, b.procedure), title(ctx.after.project, a.procedure));
    return { changes: out.list, rerouted: (b.next === undefined ? undefined : mapped(b.next)) !== a.next };
  }
  if (b.kind === 'success' && a.kind === 'success') {
    out.text('Intitulé', '', b.success, a.success);
    out.text('Texte', '', b.text, a.text);
  } else if (b.kind === 'support' && a.kind === 'support') {
    out.text('Intitulé', '', b.support, a.support);
    out.text('Texte', '', b.text, a.text);
    out.text('Contacts proposés', 's', names(ctx.before.project, b.contacts), names(ctx.after.project, a.contacts), true);
  } else if (b.kind === 'flow' && a.kind === 'flow') {
    out.text('Intitulé du lien', '', b.label, a.label);
    return { changes: out.list, rerouted: linkIdentity(b, ctx, true) !== linkIdentity(a, ctx, false) };
  }
  return { changes: out.list, rerouted: false };
}

/** A path's answers, where it ends (as an identity after the change) and the procedures it goes through. */
interface ReadPath {
  key: string;
  answers: string[];
  end: string;
  via: string[];
  path: FlowPath;
}

/** A journey's texts as the site shows them. */
function compareFlowTexts(b: Flow, a: Flow, ctx: JourneyContext): Change[] {
  const out = new FieldChanges(flowSubject(a));
  const titles = (project: Project, ids: string[]) => (ids.length ? ids.map((id) => project.flows.get(id)?.title ?? id).join(', ') : undefined);
  out.text('Titre', '', b.title, a.title);
  out.text('Titre sur la page d’accueil', '', b.action, a.action);
  out.text('Description', 'e', b.description, a.description);
  out.text('Place sur la page d’accueil', 'e', b.order?.toString(), a.order?.toString());
  out.text('Parcours liés', 's', titles(ctx.before.project, b.related), titles(ctx.after.project, a.related));
  out.text('Date de vérification', 'e', b.reviewed && formatReviewDate(b.reviewed), a.reviewed && formatReviewDate(a.reviewed));
  return out.list;
}

export interface JourneyChanges {
  changes: Change[];
  paths: PathChange[];
  truncated: boolean;
  marks: { node: string; mark: NodeMark }[];
}

/** Everything that changed in a journey present in both versions (`b` may have another id: a rename). */
export function compareJourney(b: Flow, a: Flow, ctx: JourneyContext): JourneyChanges {
  const nodes = ctx.nodes.get(a.id)!;
  const changes = compareFlowTexts(b, a, ctx);
  const marks = new Map<string, NodeMark>();
  const answerMaps = new Map<string, Map<string, string>>(); // before node id → its answers' labels before → after
  for (const node of nodes.added) {
    marks.set(node.id, 'added');
    changes.push({ type: 'added', subject: nodeSubject(a, node, ctx.after.project), details: [], contactDetails: false });
  }
  for (const node of nodes.removed) changes.push({ type: 'removed', subject: nodeSubject(b, node, ctx.before.project), details: [], contactDetails: false });
  for (const pair of nodes.pairs) {
    if (pair.renamed) changes.push({ type: 'renamed', subject: nodeSubject(a, pair.after, ctx.after.project), from: pair.before.id, to: pair.after.id });
    const node = compareNode(a, pair.before, pair.after, ctx, nodes.ids);
    changes.push(...node.changes);
    if (node.answers) answerMaps.set(pair.before.id, node.answers);
    const shows = pair.after.kind === 'procedure' && ctx.changedProcedures.has(pair.after.procedure);
    if (node.rerouted) marks.set(pair.after.id, 'rerouted');
    else if (node.changes.length || shows) marks.set(pair.after.id, 'changed');
  }
  const { paths, truncated } = comparePaths(b, a, ctx, answerMaps);
  // In the diagram's order (the file's), so that the marks read from top to bottom.
  const order = [...a.nodes.keys()];
  return { changes, paths, truncated, marks: order.filter((id) => marks.has(id)).map((id) => ({ node: id, mark: marks.get(id)! })) };
}

/** The reader paths of both versions, paired by their answers (old answers read in their new words). */
function comparePaths(b: Flow, a: Flow, ctx: JourneyContext, answerMaps: ReadonlyMap<string, ReadonlyMap<string, string>>): { paths: PathChange[]; truncated: boolean } {
  const nodeIds = ctx.nodes.get(a.id)!.ids;
  const endOf = (node: FlowNode, before: boolean): string => {
    if (node.kind === 'flow') return linkIdentity(node, ctx, before);
    return before ? (nodeIds.get(node.id) ?? gone(node.id)) : node.id;
  };
  const via = (path: FlowPath, before: boolean) =>
    path.steps.flatMap((s) => (s.node.kind === 'procedure' ? [before ? (ctx.renames.procedures.get(s.node.procedure) ?? gone(s.node.procedure)) : s.node.procedure] : []));
  const read = (path: FlowPath, before: boolean): ReadPath => {
    const answers = path.steps.filter((s) => s.answer !== undefined);
    const translated = answers.map((s) => (before ? (answerMaps.get(s.node.id)?.get(s.answer!) ?? gone(s.answer!)) : s.answer!));
    return {
      key: translated.join('\u0001'),
      answers: answers.map((s) => readerText(plainText(s.answer!))),
      end: endOf(path.end, before),
      via: via(path, before),
      path,
    };
  };
  const old = simplePaths(b);
  const now = simplePaths(a);
  const oldPaths = new Map(old.paths.map((p) => read(p, true)).map((r) => [r.key, r]));
  const changes: PathChange[] = [];
  const title = (id: string) => ctx.after.project.procedures.get(id)?.title ?? ctx.before.project.procedures.get(id.replace(/^\u0000/, ''))?.title ?? id;
  const beforeEnd = (r: ReadPath) => pathEnd(r.path.end, ctx.before.project);
  const afterEnd = (r: ReadPath) => pathEnd(r.path.end, ctx.after.project);
  const seen = new Set<string>();
  for (const r of now.paths.map((p) => read(p, false))) {
    const was = oldPaths.get(r.key);
    if (!was) {
      changes.push({ type: 'appeared', answers: r.answers, after: afterEnd(r) });
      continue;
    }
    seen.add(r.key);
    if (was.end !== r.end) changes.push({ type: 'rerouted', answers: r.answers, before: beforeEnd(was), after: afterEnd(r) });
    else if (was.via.join('\u0000') !== r.via.join('\u0000')) {
      changes.push({ type: 'via', answers: r.answers, after: afterEnd(r), viaBefore: was.via.map(title), viaAfter: r.via.map(title) });
    }
  }
  for (const [key, was] of oldPaths) if (!seen.has(key)) changes.push({ type: 'disappeared', answers: was.answers, before: beforeEnd(was) });
  return { paths: changes, truncated: old.truncated || now.truncated };
}

/** Every path of a journey, for a journey added or removed: its answers and its end. */
export function allPaths(flow: Flow, project: Project, type: 'appeared' | 'disappeared'): { paths: PathChange[]; truncated: boolean } {
  const { paths, truncated } = simplePaths(flow);
  return {
    truncated,
    paths: paths.map((p) => {
      const answers = p.steps.filter((s) => s.answer !== undefined).map((s) => readerText(plainText(s.answer!)));
      return type === 'appeared' ? { type, answers, after: pathEnd(p.end, project) } : { type, answers, before: pathEnd(p.end, project) };
    }),
  };
}

