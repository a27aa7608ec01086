/** Words for nodes and paths, shared by `parcours paths`, test names and the site. */
import { simplePaths, type FlowPath } from './graph.ts';
import type { Flow, FlowNode, Project } from './model.ts';
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
    case 'flow':
      return `suite dans le parcours « ${node.flow} »`;
    default:
      return node.id;
  }
}

/** The answers a reader gives along a path, then where it ends: "Oui → Non → support : …". */
export function pathAnswers(path: FlowPath, project: Project): string {
  const answers = path.steps.filter((s) => s.answer !== undefined).map((s) => s.answer!);
  return [...answers, endLabel(path.end, project)].join(' → ');
}

/**
 * Every path of a flow as text, one block each: the questions with the answer given, then
 * the end. What `parcours paths` prints and what test/golden/ keeps for review.
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
    return lines.join('\n');
  });
  return `${flow.title} (${flow.id}) : ${paths.length}${truncated ? ' premiers' : ''} chemins\n\n${blocks.join('\n\n')}\n`;
}
