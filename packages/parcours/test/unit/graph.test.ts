/** The path proof on shapes of graph that the e-CPS content does not have, through the real loader. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlows, simplePaths } from '../../src/core/index.ts';
import { cannotReach, cycles, reachableFrom, shortestLoop } from '../../src/core/graph.ts';
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

  it('a loop of 300 questions (the most a journey may have) with no way out is reported once, at its first node', () => {
    const nodes = Array.from({ length: 300 }, (_, i) => `  n${i}:\n    question: Étape ${i} ?\n    answers:\n      - { label: A, next: n${(i + 1) % 300} }\n      - { label: B, next: n${(i + 1) % 300} }`);
    const { diagnostics } = load(`title: Boucle\nstart: n0\nnodes:\n${nodes.join('\n')}\n`);
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['endless-cycle', 4, 3]]);
  });
});

describe('size', () => {
  it('a chain of 10 000 nodes across 40 journeys is proven without overflowing the stack', () => {
    const files: Record<string, string> = { 'flows/procedures/faire.yaml': 'title: Faire\nsteps: [{ text: Faire. }]\n' };
    for (let j = 0; j < 40; j++) {
      const nodes = Array.from({ length: 250 }, (_, i) =>
        i < 249 ? `  n${i}: { procedure: faire, next: n${i + 1} }` : j < 39 ? `  n${i}: { flow: p${j + 1} }` : `  n${i}: { success: Fini }`,
      );
      files[`flows/p${j}.yaml`] = `title: Partie ${j}\nstart: n0\nnodes:\n${nodes.join('\n')}\n`;
    }
    const dir = writeProject(files);
    const { diagnostics, summaries } = loadFlows(join(dir, 'flows'), { cwd: dir });
    // One way through, 10 000 nodes long: the proof follows it to the end.
    expect(diagnostics).toEqual([]);
    expect(summaries).toHaveLength(40);
    expect(summaries.every((s) => s.nodes === 250 && s.paths === 1)).toBe(true);
  });

  it('a journey of 10 000 nodes is refused before the proof, at its nodes, with the limit', () => {
    const nodes = Array.from({ length: 10_000 }, (_, i) => (i === 9_999 ? `  n${i}: { success: Fini }` : `  n${i}: { procedure: p, next: n${i + 1} }`));
    const { diagnostics, summaries } = load(`title: Long\nstart: n0\nnodes:\n${nodes.join('\n')}\n`);
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['journey-too-large', 3, 1]]);
    expect(diagnostics[0]!.message).toBe('Parcours trop grand : 10\u00a0000 nœuds, pour 300 au plus.');
    expect(summaries).toEqual([]);
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

describe('across journeys', () => {
  const loadAll = (files: Record<string, string>) => {
    const dir = writeProject(files);
    return loadFlows(join(dir, 'flows'), { cwd: dir });
  };
  const where = (r: ReturnType<typeof loadAll>) => r.diagnostics.map((d) => [d.code, d.file, d.line]);

  it('a link into another journey that ends is a way out: a loop through it is fine', () => {
    const r = loadAll({
      'flows/a.yaml': 'title: A\nstart: q\nnodes:\n  q:\n    question: Encore ?\n    answers: [{ label: Oui, next: q }, { label: Non, next: ailleurs }]\n  ailleurs: { flow: b, node: fin }\n',
      'flows/b.yaml': 'title: B\nstart: debut\nnodes:\n  debut:\n    question: Retour ?\n    answers: [{ label: Oui, next: retour }, { label: Non, next: fin }]\n  retour: { flow: a }\n  fin: { success: Fini }\n',
    });
    expect(r.diagnostics).toEqual([]);
  });

  it('a link into a journey that cannot end is followed: the dead end is reported where it is, once', () => {
    const r = loadAll({
      'flows/a.yaml': 'title: A\nstart: lien\nnodes:\n  lien: { flow: b }\n',
      'flows/b.yaml': 'title: B\nstart: p\nnodes:\n  p: { procedure: faire }\n',
      'flows/procedures/faire.yaml': 'title: Faire\nsteps:\n  - text: Faites-le.\n',
    });
    expect(where(r)).toEqual([['dead-end', 'flows/b.yaml', 4]]);
  });

  it('a cycle through three journeys is reported once, at its first node, naming each journey', () => {
    const link = (id: string, to: string) => `title: ${id.toUpperCase()}\nstart: n\nnodes:\n  n: { flow: ${to} }\n`;
    const r = loadAll({ 'flows/a.yaml': link('a', 'b'), 'flows/b.yaml': link('b', 'c'), 'flows/c.yaml': link('c', 'a') });
    expect(where(r)).toEqual([['endless-cycle', 'flows/a.yaml', 4]]);
    expect(r.diagnostics[0]!.message).toContain('à travers les parcours «\u202fa\u202f» et «\u202fb\u202f» et «\u202fc\u202f»');
    expect(r.diagnostics[0]!.message).toContain('«\u202fn\u202f» (a) → «\u202fn\u202f» (b) → «\u202fn\u202f» (c) → «\u202fn\u202f» (a)');
  });

  it('a node reached only through a link from another journey is reachable', () => {
    const r = loadAll({
      'flows/a.yaml': 'title: A\nstart: vers-b\nnodes:\n  vers-b: { flow: b, node: milieu }\n',
      'flows/b.yaml': 'title: B\nstart: fin\nnodes:\n  fin: { success: Fini }\n  milieu: { success: Aussi fini }\n',
    });
    expect(r.diagnostics).toEqual([]);
  });

  it('a link to a journey that does not load is reported there only: no dead end or loop follows', () => {
    const r = loadAll({
      'flows/a.yaml': 'title: A\nstart: q\nnodes:\n  q:\n    question: Q ?\n    answers: [{ label: Oui, next: q }, { label: Non, next: lien }]\n  lien: { flow: b }\n',
      'flows/b.yaml': 'title: B\nstart: [\n',
    });
    expect(where(r)).toEqual([['yaml-syntax', 'flows/b.yaml', 2]]);
  });

});

describe('graph functions over adjacency maps', () => {
  const next = new Map([
    ['a', ['b']],
    ['b', ['c', 'a']],
    ['c', ['c']],
    ['d', ['a']],
    ['e', []],
  ]);

  it('reachability, what cannot end, cycles and a shortest way round', () => {
    expect([...reachableFrom(['d'], next)].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...cannotReach(['e'], next)].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...cannotReach(['c'], next)].sort()).toEqual(['e']);
    expect(cycles(['a', 'b', 'c', 'd', 'e'], new Set(['a', 'b', 'c', 'd']), next)).toEqual([['a', 'b'], ['c']]);
    expect(shortestLoop('a', new Set(['a', 'b']), next)).toEqual(['a', 'b']);
    expect(shortestLoop('c', new Set(['c']), next)).toEqual(['c']);
  });

  it('walk 50 000 vertices in one loop without overflowing the stack', () => {
    const n = 50_000;
    const ring = new Map(Array.from({ length: n }, (_, i) => [`v${i}`, [`v${(i + 1) % n}`]]));
    const order = [...ring.keys()];
    expect(reachableFrom(['v0'], ring).size).toBe(n);
    expect(cannotReach([], ring).size).toBe(n);
    expect(cycles(order, new Set(order), ring).map((c) => c.length)).toEqual([n]);
    expect(shortestLoop('v0', new Set(order), ring)).toHaveLength(n);
  });
});
