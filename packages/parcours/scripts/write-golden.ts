/**
 * `npm run golden`: writes test/golden/<flow>.txt, every path of every flow as a reader
 * would answer it (the output of `parcours paths`). Kept in git, so a content change shows
 * in review as a readable diff of what each path now says; a test fails while they lag.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFlows, pathsReport } from '../src/core/index.ts';

const root = join(import.meta.dirname, '..');
const { project } = loadFlows(join(root, 'flows'), { cwd: root });
for (const flow of project.flows.values()) {
  writeFileSync(join(root, 'test', 'golden', `${flow.id}.txt`), pathsReport(flow, project));
  console.log(`test/golden/${flow.id}.txt écrit`);
}
