/**
 * The largest journey the check accepts (LIMITS: 300 nodes, labels and questions near their
 * length limits) is drawn whole by the real renderer: past Mermaid's own limit on a diagram's
 * text, with every node and the last one's label. (A bound on the pages' JavaScript heap, tried
 * to save memory, would have to hold such a journey: docs/mesures.md.)
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { stringify } from 'yaml';
import { hasErrors, loadFlows } from '../../src/core/index.ts';
import { LIMITS } from '../../src/core/limits.ts';
import { flowToMermaid } from '../../src/core/mermaid.ts';
import { renderDiagrams } from '../../src/render/mermaid-svg.ts';
import { TOOLKIT } from '../helpers/cli.ts';

/** A sentence repeated to `length` characters, cut at a space. */
const text = (start: string, length: number) => {
  const sentence = ' Le professionnel de santé vérifie sa carte CPS, son application e-CPS et son adresse électronique.';
  let out = start;
  while (out.length + sentence.length <= length) out += sentence;
  return out;
};

it('the largest journey the check accepts is drawn whole', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-largest-'));
  cpSync(join(TOOLKIT, 'test', 'fixtures', 'base', 'flows', 'contacts'), join(dir, 'contacts'), { recursive: true });
  // A tree: each question leads to two nodes, the first to a third as well when the count is
  // even; the last half are ends (a success or a contact).
  const questions = Math.floor((LIMITS.nodes - 1) / 2);
  const third = LIMITS.nodes % 2 === 0 ? [`n${LIMITS.nodes - 1}`] : [];
  const nodes: Record<string, unknown> = {};
  for (let i = 0; i < LIMITS.nodes; i++) {
    const id = `n${i}`;
    if (i < questions)
      nodes[id] = {
        question: `${text(`Question ${i} :`, 900)} ?`,
        answers: [`n${2 * i + 1}`, `n${2 * i + 2}`, ...(i === 0 ? third : [])].map((next, branch) => ({ label: text(`Réponse ${branch + 1}.`, LIMITS.line - 10), next })),
      };
    else if (i % 2 === 0) nodes[id] = { success: text(`Fin ${i}.`, LIMITS.line - 10) };
    else nodes[id] = { support: text(`Appel ${i}.`, LIMITS.line - 10), contacts: ['service-cartes'] };
  }
  writeFileSync(join(dir, 'grand.yaml'), stringify({ title: 'Le plus grand parcours accepté', start: 'n0', nodes }, { lineWidth: 0 }));

  const { project, diagnostics } = loadFlows(dir);
  expect(hasErrors(diagnostics), JSON.stringify(diagnostics.slice(0, 3))).toBe(false);
  const flow = project.flows.get('grand')!;
  expect(flow.nodes.size).toBe(LIMITS.nodes);
  const diagram = flowToMermaid(flow, project);
  // Past Mermaid's own limit on a diagram's text (50,000 characters: mermaid-page.ts).
  expect(diagram.length).toBeGreaterThan(50_000);

  const { svgs, stats } = await renderDiagrams([{ id: 'grand', text: diagram }], { cacheDir: mkdtempSync(join(tmpdir(), 'parcours-largest-cache-')) });
  expect(stats.rendered).toBe(1);
  const svg = svgs.get('grand')!;
  // Every node drawn, the last one's label included.
  expect(svg.match(/<g class="node /g)?.length).toBe(LIMITS.nodes);
  // (Its words, tags and spaces aside: Mermaid breaks a long label into lines.)
  const words = svg.replace(/<[^>]+>/g, '').replace(/\s/g, '');
  expect(words).toContain(`${(LIMITS.nodes - 1) % 2 === 0 ? 'Fin' : 'Appel'}${LIMITS.nodes - 1}.`);
});
