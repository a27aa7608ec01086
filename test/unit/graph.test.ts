/** The path proof on shapes of graph that the e-CPS content does not have, through the real loader. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlows, simplePaths } from '../../src/core/index.ts';
import { writeProject } from '../helpers/project.ts';

const load = (flow: string) => {
  const dir = writeProject({ 'flows/f.yaml': flow });
  return loadFlows(join(dir, 'flows'), { cwd: dir });
};

describe('cycles', () => {
  it('a loop with a way out is fine, and its paths do not go round twice', () => {
    const { diagnostics, project } = load(`title: Boucle
start: essai
nodes:
  essai:
    question: Ça marche ?
    answers:
      - { label: Oui, next: ok }
      - { label: Non, next: reessayer }
  reessayer:
    question: Réessayer ?
    answers:
      - { label: Oui, next: essai }
      - { label: Non, next: aide }
  ok: { success: Fini }
  aide: { support: Aide, contacts: [c] }
`);
    expect(diagnostics.filter((d) => d.code !== 'unknown-contact')).toEqual([]);
    const paths = simplePaths(project.flows.get('f')!).paths;
    expect(paths.map((p) => p.steps.map((s) => s.answer ?? s.node.id).join(' '))).toEqual(['Oui ok', 'Non Non aide']);
  });

  it('a loop of 1 000 questions with no way out is reported once, at its first node', () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => `  n${i}:\n    question: Étape ${i} ?\n    answers:\n      - { label: A, next: n${(i + 1) % 1000} }\n      - { label: B, next: n${(i + 1) % 1000} }`);
    const { diagnostics } = load(`title: Boucle\nstart: n0\nnodes:\n${nodes.join('\n')}\n`);
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['endless-cycle', 4, 3]]);
  });
});

describe('size', () => {
  it('a chain of 10 000 nodes is proven without overflowing the stack', () => {
    const nodes = Array.from({ length: 10_000 }, (_, i) =>
      i === 9_999 ? `  n${i}: { success: Fini }` : `  n${i}:\n    question: Étape ${i} ?\n    answers: [{ label: Oui, next: n${i + 1} }, { label: Non, next: n${i + 1} }]`,
    );
    const { diagnostics, summaries } = load(`title: Long\nstart: n0\nnodes:\n${nodes.join('\n')}\n`);
    // 2^9999 paths: the proof itself holds (no error), the listing stops at its limit and says so.
    expect(diagnostics.map((d) => d.code)).toEqual(['too-many-paths']);
    expect(diagnostics[0]!.severity).toBe('warning');
    expect(summaries[0]).toMatchObject({ nodes: 10_000, truncated: true });
  });
});

describe('dead ends', () => {
  it('a procedure with no next is the dead end, not every node before it', () => {
    const dir = writeProject({
      'flows/f.yaml': 'title: T\nstart: q\nnodes:\n  q:\n    question: Q ?\n    answers: [{ label: A, next: p }, { label: B, next: ok }]\n  p: { procedure: faire }\n  ok: { success: Fini }\n',
      'flows/procedures/faire.yaml': 'title: Faire\nsteps:\n  - text: Faites-le.\n',
    });
    const { diagnostics } = loadFlows(join(dir, 'flows'), { cwd: dir });
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['dead-end', 7]]);
  });
});
