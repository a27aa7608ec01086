import { basename, extname } from 'node:path';
import { visibleControls } from '../../core/characters.ts';
import { hasErrors } from '../../core/diagnostics.ts';
import { flowsRootOf } from '../../core/discover.ts';
import { endLabel, nodeLabel, pathsReport } from '../../core/describe.ts';
import { simplePaths } from '../../core/graph.ts';
import { linkTarget } from '../../core/journeys.ts';
import { loadFlows } from '../../core/load.ts';
import { frenchSpacing } from '../../core/typography.ts';
import type { CliOptions } from '../main.ts';
import { formatDiagnostic } from '../format.ts';
import { projectPath, type CliContext } from '../io.ts';
import { unknownFlow } from './unknown-flow.ts';

/** `parcours paths <flow>`: every way through a flow, as the reader's answers, for review. */
export function pathsCommand(options: CliOptions, cli: CliContext): number {
  const [target] = options.args;
  if (!target) {
    cli.err('Indiquez un parcours : parcours paths activation (ou flows/activation.yaml).\n');
    return 2;
  }
  // A path to a file names its folder too (read like check's); a bare id is looked up in the project.
  const file = /\.ya?ml$/i.test(target) ? projectPath(target, options.content, cli.io.cwd) : undefined;
  const root = file ? flowsRootOf(file) : options.dir;
  const id = file ? basename(file, extname(file)) : target;
  const { project, diagnostics } = loadFlows(root, { cwd: cli.io.cwd });
  const flow = project.flows.get(id);
  if (!flow) return unknownFlow(id, project, diagnostics, cli);
  const { paths, truncated } = simplePaths(flow);
  // Where a path that leaves this flow goes on.
  const continues = (end: (typeof paths)[number]['end']) => {
    const target = end.kind === 'flow' ? linkTarget(project, end) : undefined;
    return target ? { continues: { flow: target.flow.id, node: target.node.id } } : {};
  };
  if (options.json) {
    const data = paths.map((path) => ({
      answers: path.steps.filter((s) => s.answer !== undefined).map((s) => ({ node: s.node.id, question: nodeLabel(s.node, project), answer: s.answer })),
      nodes: path.steps.map((s) => s.node.id),
      end: { node: path.end.id, kind: path.end.kind, label: endLabel(path.end, project), ...continues(path.end) },
    }));
    cli.out(`${JSON.stringify({ flow: flow.id, truncated, paths: data }, null, 2)}\n`);
  } else {
    // French spacing line by line: the report's arrows and numbers are not touched by it.
    cli.out(visibleControls(pathsReport(flow, project).split('\n').map(frenchSpacing).join('\n')));
  }
  const flowErrors = diagnostics.filter((d) => d.file === flow.origin.file);
  for (const d of flowErrors) cli.err(`${formatDiagnostic(d, cli.paint)}\n\n`);
  return hasErrors(flowErrors) ? 1 : 0;
}
