/** A project made by `parcours init` builds as it is, through the real build command. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runBuild } from '../helpers/build.ts';
import { runCli } from '../helpers/cli.ts';

it('parcours init, then parcours build: the site, the diagram and the sheets', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'parcours-init-')), 'projet');
  expect(runCli(['init', dir]).status).toBe(0);
  const out = join(dir, 'dist');
  const run = runBuild(dir, out);
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.summary?.totals).toMatchObject({ flows: 1, procedures: 1, diagrams: 1, sheets: 1 });
  for (const file of ['index.html', 'parcours/connexion/index.html', 'diagrams/connexion.svg', 'fiches/reinitialiser-mot-de-passe.pdf', 'fiches/recueil.pdf']) {
    expect(existsSync(join(out, file)), file).toBe(true);
  }
}, 240_000);
