/**
 * The editor's guide (docs/guide-redaction.md) is proven: its YAML examples are extracted and
 * checked through the real CLI.
 * - ```yaml fichier=<path>: a file of the guide's example project; together they must pass
 *   `parcours check` without a single problem (the images they cite are real PNG files);
 * - ```yaml erreur=<path>: a mistake; the example project with this file must fail, with the
 *   lines of the ```text sortie block that follows, and with problems in that file only;
 * - ```text sortie=<command>: what that command prints on the example project.
 * Every YAML block is one of these: an example nobody checks is not allowed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, parseReported } from '../helpers/cli.ts';
import { blocks, files, writeGuideProject } from '../helpers/guide.ts';

const SLOW = 120_000;

const mistakes = blocks.flatMap((b, i) => (b.language === 'yaml' && b.attributes.erreur ? [{ block: b, shown: blocks[i + 1] }] : []));
const outputs = blocks.filter((b) => b.language === 'text' && b.attributes.sortie);

// French spacing is invisible in the guide's source: compare words, not the kind of space.
const spaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The guide's example project, in a temporary folder. */
function exampleProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-guide-'));
  made.push(dir);
  writeGuideProject(dir);
  return dir;
}

describe('docs/guide-redaction.md', () => {
  it('marks every YAML example as a file or a mistake', () => {
    const unmarked = blocks.filter((b) => b.language === 'yaml' && !b.attributes.fichier && !b.attributes.erreur);
    expect(unmarked.map((b) => `ligne ${b.line}`)).toEqual([]);
  });

  it('has an example of every kind of file and every kind of node', () => {
    const kinds = files.map((f) => f.attributes.fichier!).filter((path) => path.startsWith('flows/')).map((path) => path.replace(/[^/]+\.yaml$/, ''));
    expect(new Set(kinds)).toEqual(new Set(['flows/', 'flows/procedures/', 'flows/contacts/', 'flows/brands/']));
    const nodes = files.flatMap((f) => Object.values((parse(f.text) as { nodes?: Record<string, object> }).nodes ?? {}));
    for (const kind of ['question', 'procedure', 'success', 'support', 'flow']) expect(nodes.some((n) => kind in n), kind).toBe(true);
    const procedure = files.map((f) => parse(f.text) as Record<string, unknown>).find((p) => p.prerequisites && p.outcome && p.links && p.callouts);
    expect(procedure, 'a procedure with prerequisites, callouts, outcome and links').toBeDefined();
    const pictures = (procedure!.steps as { pictures?: { view: string }[] }[]).flatMap((s) => s.pictures ?? []);
    expect(new Set(pictures.map((p) => p.view))).toEqual(new Set(['mobile', 'ordinateur']));
  });

  it('its example project passes parcours check without a single problem, and prints what the guide shows', { timeout: SLOW }, async () => {
    const project = exampleProject();
    const run = await cli(['check'], project);
    expect(parseReported(run.stdout)).toEqual([]);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const shown = outputs.filter((o) => o.attributes.sortie === 'check');
    expect(shown).toHaveLength(1);
    expect(spaces(run.stdout)).toContain(spaces(shown[0]!.text));
  });

  it.each(outputs.filter((o) => !['', 'check'].includes(o.attributes.sortie!)).map((o) => [o.attributes.sortie!, o]))('prints what the guide shows for `%s`', { timeout: SLOW }, async (command, output) => {
    const run = await cli(command.split(' '), exampleProject());
    expect(run.status, run.stderr).toBe(0);
    expect(spaces(run.stdout)).toContain(spaces(output.text));
  });

  it('has at least five mistakes, each followed by what check prints', () => {
    expect(mistakes.length).toBeGreaterThanOrEqual(5);
    for (const { block, shown } of mistakes) expect(shown?.attributes.sortie, `ligne ${block.line}`).toBe('');
  });

  it.each(mistakes.map((m) => [`ligne ${m.block.line}: ${m.block.attributes.erreur}`, m]))('%s fails with the message the guide shows', { timeout: SLOW }, async (_, { block, shown }) => {
    const project = exampleProject();
    writeFileSync(join(project, block.attributes.erreur!), block.text);
    const run = await cli(['check'], project);
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(spaces(run.stdout)).toContain(spaces(shown!.text));
    expect(new Set(parseReported(run.stdout).map((d) => d.file))).toEqual(new Set([block.attributes.erreur]));
  });
});
