/**
 * The corpus of broken projects: one small valid project (test/fixtures/base/) and, per case,
 * an overlay (test/fixtures/broken/<case>/) holding only the files the case changes or adds,
 * and its expected.yaml (files to delete, and what must be reported). Each case is laid out
 * in a temporary folder and checked by the real `parcours check`, run in-process, which must report exactly the
 * expected problems, at their file, line and column, with their rule code, the suggestion
 * and the French advice where one is expected, and how to fix each on the line below.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, ftruncateSync, closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BUILD_ONLY_CODES, DIAGNOSTIC_CODES } from '../../src/core/diagnostics.ts';
import { RENAMED_FIELDS } from '../../src/core/format-changes.ts';
import { cli, parseReported, TOOLKIT } from '../helpers/cli.ts';

interface ExpectedProblem {
  code: string;
  file: string;
  line: number;
  column: number;
  /** Words the message or its advice must hold (spaces compared loosely: French spacing). */
  advice?: string | string[];
}

interface Expected {
  rule: string;
  why: string;
  /** Files of the base project that the case removes. */
  delete?: string[];
  /** Links to create (path → target), for what git should not hold as a file. */
  symlinks?: Record<string, string>;
  /** Files of that many bytes, sparse (nothing on disk), for what git should not hold either. */
  sparse?: Record<string, number>;
  errors: ExpectedProblem[];
  warnings?: ExpectedProblem[];
  /** The command line, when not `check flows` (e.g. `[check]`: the whole project, parcours.yaml included). */
  command?: string[];
  /** Environment variables set for the command (e.g. SOURCE_DATE_EPOCH). */
  env?: Record<string, string>;
  /** Special files to create (path → `fifo`, or a folder), for what git cannot hold. */
  special?: Record<string, 'fifo' | 'folder'>;
  /** The value suggested ("Vouliez-vous dire … ?"); false: none may be (nothing close exists). */
  suggestion?: string | false;
}

const BASE = join(TOOLKIT, 'test', 'fixtures', 'base');
const CORPUS = join(TOOLKIT, 'test', 'fixtures', 'broken');
const cases = readdirSync(CORPUS)
  .filter((name) => existsSync(join(CORPUS, name, 'expected.yaml')))
  .sort();
const expectations = new Map(cases.map((name) => [name, parse(readFileSync(join(CORPUS, name, 'expected.yaml'), 'utf8')) as Expected]));

/** The base project with the case's overlay on top, in a fresh temporary folder. */
function materialise(name: string, expected: Expected): string {
  const dir = mkdtempSync(join(tmpdir(), `parcours-broken-${name}-`));
  cpSync(BASE, dir, { recursive: true });
  for (const entry of readdirSync(join(CORPUS, name))) {
    if (entry !== 'expected.yaml') cpSync(join(CORPUS, name, entry), join(dir, entry), { recursive: true });
  }
  for (const path of expected.delete ?? []) {
    // A stale deletion (the base changed) must not pass silently.
    expect(existsSync(join(dir, path)), `${path} to delete`).toBe(true);
    rmSync(join(dir, path), { recursive: true });
  }
  for (const [path, target] of Object.entries(expected.symlinks ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    symlinkSync(target, join(dir, path));
  }
  for (const [path, kind] of Object.entries(expected.special ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    if (kind === 'folder') mkdirSync(join(dir, path));
    else execFileSync('mkfifo', [join(dir, path)]);
  }
  for (const [path, size] of Object.entries(expected.sparse ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    const fd = openSync(join(dir, path), 'w');
    ftruncateSync(fd, size);
    closeSync(fd);
  }
  return dir;
}

const loose = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

/** The lines of one reported problem: its first line, then its indented suggestion and advice. */
function block(stdout: string, p: ExpectedProblem): string {
  const lines = stdout.split('\n');
  const first = lines.findIndex((l) => l.startsWith(`${p.file}:${p.line}:${p.column} `) && l.endsWith(`[${p.code}]`));
  if (first === -1) return '';
  let last = first + 1;
  while (last < lines.length && lines[last]!.startsWith('    ')) last++;
  return lines.slice(first, last).join('\n');
}

it('the base project is valid: every case’s problems are its own', async () => {
  const run = await cli(['check', 'flows'], BASE);
  expect(run.stderr).toBe('');
  expect(parseReported(run.stdout)).toEqual([]);
  expect(run.status).toBe(0);
});

it('every diagnostic code has at least one broken case', () => {
  const covered = new Set([...expectations.values()].flatMap((e) => [...e.errors, ...(e.warnings ?? [])].map((p) => p.code)));
  // A sheet longer than two pages is measured when printing: test/pdf proves that one. A
  // renamed field needs a rename in the format's history: its case comes with the first one.
  // A page that cannot be parsed for want of satteri happens only in the .vsix's one-file
  // server: test/editor/lsp-vsix.test.ts proves that one.
  const pending = new Set<string>([...(RENAMED_FIELDS.length ? [] : ['schema-renamed-field']), 'page-parser-missing']);
  expect(DIAGNOSTIC_CODES.filter((code) => !covered.has(code) && !BUILD_ONLY_CODES.has(code) && !pending.has(code))).toEqual([]);
  // And no case expects a code that does not exist.
  expect([...covered].filter((code) => !(DIAGNOSTIC_CODES as readonly string[]).includes(code))).toEqual([]);
});

describe.each(cases)('%s', (name) => {
  const expected = expectations.get(name)!;

  it(`is refused: ${expected.why}`, async () => {
    const dir = materialise(name, expected);
    const run = await cli(expected.command ?? ['check', 'flows'], dir, expected.env);
    rmSync(dir, { recursive: true });
    expect(run.stderr).toBe('');
    const reported = parseReported(run.stdout);
    const place = ({ code, file, line, column }: { code: string; file: string; line: number; column: number }) => ({ code, file, line, column });
    expect(reported.filter((d) => d.severity === 'erreur').map(place)).toEqual(expected.errors.map(place));
    expect(reported.filter((d) => d.severity === 'attention').map(place)).toEqual((expected.warnings ?? []).map(place));
    expect(run.status).toBe(expected.errors.length ? 1 : 0);
    expect(reported.map((d) => d.code)).toContain(expected.rule);
    if (expected.suggestion) expect(run.stdout).toContain(`Vouliez-vous dire «\u202f${expected.suggestion}\u202f»`);
    if (expected.suggestion === false) expect(run.stdout).not.toContain('Vouliez-vous dire');
    for (const p of [...expected.errors, ...(expected.warnings ?? [])]) {
      const lines = block(run.stdout, p);
      // Every problem says how to fix it, on the line below.
      expect(lines.split('\n')[1], `hint for ${p.code}`).toMatch(/^ {4}\S/);
      for (const words of [p.advice ?? []].flat()) expect(loose(lines), `advice for ${p.code}`).toContain(loose(words));
    }
  });
});
