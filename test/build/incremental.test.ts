/** `npm run build` redoes only what changed: nothing when nothing did, one diagram for one flow. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

const BUILD = join(ROOT, 'scripts', 'build.ts');
const build = (out: string, extra: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BUILD, '--out', out], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...extra } });

it('a rebuild with nothing changed redoes nothing; after editing one flow, only its diagram is drawn again', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'parcours-incr-'));
  const flows = join(tmp, 'flows');
  cpSync(join(ROOT, 'flows'), flows, { recursive: true });
  const cache = join(tmp, 'cache');
  const out = join(tmp, 'dist');

  const first = build(out, { PARCOURS_FLOWS: flows, PARCOURS_CACHE: cache });
  expect(first.status, first.stderr).toBe(0);
  expect(first.stdout).toMatch(/\[2\/5\] Logigrammes : 3 \(3 dessinés, 0 repris du cache\)/);
  const index = readFileSync(join(out, 'index.html'));

  const second = build(out, { PARCOURS_FLOWS: flows, PARCOURS_CACHE: cache });
  expect(second.status).toBe(0);
  expect(second.stdout).toContain('Rien n’a changé depuis la dernière construction');
  expect(readFileSync(join(out, 'index.html')).equals(index)).toBe(true);

  const file = join(flows, 'suppression.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('question: Depuis quel appareil ?', 'question: Depuis quel appareil voulez-vous supprimer votre e-CPS ?'));
  const third = build(out, { PARCOURS_FLOWS: flows, PARCOURS_CACHE: cache });
  expect(third.status, third.stderr).toBe(0);
  expect(third.stdout).toMatch(/\[2\/5\] Logigrammes : 3 \(1 dessinés, 2 repris du cache\)/);
  expect(readFileSync(join(out, 'parcours', 'suppression', 'appareil', 'index.html'), 'utf8')).toContain('voulez-vous supprimer votre e-CPS');
}, 240_000);
