/** `parcours init <dir>`: a new content project that passes `check` as it is, every setting explained. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expect, it } from 'vitest';
import { configSchema } from '../../src/core/schema/config.ts';
import { parseReported, runCli, TOOLKIT } from '../helpers/cli.ts';

it('creates a project with a commented parcours.yaml, a journey, a procedure, contacts and a brand, that passes check', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'parcours-init-')), 'mon-projet');
  const init = runCli(['init', dir]);
  expect(init.status, init.stderr).toBe(0);
  expect(init.stdout).toContain('Projet créé');
  const config = readFileSync(join(dir, 'parcours.yaml'), 'utf8');
  // Every setting of the schema is present (set or commented out) and explained by a comment above it.
  for (const [section, schema] of Object.entries(configSchema.properties as Record<string, { properties: object }>)) {
    expect(config).toMatch(new RegExp(`^${section}:`, 'm'));
    for (const key of Object.keys(schema.properties)) {
      expect(config, `${section}.${key}`).toMatch(new RegExp(`^ +# .+\\n(?: +# .*\\n)* +#? ?${key}:`, 'm'));
    }
  }
  expect(parse(config).publisher.name).toBeTruthy();
  const check = runCli(['check', '--content', dir]);
  expect(check.status, check.stdout).toBe(0);
  // The only remark: no public address yet (none is invented).
  expect(parseReported(check.stdout).map((d) => d.code)).toEqual(['site-url-missing']);
  expect(check.stdout).toMatch(/connexion\s:\s\d+\snœuds/);
});

it('makes a repository of its own: package.json on this version of the toolkit, .gitignore, README, VS Code tasks, CI examples', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'parcours-init-')), 'Aide Région');
  expect(runCli(['init', dir]).status).toBe(0);
  const toolkit = JSON.parse(readFileSync(join(TOOLKIT, 'package.json'), 'utf8')) as { version: string };
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; private: boolean; scripts: Record<string, string>; dependencies: Record<string, string> };
  expect(pkg).toMatchObject({ name: 'aide-region', private: true, dependencies: { parcours: toolkit.version } });
  for (const [script, command] of Object.entries(pkg.scripts)) expect(command, script).toBe(`parcours ${script}`);
  expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['check', 'build', 'dev', 'diff']));
  expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/^node_modules\/$/m);
  expect(existsSync(join(dir, 'gitignore'))).toBe(false);
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  expect(readme).toContain('# aide-region');
  expect(readme).toContain(`version ${toolkit.version}`);
  expect(readme).not.toContain('{{');
  const tasks = JSON.parse(readFileSync(join(dir, '.vscode', 'tasks.json'), 'utf8')) as { tasks: { label: string; command: string; problemMatcher: unknown[] }[] };
  expect(tasks.tasks.find((t) => t.label === 'parcours check --watch')).toMatchObject({ command: 'npm run --silent check -- --watch' });
  for (const file of ['.vscode/settings.json', '.vscode/extensions.json', '.github/workflows/publier.yml', '.gitlab-ci.yml']) expect(existsSync(join(dir, file)), file).toBe(true);
});

it('refuses a folder that is not empty, and a missing folder name (exit 2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-init-'));
  expect(runCli(['init', dir]).status).toBe(0);
  const again = runCli(['init', dir]);
  expect(again.status).toBe(2);
  expect(again.stderr).toContain('n’est pas vide');
  expect(runCli(['init']).status).toBe(2);
});
