/**
 * The build's parses kept on disk (src/stages/parse-cache.ts): a second load reads the data of
 * unchanged files from the cache, and is the same load as a fresh one, problems and their
 * places included; whatever is damaged in the cache is parsed again.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlows, type LoadResult } from '../../src/core/load.ts';
import { parseYaml } from '../../src/core/yaml.ts';
import { diskParses } from '../../src/stages/parse-cache.ts';
import { ECPS, TOOLKIT } from '../helpers/cli.ts';
import { writeProject } from '../helpers/project.ts';

const ADVERSARIAL = join(TOOLKIT, 'test', 'fixtures', 'adversarial');
const yamlFiles = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).length;
/** Everything a load gives that a later stage reads. */
const essence = (load: LoadResult) =>
  JSON.stringify({
    diagnostics: load.diagnostics,
    summaries: load.summaries,
    flows: [...load.project.flows.values()],
    procedures: [...load.project.procedures.values()],
    contacts: [...load.project.contacts.values()],
    brands: [...load.project.brands.values()],
  });

describe('parses kept on disk between builds', () => {
  it.each([
    ['the e-CPS guides', ECPS],
    ['a project full of mistakes (errors and warnings at their line and column)', ADVERSARIAL],
  ])('%s: the second load reads every file that parsed from the cache, and is the same load', (_, project) => {
    const flows = join(project, 'flows');
    const cache = mkdtempSync(join(tmpdir(), 'parcours-parses-'));
    const fresh = loadFlows(flows, { cwd: project });
    const first = diskParses(cache);
    expect(essence(loadFlows(flows, { cwd: project, parses: first }))).toBe(essence(fresh));
    expect(first.reused).toBe(0);
    const kept = readdirSync(cache).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(yamlFiles(flows));

    const second = diskParses(cache);
    const again = loadFlows(flows, { cwd: project, parses: second });
    expect(second.reused).toBe(kept);
    expect(essence(again)).toBe(essence(fresh));
    // A place asked after the load (a sheet too long, found when printing) is the parser's own.
    const origin = [...fresh.project.flows.values()][0]!.origin;
    expect(again.locate(origin, { key: true })).toEqual(fresh.locate(origin, { key: true }));
  });

  it('values JSON cannot hold come back as the parser gave them', () => {
    const text = 'infini: .inf\nmoins: -.inf\nnan: .nan\nzero: -0\n__proto__: pollué\nliste: [1, "deux", null, true]\n';
    const parsed = parseYaml('a.yaml', text);
    expect(parsed.ok).toBe(true);
    const cache = mkdtempSync(join(tmpdir(), 'parcours-parses-'));
    diskParses(cache).set('a.yaml', text, parsed);
    const back = diskParses(cache).get('a.yaml', text);
    expect(back?.ok).toBe(true);
    const data = (back as { ok: true; parsed: { data: Record<string, unknown> } }).parsed.data;
    const original = (parsed as { ok: true; parsed: { data: Record<string, unknown> } }).parsed.data;
    expect(data.infini).toBe(Infinity);
    expect(data.moins).toBe(-Infinity);
    expect(data.nan).toBeNaN();
    expect(Object.is(data.zero, original.zero)).toBe(true);
    expect(Object.hasOwn(data, '__proto__')).toBe(Object.hasOwn(original, '__proto__'));
    expect(Object.getPrototypeOf(data)).toBe(Object.getPrototypeOf(original));
    expect(({} as Record<string, unknown>).pollué).toBeUndefined();
    expect(data.liste).toEqual([1, 'deux', null, true]);
  });

  it('a damaged entry is parsed again, a file that does not parse is not kept, and entries no load used are pruned', () => {
    const project = writeProject({
      'flows/a.yaml': 'id: a\ntitle: A\nstart: q\nnodes:\n  q:\n    type: end\n    outcome: success\n    title: Fini\n',
      'flows/casse.yaml': 'id: casse\ntitle: "pas fermé\n',
    });
    const flows = join(project, 'flows');
    const cache = mkdtempSync(join(tmpdir(), 'parcours-parses-'));
    const fresh = loadFlows(flows, { cwd: project });
    loadFlows(flows, { cwd: project, parses: diskParses(cache) });
    const entries = readdirSync(cache);
    // The broken file is not kept: its messages are made anew at every load.
    expect(entries).toHaveLength(1);
    writeFileSync(join(cache, entries[0]!), 'coupé');
    const damaged = diskParses(cache);
    expect(essence(loadFlows(flows, { cwd: project, parses: damaged }))).toBe(essence(fresh));
    expect(damaged.reused).toBe(0);

    writeFileSync(join(cache, `${'0'.repeat(64)}.v8`), 'ancien');
    const pruned = diskParses(cache);
    loadFlows(flows, { cwd: project, parses: pruned });
    expect(pruned.reused).toBe(1);
    pruned.prune();
    expect(readdirSync(cache)).toEqual(entries);
  });
});
