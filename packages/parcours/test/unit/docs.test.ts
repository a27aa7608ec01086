/**
 * The documentation holds: every relative link of the README and docs/ leads to a file, and
 * the CI examples that `parcours init` writes call only commands and scripts that exist in
 * the project it creates, checking before building.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.ts';
import { PROJECT_SCRIPTS } from '../../src/cli/commands/init.ts';
import { REPO, TOOLKIT } from '../helpers/cli.ts';

const docs = ['README.md', ...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

it('every relative link of the README and docs/ leads to an existing file', () => {
  const broken: string[] = [];
  for (const doc of docs) {
    for (const [, target] of readFileSync(join(REPO, doc), 'utf8').matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      if (!existsSync(join(REPO, dirname(doc), target!))) broken.push(`${doc} → ${target}`);
    }
  }
  expect(broken).toEqual([]);
});

it('the CI examples of a new project install, check before they build, and call only scripts and commands that exist', () => {
  const template = join(TOOLKIT, 'templates', 'nouveau-projet');
  for (const example of ['.github/workflows/publier.yml', '.gitlab-ci.yml']) {
    const text = readFileSync(join(template, example), 'utf8');
    expect(parse(text) as unknown, example).toBeTypeOf('object');
    const commands = [...text.matchAll(/(?:- |run: )((?:npm|npx) [^\n#]+)/g)].map((m) => m[1]!.trim());
    expect(commands[0], example).toBe('npm ci');
    expect(commands.indexOf('npm run check'), example).toBeGreaterThan(-1);
    expect(commands.indexOf('npm run check'), example).toBeLessThan(commands.indexOf('npm run build'));
    for (const command of commands) {
      const script = /^npm run (\S+)/.exec(command)?.[1];
      if (script) expect(Object.keys(PROJECT_SCRIPTS), `${example}: ${command}`).toContain(script);
      const sub = /^npx parcours (\S+)/.exec(command)?.[1];
      if (sub) expect(COMMANDS, `${example}: ${command}`).toContain(sub);
    }
  }
});
