import { resolve } from 'node:path';
import { loadFlows } from '../../core/load.ts';
import { flowToMermaid } from '../../core/mermaid.ts';
import type { CliOptions } from '../main.ts';
import { unknownFlow } from './unknown-flow.ts';

/** `parcours graph <flow>`: the Mermaid text of a flow, for review or for another tool. */
export function graphCommand(options: CliOptions): number {
  const [id] = options.args;
  if (!id) {
    process.stderr.write('Indiquez un parcours : parcours graph activation\n');
    return 2;
  }
  const { project, diagnostics } = loadFlows(resolve(options.dir));
  const flow = project.flows.get(id);
  if (!flow) return unknownFlow(id, project, diagnostics);
  process.stdout.write(flowToMermaid(flow, project));
  return 0;
}
