import { resolve } from 'node:path';
import { closest, q } from '../../core/diagnostics.ts';
import { loadFlows } from '../../core/load.ts';
import { flowToMermaid } from '../../core/mermaid.ts';
import { frenchSpacing } from '../../core/typography.ts';
import type { CliOptions } from '../main.ts';

/** `parcours graph <flow>`: the Mermaid text of a flow, for review or for another tool. */
export function graphCommand(options: CliOptions): number {
  const [id] = options.args;
  if (!id) {
    process.stderr.write('Indiquez un parcours : parcours graph activation\n');
    return 2;
  }
  const { project } = loadFlows(resolve(options.dir));
  const flow = project.flows.get(id);
  if (!flow) {
    const suggestion = closest(id, project.flows.keys());
    process.stderr.write(frenchSpacing(`Le parcours ${q(id)} n’existe pas (ou a des erreurs : lancez parcours check).${suggestion ? ` Vouliez-vous dire ${q(suggestion)} ?` : ''}\n`));
    return 1;
  }
  process.stdout.write(flowToMermaid(flow, project));
  return 0;
}
