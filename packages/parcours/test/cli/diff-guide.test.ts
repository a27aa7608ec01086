/**
 * The example of « Relire une modification » in the editor's guide is real: its change
 * (```diff relecture), applied with `git apply` to the guide's example project in a git
 * repository, makes `parcours diff` print what the guide shows (```text relecture=diff).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { gitProject, removeGitProjects } from '../helpers/git-project.ts';
import { blocks, writeGuideProject } from '../helpers/guide.ts';

afterAll(removeGitProjects);

// French spacing and the commit's short name are not written in the guide as printed.
const comparable = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ').replace(/branche, [0-9a-f]{7}\)/, 'branche, <commit>)');

it('the guide’s review example prints what the guide shows', { timeout: 180_000 }, () => {
  const change = blocks.find((b) => b.language === 'diff' && 'relecture' in b.attributes);
  const shown = blocks.find((b) => b.language === 'text' && b.attributes.relecture === 'diff');
  expect(change, 'a ```diff relecture block').toBeDefined();
  expect(shown, 'a ```text relecture=diff block').toBeDefined();
  const p = gitProject(writeGuideProject);
  writeFileSync(join(p.dir, '.git', 'modification.patch'), change!.text);
  p.git('apply', join(p.dir, '.git', 'modification.patch'));
  p.commit('La modification de l’éditrice');
  const run = runCli(['diff'], p.dir);
  expect(run.status, run.stderr).toBe(0);
  expect(comparable(run.stdout)).toBe(comparable(shown!.text));
});
