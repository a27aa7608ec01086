/** Addresses of the site, from the real loader: a link to another journey lands on a page that exists. */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadFlows, nodeUrl } from '../../src/core/index.ts';
import { writeProject } from '../helpers/project.ts';

it('a link to another journey’s first question goes to that journey’s own address; to another node, to its page', () => {
  const dir = writeProject({
    'flows/a.yaml': `title: A
start: q
nodes:
  q:
    question: Continuer ?
    answers:
      - { label: Au début, next: debut }
      - { label: Plus loin, next: loin }
  debut: { flow: b, node: premiere, label: Le début de B }
  loin: { flow: b, node: fin, label: La fin de B }
`,
    'flows/b.yaml': `title: B
start: premiere
nodes:
  premiere:
    question: Alors ?
    answers:
      - { label: Oui, next: fin }
      - { label: Non, next: fin }
  fin: { success: Fini }
`,
  });
  const { project, diagnostics } = loadFlows(join(dir, 'flows'), { cwd: dir });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const a = project.flows.get('a')!;
  expect(nodeUrl(a, a.nodes.get('debut')!, project)).toBe('parcours/b/');
  expect(nodeUrl(a, a.nodes.get('loin')!, project)).toBe('parcours/b/fin/');
});
