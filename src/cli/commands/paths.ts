import { existsSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { closest, hasErrors, q } from '../../core/diagnostics.ts';
import { flowsRootOf } from '../../core/discover.ts';
import { endLabel, nodeLabel, pathsReport } from '../../core/describe.ts';
import { simplePaths } from '../../core/graph.ts';
import { loadFlows } from '../../core/load.ts';
import { frenchSpacing } from '../../core/typography.ts';
import type { CliOptions } from '../main.ts';
import { formatDiagnostic } from '../format.ts';

/** `parcours paths <flow>`: every way through a flow, as the reader's answers, for review. */
export function pathsCommand(options: CliOptions): number {
  const [target] = options.args;
  if (!target) {
    process.stderr.write('Indiquez un parcours : parcours paths activation (ou flows/activation.yaml).\n');
    return 2;
  }
  // A path to a file names its folder too; a bare id is looked up in --dir.
  const isFile = /\.ya?ml$/i.test(target) && existsSync(target);
  const root = isFile ? flowsRootOf(target) : resolve(options.dir);
  const id = isFile ? basename(target, extname(target)) : target;
  const { project, diagnostics } = loadFlows(root);
  const flow = project.flows.get(id);
  if (!flow) {
    const suggestion = closest(id, project.flows.keys());
    const mine = diagnostics.filter((d) => basename(d.file, extname(d.file)) === id);
    for (const d of mine) process.stderr.write(`${formatDiagnostic(d)}\n\n`);
    process.stderr.write(
      frenchSpacing(
        mine.length
          ? `Le parcours ${q(id)} a des erreurs : corrigez-les d’abord.\n`
          : `Le parcours ${q(id)} n’existe pas.${suggestion ? ` Vouliez-vous dire ${q(suggestion)} ?` : ''} Parcours connus : ${[...project.flows.keys()].join(', ')}.\n`,
      ),
    );
    return 1;
  }
  const { paths, truncated } = simplePaths(flow);
  if (options.json) {
    const data = paths.map((path) => ({
      answers: path.steps.filter((s) => s.answer !== undefined).map((s) => ({ node: s.node.id, question: nodeLabel(s.node, project), answer: s.answer })),
      nodes: path.steps.map((s) => s.node.id),
      end: { node: path.end.id, kind: path.end.kind, label: endLabel(path.end, project) },
    }));
    process.stdout.write(`${JSON.stringify({ flow: flow.id, truncated, paths: data }, null, 2)}\n`);
  } else {
    // French spacing line by line: the report's arrows and numbers are not touched by it.
    process.stdout.write(pathsReport(flow, project).split('\n').map(frenchSpacing).join('\n'));
  }
  const flowErrors = diagnostics.filter((d) => d.file === flow.origin.file);
  for (const d of flowErrors) process.stderr.write(`${formatDiagnostic(d)}\n\n`);
  return hasErrors(flowErrors) ? 1 : 0;
}
