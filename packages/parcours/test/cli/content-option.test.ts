/** Every command takes a content project with --content, from any folder; parcours.yaml is checked like a flow. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentProject } from '../helpers/build.ts';
import { cli, parseReported, TOOLKIT } from '../helpers/cli.ts';

const OUEST = join(TOOLKIT, 'test', 'fixtures', 'agence-ouest');
const elsewhere = mkdtempSync(join(tmpdir(), 'parcours-cwd-'));

describe('--content', () => {
  it('check, paths and graph read the project given, wherever they are run from', async () => {
    const check = await cli(['check', '--content', OUEST], elsewhere);
    expect(check.status, check.stdout).toBe(0);
    expect(check.stdout).toContain('partage');
    expect(check.stdout).not.toContain('activation');
    const paths = await cli(['paths', 'partage', '--content', OUEST], elsewhere);
    expect(paths.status, paths.stderr).toBe(0);
    expect(paths.stdout).toContain('Avez-vous un compte sur l’agenda partagé');
    const graph = await cli(['graph', 'partage', '--content', OUEST], elsewhere);
    expect(graph.status, graph.stderr).toBe(0);
    expect(graph.stdout).toMatch(/^flowchart TD/);
  });

  it('without --content, the current folder is the project', async () => {
    const run = await cli(['check'], OUEST);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('partage');
  });

  it('a folder without parcours.yaml cannot be built: the message says how to start one (exit 2)', async () => {
    const run = await cli(['build', '--content', elsewhere, '--out', join(elsewhere, 'dist')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('parcours.yaml');
    expect(run.stderr).toContain('parcours init');
  });
});

describe('parcours.yaml is checked like a flow', () => {
  it('an unknown setting: its place, a French message and the setting probably meant', async () => {
    const dir = contentProject({ config: 'site:\n  name: Aide\n  descripton: Une aide.\npublisher:\n  name: Moi\n' });
    const run = await cli(['check', '--content', dir]);
    expect(run.status).toBe(1);
    const reported = parseReported(run.stdout);
    expect(reported).toContainEqual(expect.objectContaining({ file: join(dir, 'parcours.yaml'), line: 3, column: 3, code: 'schema-unknown-field' }));
    expect(run.stdout).toContain('Vouliez-vous dire «\u202fdescription\u202f»');
  });

  it('a public address that is not https is refused, with the https one suggested', async () => {
    const dir = contentProject({ config: 'site:\n  name: Aide\n  url: http://aide.exemple.test/\npublisher:\n  name: Moi\n' });
    const run = await cli(['check', '--content', dir]);
    expect(run.status).toBe(1);
    expect(parseReported(run.stdout)).toContainEqual(expect.objectContaining({ line: 3, column: 8, code: 'invalid-url' }));
    expect(run.stdout).toContain('https://aide.exemple.test/');
  });

  it('a missing publisher is reported at the top of the file', async () => {
    const dir = contentProject({ config: 'site:\n  name: Aide\n' });
    const run = await cli(['check', '--content', dir]);
    expect(run.status).toBe(1);
    expect(parseReported(run.stdout).map((d) => d.code)).toContain('schema-missing-field');
    expect(run.stdout).toContain('publisher');
  });
});
