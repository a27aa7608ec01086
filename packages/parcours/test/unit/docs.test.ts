/**
 * The documentation holds: every relative link of the README and docs/ leads to a file, and
 * the publishing examples call only commands and scripts that exist.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { expect, it } from 'vitest';
import { ECPS, REPO } from '../helpers/cli.ts';

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

it('the publishing examples check before they build, and call only npm scripts and files that exist', () => {
  const scripts = Object.keys((JSON.parse(readFileSync(join(ECPS, 'package.json'), 'utf8')) as { scripts: object }).scripts);
  for (const example of readdirSync(join(REPO, 'docs', 'exemples'))) {
    const text = readFileSync(join(REPO, 'docs', 'exemples', example), 'utf8');
    const data = parse(text) as unknown;
    expect(data, example).toBeTypeOf('object');
    const commands = [...text.matchAll(/(?:- |run: )(\.\/scripts\/\S+|npm run \S+)/g)].map((m) => m[1]!);
    expect(commands.indexOf('npm run check'), example).toBeGreaterThan(-1);
    expect(commands.indexOf('npm run check'), example).toBeLessThan(commands.indexOf('npm run build'));
    for (const command of commands) {
      if (command.startsWith('npm run ')) expect(scripts, `${example}: ${command}`).toContain(command.slice(8));
      else expect(existsSync(join(REPO, command)), `${example}: ${command}`).toBe(true);
    }
  }
});
