/** Words for nodes and paths, shared by `parcours paths`, `parcours diff`, test names and the site. */
import { simplePaths, type FlowPath } from './graph.ts';
import { linkTarget } from './journeys.ts';
import type { Flow, FlowLinkNode, FlowNode, Project } from './model.ts';
import { plainText } from './text.ts';

/** A node as a reader would name it: the question, the procedure's title, the outcome. */
export function nodeLabel(node: FlowNode, project: Project): string {
  switch (node.kind) {
    case 'question':
      return plainText(node.question);
    case 'procedure': {
      const procedure = project.procedures.get(node.procedure);
      return procedure ? plainText(procedure.short ?? procedure.title) : node.procedure;
    }
    case 'success':
      return plainText(node.success);
    case 'support':
      return plainText(node.support);
    case 'flow': {
      const target = project.flows.get(node.flow);
      return node.label ?? (target ? target.title : node.flow);
    }
  }
}

/** How a path ends, in a word or two. */
export function endLabel(node: FlowNode, project: Project): string {
  switch (node.kind) {
    case 'success':
      return `réussite : ${plainText(node.success)}`;
    case 'support': {
      const names = node.contacts.map((id) => project.contacts.get(id)?.name ?? id);
      return `support : ${names.join(', ')}`;
    }
    case 'flow': {
      const target = linkTarget(project, node);
      return target ? `suite dans le parcours « ${target.flow.id} », au nœud « ${target.node.id} »` : `suite dans le parcours « ${node.flow} »`;
    }
    default:
      return node.id;
  }
}

/**
 * Where a path that ends at a link continues, in words: the journey's title and the node the
 * reader arrives at, as they would read it; undefined when the link leads nowhere.
 */
export function continuation(node: FlowLinkNode, project: Project): string | undefined {
  const target = linkTarget(project, node);
  if (!target) return undefined;
  const start = target.node.id === target.flow.start ? 'au début' : `au nœud « ${target.node.id} »`;
  return `continue dans « ${plainText(target.flow.title)} » (${target.flow.id}), ${start} : ${nodeLabel(target.node, project)}`;
}

/** The answers a reader gives along a path, then where it ends: "Oui → Non → support : …". */
export function pathAnswers(path: FlowPath, project: Project): string {
  const answers = path.steps.filter((s) => s.answer !== undefined).map((s) => s.answer!);
  return [...answers, endLabel(path.end, project)].join(' → ');
}

/**
 * Every path of a flow as text, one block each: the questions with the answer given, then
 * the end. What `parcours paths` prints.
 */
export function pathsReport(flow: Flow, project: Project): string {
  const { paths, truncated } = simplePaths(flow);
  const blocks = paths.map((path, i) => {
    const lines = [`${i + 1}. ${endLabel(path.end, project)}`];
    for (const step of path.steps) {
      if (step.node.kind === 'question') lines.push(`   ${nodeLabel(step.node, project)} → ${step.answer}`);
      else if (step.node.kind === 'procedure') lines.push(`   [procédure] ${nodeLabel(step.node, project)}`);
      else lines.push(`   ■ ${nodeLabel(step.node, project)}`);
    }
    const next = path.end.kind === 'flow' ? continuation(path.end, project) : undefined;
    if (next) lines.push(`   ↪ ${next}`);
    return lines.join('\n');
  });
  return `${flow.title} (${flow.id}) : ${paths.length}${truncated ? ' premiers' : ''} chemins\n\n${blocks.join('\n\n')}\n`;
}
