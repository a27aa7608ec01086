import { loadFlows } from '../../core/load.ts';
import { flowToMermaid } from '../../core/mermaid.ts';
import type { CliOptions } from '../main.ts';
import type { CliContext } from '../io.ts';
import { unknownFlow } from './unknown-flow.ts';

/** `parcours graph <flow>`: the Mermaid text of a flow, for review or for another tool. */
export function graphCommand(options: CliOptions, cli: CliContext): number {
  const [id] = options.args;
  if (!id) {
    cli.err('Indiquez un parcours : parcours graph activation\n');
    return 2;
  }
  const { project, diagnostics } = loadFlows(options.dir, { cwd: cli.io.cwd });
  const flow = project.flows.get(id);
  if (!flow) return unknownFlow(id, project, diagnostics, cli);
  cli.out(flowToMermaid(flow, project));
  return 0;
}
