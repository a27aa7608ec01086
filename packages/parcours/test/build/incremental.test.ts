/** `npm run build` redoes only what changed: nothing when nothing did, one diagram for one flow. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { contentProject, runBuild } from '../helpers/build.ts';

const stage = (run: ReturnType<typeof runBuild>, id: string) => run.summary?.stages.find((s) => s.id === id)?.counts;

it('a rebuild with nothing changed redoes nothing; after editing one flow, only its diagram is drawn again', () => {
  const project = contentProject();
  const flows = join(project, 'flows');
  const tmp = mkdtempSync(join(tmpdir(), 'parcours-incr-'));
  const cache = join(tmp, 'cache');
  const out = join(tmp, 'dist');
  const build = (dir: string, env: Record<string, string>) => runBuild(project, dir, { env });

  const first = build(out, { PARCOURS_CACHE: cache });
  expect(first.status, first.stderr).toBe(0);
  expect(first.summary?.modelLoads).toBe(1);
  expect(stage(first, 'diagrams')).toEqual({ diagrams: 3, rendered: 3, reused: 0, browsers: 1 });
  const index = readFileSync(join(out, 'index.html'));

  const second = build(out, { PARCOURS_CACHE: cache });
  expect(second.status).toBe(0);
  expect(second.summary?.upToDate).toBe(true);
  expect(second.stdout).toContain('Rien n’a changé depuis la dernière construction');
  expect(readFileSync(join(out, 'index.html')).equals(index)).toBe(true);

  const file = join(flows, 'suppression.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('question: Depuis quel appareil ?', 'question: Depuis quel appareil voulez-vous supprimer votre e-CPS ?'));
  const third = build(out, { PARCOURS_CACHE: cache });
  expect(third.status, third.stderr).toBe(0);
  expect(stage(third, 'diagrams')).toEqual({ diagrams: 3, rendered: 1, reused: 2, browsers: 1 });
  // Every YAML file but the edited one is read from the last build's parses (src/stages/parse-cache.ts).
  expect(stage(first, 'check')?.parsesReused).toBe(0);
  expect(stage(third, 'check')?.parsesReused).toBe(readdirSync(flows, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).length - 1);
  expect(third.summary?.modelLoads).toBe(1);
  expect(readFileSync(join(out, 'parcours', 'suppression', 'appareil', 'index.html'), 'utf8')).toContain('voulez-vous supprimer votre e-CPS');
}, 240_000);
