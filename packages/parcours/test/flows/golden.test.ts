/** The golden paths in test/golden/ match the flows: run `npm run golden` after a content change, and review the diff. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadFlows, pathsReport } from '../../src/core/index.ts';
import { ECPS, TOOLKIT } from '../helpers/cli.ts';

const { project } = loadFlows(join(ECPS, 'flows'));

it.each([...project.flows.keys()])('test/golden/%s.txt is up to date (npm run golden)', (id) => {
  expect(readFileSync(join(TOOLKIT, 'test', 'golden', `${id}.txt`), 'utf8')).toBe(pathsReport(project.flows.get(id)!, project));
});
