/** The diagrams' links: site-relative inside the site, absolute for a file opened on its own. */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { flowToMermaid, loadFlows, nodeUrl } from '../../src/core/index.ts';
import { ECPS } from '../helpers/cli.ts';

const { project } = loadFlows(join(ECPS, 'flows'));
const flow = project.flows.get('activation')!;
const clicks = (text: string) => [...text.matchAll(/^ {2}click n\d+ href "([^"]+)"$/gm)].map((m) => m[1]);

it('every box links to its page under the base given, with or without its final slash', () => {
  const expected = [...flow.nodes.values()].map((node) => nodeUrl(flow, node));
  expect(clicks(flowToMermaid(flow, project))).toEqual(expected.map((u) => `/${u}`));
  for (const base of ['https://aide.example.fr', 'https://aide.example.fr/']) {
    expect(clicks(flowToMermaid(flow, project, { baseUrl: base }))).toEqual(expected.map((u) => `https://aide.example.fr/${u}`));
  }
  expect(clicks(flowToMermaid(flow, project, { baseUrl: 'https://exemple.fr/aide' }))[0]).toBe('https://exemple.fr/aide/parcours/activation/');
});
