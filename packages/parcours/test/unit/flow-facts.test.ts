/** What a node's page says of where the reader comes from and which step it is, from the real loader. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowFacts, loadFlows, nodeLabel } from '../../src/core/index.ts';
import { ECPS } from '../helpers/cli.ts';
import { writeProject } from '../helpers/project.ts';

const load = (flow: string) => {
  const dir = writeProject({ 'flows/f.yaml': flow, 'flows/contacts/c.yaml': 'contacts:\n  c: { name: Aide, email: aide@exemple.test }\n' });
  const { project, diagnostics } = loadFlows(join(dir, 'flows'), { cwd: dir });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return project.flows.get('f')!;
};

describe('arrivals', () => {
  it('lists a question leading here once, with every answer that does', () => {
    const facts = flowFacts(
      load(`title: T
start: q
nodes:
  q:
    question: Alors ?
    answers:
      - { label: Oui, next: fin }
      - { label: Peut-être, next: fin }
      - { label: Non, next: aide }
  fin: { success: Fini }
  aide: { support: Aide, contacts: [c] }
`),
    );
    expect(facts.arrivals.get('fin')).toEqual([{ from: 'q', answers: ['Oui', 'Peut-être'] }]);
    expect(facts.arrivals.get('aide')).toEqual([{ from: 'q', answers: ['Non'] }]);
    expect(facts.arrivals.get('q')).toBeUndefined();
  });

  it('no page of the real journeys shows the same arrival twice: alike questions are told apart by where they come from', () => {
    const { project } = loadFlows(join(ECPS, 'flows'));
    for (const flow of project.flows.values()) {
      const label = (id: string) => nodeLabel(flow.nodes.get(id)!, project);
      for (const [node, list] of flowFacts(flow, label).arrivals) {
        const shown = list.map((a) => `${label(a.from)} ${a.via ? label(a.via) : ''} ${a.answers.join('/')}`);
        expect(new Set(shown).size, `${flow.id}/${node}: ${shown.join(' ; ')}`).toBe(shown.length);
      }
    }
    // The success of activation: « Ma e-CPS est activée ? » after method A, and after method B.
    const activation = project.flows.get('activation')!;
    const arrivals = flowFacts(activation, (id) => nodeLabel(activation.nodes.get(id)!, project)).arrivals.get('succes')!;
    expect(arrivals.map((a) => [a.from, a.via])).toEqual([
      ['activee-a', 'methode-a'],
      ['activee-b', 'methode-b'],
    ]);
  });
});

describe('step numbers', () => {
  const flow = `title: T
start: a
nodes:
  a:
    question: A ?
    answers:
      - { label: Court, next: fin }
      - { label: Long, next: b }
  b:
    question: B ?
    answers:
      - { label: Oui, next: fin }
      - { label: Non, next: c }
  c:
    question: C ?
    answers:
      - { label: Encore, next: b }
      - { label: Aide, next: aide }
  fin: { success: Fini }
  aide: { support: Aide, contacts: [c] }
`;

  it('are given where every path agrees, and withheld where paths reach a node after different numbers of steps', () => {
    const { step } = flowFacts(load(flow));
    expect(step.get('a')).toBe(1);
    expect(step.get('b')).toBe(2);
    expect(step.get('c')).toBe(3);
    expect(step.get('aide')).toBe(4);
    // "fin" is step 2 (Court) or 3 (Long, Oui): no single number is true.
    expect(step.has('fin')).toBe(true);
    expect(step.get('fin')).toBeUndefined();
  });

  it('a loop back to an earlier question does not give it a second number', () => {
    expect(flowFacts(load(flow)).step.get('b')).toBe(2);
  });
});
