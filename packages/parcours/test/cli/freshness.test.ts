/** `parcours check` and review dates: a fixture checked long ago gets a warning, per owner, through the real CLI. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { isoDay } from '../../src/core/freshness.ts';
import { cli, parseReported } from '../helpers/cli.ts';

function fixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-cli-fraicheur-'));
  mkdirSync(join(dir, 'flows', 'procedures'), { recursive: true });
  // A whole content project, public address included: the review warnings are its only remarks.
  writeFileSync(join(dir, 'parcours.yaml'), 'site:\n  name: Aide\n  url: https://aide.exemple.test/\npublisher:\n  name: Service des guides\n');
  // A month ago, whatever day the test runs: never due with a 12-month threshold.
  const now = new Date();
  const recent = isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)));
  writeFileSync(join(dir, 'flows', 'guide.yaml'), `title: Guide\nowner: Service des guides\nreviewed: 2019-03-01\nstart: fin\nnodes:\n  fin: { success: Fini }\n`);
  writeFileSync(join(dir, 'flows', 'procedures', 'etapes.yaml'), `title: Étapes\nsteps:\n  - text: Faire.\nreviewed: ${recent}\nowner: Service des guides\n`);
  writeFileSync(join(dir, 'flows', 'procedures', 'orpheline.yaml'), `title: Orpheline\nsteps:\n  - text: Faire.\nreviewed: 2020-07-14\n`);
  return dir;
}

it('warns about pages reviewed more than 12 months ago, with their owner, and still exits 0', async () => {
  const dir = fixture();
  const run = await cli(['check'], dir);
  expect(run.status).toBe(0);
  const warnings = parseReported(run.stdout).filter((d) => d.code === 'review-overdue');
  expect(warnings.map((w) => [w.file, w.line, w.severity])).toEqual([
    ['flows/guide.yaml', 3, 'attention'],
    ['flows/procedures/orpheline.yaml', 4, 'attention'],
  ]);
  expect(warnings[0]!.message).toContain('1er mars 2019');
  expect(warnings[0]!.message).toContain('responsable\u00a0: Service des guides');
  // Then the list per owner, the pages without one last.
  const list = run.stdout.slice(run.stdout.indexOf('À revérifier'));
  expect(list).toMatch(/^À revérifier \(vérifié il y a plus de 12 mois\), par responsable\u00a0:\n {2}Service des guides\u00a0:\n {4}flows\/guide\.yaml — «\u202fGuide\u202f», vérifié le 1er mars 2019\n {2}Sans responsable/);
  expect(list).toContain('flows/procedures/orpheline.yaml — «\u202fOrpheline\u202f», vérifié le 14 juillet 2020');
  expect(run.stdout).not.toContain('etapes.yaml —');
  expect(run.stdout).toMatch(/aucune erreur, 2 avertissements/);
});

it('gives the overdue pages to tools in JSON', async () => {
  const run = await cli(['check', '--json'], fixture());
  const data = JSON.parse(run.stdout);
  expect(data.ok).toBe(true);
  expect(data.reviews.months).toBe(12);
  expect(data.reviews.overdue.map((p: { id: string; owner?: string }) => [p.id, p.owner])).toEqual([
    ['guide', 'Service des guides'],
    ['orpheline', undefined],
  ]);
});
