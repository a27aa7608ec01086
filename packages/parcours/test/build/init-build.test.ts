/** A project made by `parcours init` builds as it is, through the real build command. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runBuild } from '../helpers/build.ts';
import { cli } from '../helpers/cli.ts';

it('parcours init, then parcours build: the site, the diagram and the sheets, counted in French', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'parcours-init-')), 'projet');
  expect((await cli(['init', dir])).status).toBe(0);
  const out = join(dir, 'dist');
  const run = runBuild(dir, out);
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.summary?.totals).toMatchObject({ flows: 1, procedures: 1, diagrams: 1, sheets: 1 });
  for (const file of ['index.html', 'parcours/connexion/index.html', 'diagrams/connexion.svg', 'fiches/reinitialiser-mot-de-passe.pdf', 'fiches/recueil.pdf']) {
    expect(existsSync(join(out, file)), file).toBe(true);
  }
  // One of each: every count in the singular (the stage lines and the summary).
  expect(run.stdout).toMatch(/\[1\/\d\] .+ : 1 parcours, 1 procédure, 1 contact \(/);
  expect(run.stdout).toMatch(/ : 1 logigramme \(1 dessiné, 0 repris du cache\)/);
  expect(run.stdout).toMatch(/ : 1 fiche et 1 recueil \(2 imprimés, 0 repris du cache\)/);
  expect(run.stdout).toMatch(/✔ .+ : 1 parcours, \d+ pages, 1 logigramme \(0 repris\), 1 fiche et son recueil \(0 PDF repris\) en /);
}, 240_000);
