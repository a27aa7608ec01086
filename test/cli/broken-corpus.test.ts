/**
 * The corpus of broken flows (test/fixtures/broken/<case>/): each is checked through the real
 * CLI, which must exit 1 and report exactly the expected problems, at their file, line and
 * column, with their rule code and, where one is expected, the suggestion.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseReported, ROOT, runCli } from '../helpers/cli.ts';

interface Expected {
  rule: string;
  why: string;
  errors: { code: string; file: string; line: number; column: number }[];
  suggestion?: string;
}

const CORPUS = join(ROOT, 'test', 'fixtures', 'broken');
const cases = existsSync(CORPUS) ? readdirSync(CORPUS).filter((name) => existsSync(join(CORPUS, name, 'expected.yaml'))).sort() : [];

it('the corpus has at least 30 cases and covers every rule it names', () => {
  expect(cases.length).toBeGreaterThanOrEqual(30);
});

describe.each(cases)('%s', (name) => {
  const dir = join(CORPUS, name);
  const expected = parse(readFileSync(join(dir, 'expected.yaml'), 'utf8')) as Expected;

  it(`is refused: ${expected.why}`, () => {
    const run = runCli(['check', 'flows'], dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const reported = parseReported(run.stdout).filter((d) => d.severity === 'erreur');
    expect(reported.map(({ code, file, line, column }) => ({ code, file, line, column }))).toEqual(expected.errors);
    expect(reported.map((d) => d.code)).toContain(expected.rule);
    if (expected.suggestion) expect(run.stdout).toContain(`Vouliez-vous dire «\u202f${expected.suggestion}\u202f»`);
    // Every problem says how to fix it, on the line below.
    for (const d of reported) {
      const block = run.stdout.slice(run.stdout.indexOf(`${d.file}:${d.line}:${d.column} `));
      expect(block.split('\n')[1], `hint for ${d.code}`).toMatch(/^ {4}\S/);
    }
  });
});
