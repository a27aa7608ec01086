/** The `parcours` CLI on the real content and on its own misuse. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlows, simplePaths } from '../../src/core/index.ts';
import { parseReported, ROOT, runCli } from '../helpers/cli.ts';

const { project } = loadFlows(join(ROOT, 'flows'));

describe('parcours check', () => {
  it('passes on flows/ and prints a summary per flow with its node and path counts', () => {
    const run = runCli(['check']);
    expect(run.status).toBe(0);
    for (const flow of project.flows.values()) {
      const paths = simplePaths(flow).paths.length;
      expect(run.stdout).toContain(`${flow.id}\u00a0: ${flow.nodes.size} nœuds, ${paths} chemins`);
    }
    expect(run.stdout).toMatch(/aucune erreur/);
  });

  it('checks one file within its folder, so its references resolve', () => {
    const run = runCli(['check', 'flows/activation.yaml']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('activation\u00a0:');
    expect(run.stdout).not.toContain('suppression\u00a0:');
  });

  it('reports only the named file’s problems', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parcours-cli-'));
    mkdirSync(join(dir, 'flows'));
    writeFileSync(join(dir, 'flows', 'bon.yaml'), 'title: Bon\nstart: ok\nnodes:\n  ok: { success: Fini }\n');
    writeFileSync(join(dir, 'flows', 'mauvais.yaml'), 'title: Mauvais\nstart: nulle-part\nnodes:\n  ok: { success: Fini }\n');
    expect(runCli(['check', 'flows/bon.yaml'], dir).status).toBe(0);
    const bad = runCli(['check', 'flows'], dir);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('flows/mauvais.yaml:2:8 erreur');
  });

  it('gives JSON to tools', () => {
    const run = runCli(['check', '--json']);
    const data = JSON.parse(run.stdout);
    expect(data.ok).toBe(true);
    expect(data.summaries.map((s: { id: string }) => s.id).sort()).toEqual([...project.flows.keys()].sort());
  });

  it('refuses a very large file with one message, without parsing it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parcours-cli-'));
    mkdirSync(join(dir, 'flows'));
    writeFileSync(join(dir, 'flows', 'ok.yaml'), 'title: Bon\nstart: ok\nnodes:\n  ok: { success: Fini }\n');
    // 3,8 MB of plausible YAML: it would parse, slowly; it must be refused before.
    writeFileSync(join(dir, 'flows', 'enorme.yaml'), `title: Énorme\nstart: ok\nnodes:\n${'  # '.padEnd(100, 'x')}\n`.repeat(30_000));
    const run = runCli(['check', 'flows'], dir);
    expect(run.status).toBe(1);
    expect(parseReported(run.stdout).map((d) => [d.file, d.line, d.column, d.code])).toEqual([['flows/enorme.yaml', 1, 1, 'file-too-large']]);
    expect(run.stdout).toMatch(/Fichier trop volumineux \(3,8 Mo\s; 2 Mo au plus\)/);
  });

  it('says when a path does not exist, and exits 2', () => {
    const run = runCli(['check', 'nulle-part']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('n’existe pas');
  });

  it('refuses an unknown command or option with the usage, exit 2', () => {
    expect(runCli(['verifier']).status).toBe(2);
    expect(runCli(['check', '--vite']).stderr).toContain('Usage');
  });
});

describe('parcours paths', () => {
  for (const flow of project.flows.values()) {
    it(`lists every path of ${flow.id}, as questions and answers`, () => {
      const run = runCli(['paths', flow.id]);
      expect(run.status).toBe(0);
      const { paths } = simplePaths(flow);
      expect(run.stdout).toContain(`: ${paths.length} chemins`);
      const numbered = run.stdout.match(/^\d+\. /gm) ?? [];
      expect(numbered).toHaveLength(paths.length);
      for (const path of paths) {
        for (const step of path.steps) if (step.answer) expect(run.stdout).toContain(`→ ${step.answer}`);
      }
    });
  }

  it('accepts a file path, and gives JSON', () => {
    const run = runCli(['paths', 'flows/suppression.yaml', '--json']);
    const data = JSON.parse(run.stdout);
    expect(data.flow).toBe('suppression');
    expect(data.paths.every((p: { end: { kind: string } }) => ['success', 'support', 'flow'].includes(p.end.kind))).toBe(true);
  });

  it('suggests the closest flow for a typo', () => {
    const run = runCli(['paths', 'activaton']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Vouliez-vous dire «\u202factivation\u202f»');
  });
});
