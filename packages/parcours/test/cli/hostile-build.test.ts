/**
 * `parcours build` refuses, before any costly stage, what a hostile or hurried contributor can
 * hand it: an unusable SOURCE_DATE_EPOCH, a review date in the future, an MDX page that holds
 * code (which must never run: the page below would leave a file behind if it did), and a
 * content project whose files lead outside it. Each refusal is in French, exits 1, and leaves
 * the last good output untouched.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildArgs, buildEnv, contentProject } from '../helpers/build.ts';
import { ROOT } from '../helpers/cli.ts';

/** A build of `project` into an output folder that holds a last good build; what it printed, and whether that output is untouched. */
function build(project: string, env: Record<string, string> = {}) {
  const out = join(mkdtempSync(join(tmpdir(), 'parcours-refused-')), 'dist');
  mkdirSync(out);
  writeFileSync(join(out, 'index.html'), 'dernière bonne version');
  const run = spawnSync(process.execPath, buildArgs(project, out), { cwd: ROOT, encoding: 'utf8', env: buildEnv(env), timeout: 120_000 });
  const untouched = readdirSync(out).join() === 'index.html' && readFileSync(join(out, 'index.html'), 'utf8') === 'dernière bonne version';
  return { ...run, untouched };
}

it('SOURCE_DATE_EPOCH=abc is refused, not ignored', () => {
  const run = build(contentProject(), { SOURCE_DATE_EPOCH: 'abc' });
  expect(run.status).toBe(1);
  expect(run.stderr.replace(/\u00a0/g, ' ')).toContain('SOURCE_DATE_EPOCH:1:1 erreur La variable d’environnement SOURCE_DATE_EPOCH vaut «\u202fabc\u202f» : ce n’est pas un nombre entier de secondes');
  expect(run.untouched).toBe(true);
});

it('a review date in the future is refused at its line', () => {
  const project = contentProject();
  const file = join(project, 'flows', 'activation.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^reviewed: .*$/m, 'reviewed: 2099-12-31'));
  const run = build(project);
  expect(run.status).toBe(1);
  expect(run.stdout).toMatch(/^flows\/activation\.yaml:3:1 erreur La date de vérification «\u202f2099-12-31\u202f» est dans le futur\. \[review-date-invalid\]$/m);
  expect(run.untouched).toBe(true);
});

it('an MDX page that holds code is refused before Astro sees it: the code never runs', () => {
  const marker = join(mkdtempSync(join(tmpdir(), 'parcours-marker-')), 'execute');
  const project = contentProject({
    files: {
      'content/piege.mdx': `---\ntitle: Piège\n---\n\nimport fs from 'node:fs'\nexport const fait = fs.writeFileSync(${JSON.stringify(marker)}, 'exécuté')\n\nTexte.\n`,
    },
  });
  const run = build(project);
  expect(run.status).toBe(1);
  expect(run.stdout).toMatch(/^content\/piege\.mdx:5:1 erreur La page contient du code .*import et export ne sont pas permis\. \[page-code\]$/m);
  expect(run.stderr).toContain('les parcours contiennent des erreurs');
  expect(existsSync(marker)).toBe(false);
  expect(run.untouched).toBe(true);
});

it('a flow, a picture and a page linked from outside the project are refused, and nothing of them is read', () => {
  const project = contentProject();
  symlinkSync('/etc/passwd', join(project, 'flows', 'passwd.yaml'));
  symlinkSync('/etc/passwd', join(project, 'content', 'passwd.mdx'));
  const procedure = join(project, 'flows', 'procedures', 'activation-carte.yaml');
  writeFileSync(procedure, readFileSync(procedure, 'utf8').replace(/^steps:\n  - /m, 'steps:\n  - pictures:\n      - { view: mobile, src: ../../content/passwd.png, alt: Écran }\n    '));
  symlinkSync('/etc/passwd', join(project, 'content', 'passwd.png'));
  const run = build(project);
  expect(run.status).toBe(1);
  const refused = [...run.stdout.matchAll(/^(\S+):\d+:\d+ erreur .* \[([a-z-]+)\]$/gm)].map((m) => [m[1], m[2]]);
  expect(refused).toEqual([
    ['content/passwd.mdx', 'file-outside-project'],
    ['flows/passwd.yaml', 'file-outside-project'],
    ['flows/procedures/activation-carte.yaml', 'picture-outside-project'],
  ]);
  expect(run.stdout + run.stderr).not.toContain(readFileSync('/etc/passwd', 'utf8').split('\n')[0]!);
  expect(run.untouched).toBe(true);
});
