/**
 * The path proof over the real e-CPS content: one test per path of every flow, named by the
 * answers a reader gives, each ending at a success, at a support that names a reachable
 * contact, or in another flow that exists.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlows, pathAnswers, simplePaths, type FlowNode, type Project } from '../../src/core/index.ts';
import { ECPS } from '../helpers/cli.ts';

const { project, diagnostics } = loadFlows(join(ECPS, 'flows'));

it('the real flows load with no diagnostic at all', () => {
  expect(diagnostics).toEqual([]);
  expect([...project.flows.keys()].sort()).toEqual(['activation', 'reactivation', 'suppression']);
});

function assertEnd(end: FlowNode, project: Project) {
  switch (end.kind) {
    case 'success':
      expect(end.success.trim()).not.toBe('');
      break;
    case 'support':
      expect(end.contacts.length).toBeGreaterThan(0);
      for (const id of end.contacts) {
        const contact = project.contacts.get(id);
        expect(contact, `contact ${id}`).toBeDefined();
        expect(Boolean(contact!.phone || contact!.email || contact!.faq || contact!.web)).toBe(true);
      }
      break;
    case 'flow': {
      const target = project.flows.get(end.flow);
      expect(target, `flow ${end.flow}`).toBeDefined();
      if (end.node) expect(target!.nodes.has(end.node)).toBe(true);
      break;
    }
    default:
      throw new Error(`path ends at ${end.kind} node ${end.id}`);
  }
}

for (const flow of project.flows.values()) {
  describe(`flow ${flow.id}`, () => {
    const { paths, truncated } = simplePaths(flow);

    it('has paths, all listed', () => {
      expect(truncated).toBe(false);
      expect(paths.length).toBeGreaterThan(0);
    });

    it('every node lies on at least one path from the start', () => {
      const visited = new Set(paths.flatMap((p) => p.steps.map((s) => s.node.id)));
      expect([...flow.nodes.keys()].filter((id) => !visited.has(id))).toEqual([]);
    });

    for (const path of paths) {
      it(`${pathAnswers(path, project)}`, () => {
        expect(path.steps[0]!.node.id).toBe(flow.start);
        // Each step follows an edge of the model: the answer given leads to the next node.
        for (let i = 0; i < path.steps.length - 1; i++) {
          const { node, answer } = path.steps[i]!;
          const next = path.steps[i + 1]!.node.id;
          if (node.kind === 'question') expect(node.answers.find((a) => a.label === answer)?.next).toBe(next);
          else if (node.kind === 'procedure') {
            expect(node.next).toBe(next);
            expect(project.procedures.has(node.procedure)).toBe(true);
          } else throw new Error(`a path goes through terminal ${node.id}`);
        }
        assertEnd(path.end, project);
      });
    }
  });
}
