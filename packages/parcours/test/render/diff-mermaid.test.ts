/**
 * The diagrams of `parcours diff --markdown` through Mermaid itself, in Chromium: its parser
 * accepts each of them (what GitHub and GitLab run before drawing a comment's diagram), and
 * the drawing marks the changed nodes with their class and their word.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { closeKeptRenderer, parseWithMermaid, renderDiagrams } from '../../src/render/mermaid-svg.ts';
import { runCli } from '../helpers/cli.ts';
import { gitProject, removeGitProjects } from '../helpers/git-project.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'parcours-diff-diagrams-'));
afterAll(async () => {
  removeGitProjects();
  rmSync(cacheDir, { recursive: true, force: true });
  await closeKeptRenderer();
});

/** A branch that changes several things at once, one of its questions hostile to every syntax around it. */
function changedProject() {
  const p = gitProject();
  p.edit('flows/activation.yaml', '      - label: Non\n        next: aide-carte', '      - label: Non\n        next: aide-appli');
  p.edit('flows/activation.yaml', 'question: Mon ordinateur est équipé d’un lecteur de carte ?', 'question: "Lecteur ? ``` %%{init: {}}%% ; click n0 href \\"https://x.fr\\" @moi #1 ~~a~~ **b** a < b"');
  p.edit('flows/activation.yaml', '      - label: De l’appli e-CPS\n        next: aide-appli', '      - label: De l’appli e-CPS\n        next: aide-appli\n      - label: Je ne sais pas\n        next: ne-sait-pas');
  p.edit('flows/activation.yaml', '  succes:\n', '  ne-sait-pas:\n    success: Relancez l’appli, puis recommencez\n  succes:\n');
  p.write('flows/reactivation.yaml', 'title: Réactiver ma e-CPS\nstart: fin\nnodes:\n  fin:\n    success: Rien à faire\n');
  p.commit('Plusieurs changements');
  return p;
}

it('Mermaid’s own parser accepts every diagram of the Markdown, and the drawing shows the marks', { timeout: 300_000 }, async () => {
  const run = runCli(['diff', '--markdown'], changedProject().dir);
  expect(run.status, run.stderr).toBe(0);
  const diagrams = [...run.stdout.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  expect(diagrams).toHaveLength(2);
  expect(await parseWithMermaid(diagrams)).toEqual([undefined, undefined]);

  const { svgs } = await renderDiagrams(
    diagrams.map((text, i) => ({ id: `diff-${i}`, text })),
    { cacheDir },
  );
  const svg = svgs.get('diff-0')!;
  // Each drawn node: its classes, and its text (from its group to the next node's).
  const nodes = svg
    .split('<g class="node ')
    .slice(1)
    .map((part) => ({ classes: part.slice(0, part.indexOf('"')).split(' '), text: part.slice(part.indexOf('>') + 1).replace(/<[^>]+>/g, '') }));
  const marked = (mark: string) => nodes.filter((n) => n.classes.includes(mark)).map((n) => n.text.slice(0, n.text.indexOf(']') + 1));
  expect(marked('diffAdded')).toEqual(['[nouveau]']);
  expect(marked('diffRerouted')).toEqual(['[réorienté]', '[réorienté]']);
  expect(marked('diffChanged')).toEqual(['[modifié]']);
  // The hostile question is drawn as text: no link, no directive taken from it.
  expect(svg).not.toMatch(/href="https:\/\/x\.fr"|<script/);
});
