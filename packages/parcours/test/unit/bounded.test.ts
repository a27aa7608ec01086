/**
 * Bounded work on any input `check` can be given: nesting, text lengths, lists and journeys are
 * refused by size, at their place and with the limit, before anything costly; and what the
 * check reports about the work it cut short is true.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlows } from '../../src/core/load.ts';
import { parseYaml } from '../../src/core/yaml.ts';
import { LIMITS } from '../../src/core/limits.ts';
import { writeProject } from '../helpers/project.ts';

const load = (files: Record<string, string>) => {
  const dir = writeProject(files);
  return loadFlows(join(dir, 'flows'), { cwd: dir });
};

describe('nesting', () => {
  it('3 000 nested brackets, closed or not, are refused at the first one too deep: no stack overflow', () => {
    for (const text of [`title: ${'['.repeat(3000)}`, `title: ${'['.repeat(3000)}${']'.repeat(3000)}`, `title: ${'{a: '.repeat(3000)}`]) {
      const parsed = parseYaml('f.yaml', text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['yaml-too-deep', 1, 8 + LIMITS.depth * (text[7] === '{' ? 4 : 1)]]);
    }
  });

  it('a file of 2 MB of brackets (the largest read) is refused the same way', () => {
    const parsed = parseYaml('f.yaml', `title: ${'['.repeat(2 * 1024 * 1024 - 8)}`);
    expect(parsed.ok ? [] : parsed.diagnostics.map((d) => d.code)).toEqual(['yaml-too-deep']);
  });

  it('brackets inside quotes or comments are text; nesting by indentation is bounded too', () => {
    expect(parseYaml('f.yaml', `title: "${'['.repeat(100)}"\n# ${'{'.repeat(100)}\n`).ok).toBe(true);
    const deep = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
    const parsed = parseYaml('f.yaml', `${deep} fin\n`);
    expect(parsed.ok ? [] : parsed.diagnostics.map((d) => [d.code, d.line])).toEqual([['yaml-too-deep', LIMITS.depth + 1]]);
  });
});

describe('sizes', () => {
  it('a text past its limit is refused at it, naming the limit; one at the limit passes', () => {
    const flow = (title: string, question: string) =>
      `title: ${title}\nstart: q\nnodes:\n  q:\n    question: ${question}\n    answers: [{ label: Oui, next: fin }, { label: Non, next: fin }]\n  fin: { success: Fini }\n`;
    expect(load({ 'flows/f.yaml': flow('t'.repeat(LIMITS.line), 'q'.repeat(LIMITS.text)) }).diagnostics).toEqual([]);
    const { diagnostics } = load({ 'flows/f.yaml': flow('t'.repeat(LIMITS.line + 1), 'q'.repeat(LIMITS.text + 1)) });
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['text-too-long', 1, 8],
      ['text-too-long', 5, 15],
    ]);
    expect(diagnostics[0]!.message).toBe('Texte trop long : 301 caractères, pour 300 au plus dans le champ «\u202ftitle\u202f».');
    expect(diagnostics[1]!.message).toContain('3\u00a0001 caractères, pour 3\u00a0000 au plus dans le champ «\u202fquestion\u202f»');
  });

  it('a 1 MB one-word title is refused, by size, before the typographic rules read it', () => {
    const { diagnostics } = load({ 'flows/f.yaml': `title: ${'a'.repeat(1_000_000)}\nstart: fin\nnodes:\n  fin: { success: Fini }\n` });
    expect(diagnostics.map((d) => d.code)).toEqual(['text-too-long']);
  });

  it('a journey with too many links between its nodes is refused by name, at its nodes', () => {
    const answers = Array.from({ length: 20 }, (_, i) => `{ label: Réponse ${i}, next: fin }`).join(', ');
    const nodes = Array.from({ length: 31 }, (_, i) => `  q${i}:\n    question: Question ${i} ?\n    answers: [${answers}]`).join('\n');
    const { diagnostics, summaries } = load({ 'flows/large.yaml': `title: Large\nstart: q0\nnodes:\n${nodes}\n  fin: { success: Fini }\n` });
    expect(diagnostics.map((d) => [d.file, d.code, d.line])).toEqual([['flows/large.yaml', 'journey-too-large', 3]]);
    expect(diagnostics[0]!.message).toBe('Parcours trop grand : 620 liens entre ses nœuds (réponses et «\u202fnext\u202f»), pour 600 au plus.');
    expect(summaries).toEqual([]);
  });
});

describe('what the check says of its own work', () => {
  it('too-many-paths states how many paths were really checked, even when the search stopped before its limit', () => {
    // 2^13 ways through 13 questions, each then followed by a chain of 280 procedures: the
    // search stops on the number of steps it copies, long before 10 000 paths.
    const questions = Array.from({ length: 13 }, (_, i) => `  q${i}:\n    question: Étape ${i} ?\n    answers: [{ label: Oui, next: ${i < 12 ? `q${i + 1}` : 'p0'} }, { label: Non, next: ${i < 12 ? `q${i + 1}` : 'p0'} }]`);
    const chain = Array.from({ length: 280 }, (_, i) => `  p${i}: { procedure: faire, next: ${i < 279 ? `p${i + 1}` : 'fin'} }`);
    const { diagnostics, summaries } = load({
      'flows/long.yaml': `title: Long\nstart: q0\nnodes:\n${[...questions, ...chain].join('\n')}\n  fin: { success: Fini }\n`,
      'flows/procedures/faire.yaml': 'title: Faire\nsteps: [{ text: Faire. }]\n',
    });
    expect(diagnostics.map((d) => d.code)).toEqual(['too-many-paths']);
    const checked = summaries[0]!.paths;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThan(10_000);
    expect(diagnostics[0]!.message.replace(/\u00a0/g, ' ')).toContain(`seuls les ${checked.toLocaleString('fr-FR').replace(/\s/g, ' ')} premiers l’ont été`);
  });
});
