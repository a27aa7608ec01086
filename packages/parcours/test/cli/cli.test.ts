/** The `parcours` CLI on the real content and on its own misuse. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlows, simplePaths } from '../../src/core/index.ts';
import { cli, ECPS, parseReported } from '../helpers/cli.ts';
import { writeProject } from '../helpers/project.ts';
import { run } from '../../src/cli/main.ts';

const { project } = loadFlows(join(ECPS, 'flows'));

describe('parcours check', () => {
  it('passes on flows/ and prints a summary per flow with its node and path counts', async () => {
    const run = await cli(['check']);
    expect(run.status).toBe(0);
    for (const flow of project.flows.values()) {
      const paths = simplePaths(flow).paths.length;
      expect(run.stdout).toContain(`${flow.id}\u00a0: ${flow.nodes.size} nœuds, ${paths} chemins`);
    }
    expect(run.stdout).toMatch(/aucune erreur/);
  });

  it('checks one file within its folder, so its references resolve', async () => {
    const run = await cli(['check', 'flows/activation.yaml']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('activation\u00a0:');
    expect(run.stdout).not.toContain('suppression\u00a0:');
  });

  it('reports only the named file’s problems', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parcours-cli-'));
    mkdirSync(join(dir, 'flows'));
    writeFileSync(join(dir, 'flows', 'bon.yaml'), 'title: Bon\nstart: ok\nnodes:\n  ok: { success: Fini }\n');
    writeFileSync(join(dir, 'flows', 'mauvais.yaml'), 'title: Mauvais\nstart: nulle-part\nnodes:\n  ok: { success: Fini }\n');
    expect((await cli(['check', 'flows/bon.yaml'], dir)).status).toBe(0);
    const bad = await cli(['check', 'flows'], dir);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('flows/mauvais.yaml:2:8 erreur');
  });

  it('with --content, reads the files named from the project first, then from the current folder', async () => {
    const project = writeProject({
      'flows/bon.yaml': 'title: Bon\nstart: ok\nnodes:\n  ok: { success: Fini }\n',
      'flows/mauvais.yaml': 'title: Mauvais\nstart: nulle-part\nnodes:\n  ok: { success: Fini }\n',
    });
    // Run from another project that has a flows/bon.yaml of its own, broken: the one named is --content's.
    const elsewhere = writeProject({ 'flows/bon.yaml': 'title: [\n', 'autre/seul.yaml': 'title: Seul\nstart: ok\nnodes:\n  ok: { success: Fini }\n' });
    const fromProject = await cli(['check', '--content', project, 'flows/bon.yaml'], elsewhere);
    expect(fromProject.status, fromProject.stdout).toBe(0);
    expect(fromProject.stdout).toContain('bon\u00a0:');
    expect(fromProject.stdout).not.toContain('mauvais');
    const bad = await cli(['check', '--content', project, 'flows/mauvais.yaml'], elsewhere);
    expect(bad.status).toBe(1);
    expect(parseReported(bad.stdout).map((d) => [d.file, d.line, d.column])).toEqual([[join(project, 'flows', 'mauvais.yaml'), 2, 8]]);
    // Not in the project: the current folder's file; an absolute path as it is.
    const fromCwd = await cli(['check', '--content', project, 'autre/seul.yaml'], elsewhere);
    expect(fromCwd.status, fromCwd.stdout).toBe(0);
    expect(fromCwd.stdout).toContain('seul\u00a0: 1 nœud,');
    expect((await cli(['check', '--content', project, join(project, 'flows', 'mauvais.yaml')], elsewhere)).status).toBe(1);
    // paths reads a file the same way.
    const paths = await cli(['paths', '--content', project, 'flows/bon.yaml', '--json'], elsewhere);
    expect(JSON.parse(paths.stdout).flow).toBe('bon');
    const missing = await cli(['check', '--content', project, 'flows/absent.yaml'], elsewhere);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('n’existe ni dans le projet');
  });

  it('colours its report on a terminal only, and never when NO_COLOR is set', async () => {
    const dir = writeProject({ 'flows/a.yaml': 'title: A\nstart: ailleurs\nnodes:\n  fin: { success: Fini }\n' });
    const runOn = async (isTTY: boolean, env: Record<string, string | undefined>) => {
      let stdout = '';
      const status = await run(['check', 'flows'], { stdout: { write: (t: string) => (stdout += t), isTTY }, stderr: { write: () => true }, cwd: dir, env });
      return { status, stdout };
    };
    const terminal = await runOn(true, {});
    expect(terminal.status).toBe(1);
    expect(terminal.stdout).toContain('\u001b[31merreur\u001b[0m');
    expect((await runOn(true, { NO_COLOR: '1' })).stdout).not.toContain('\u001b[');
    expect((await runOn(false, {})).stdout).not.toContain('\u001b[');
  });

  it('gives JSON to tools', async () => {
    const run = await cli(['check', '--json']);
    const data = JSON.parse(run.stdout);
    expect(data.ok).toBe(true);
    expect(data.summaries.map((s: { id: string }) => s.id).sort()).toEqual([...project.flows.keys()].sort());
  });

  it('refuses a very large file with one message, without parsing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parcours-cli-'));
    mkdirSync(join(dir, 'flows'));
    writeFileSync(join(dir, 'flows', 'ok.yaml'), 'title: Bon\nstart: ok\nnodes:\n  ok: { success: Fini }\n');
    // 3,8 MB of plausible YAML: it would parse, slowly; it must be refused before.
    writeFileSync(join(dir, 'flows', 'enorme.yaml'), `title: Énorme\nstart: ok\nnodes:\n${'  # '.padEnd(100, 'x')}\n`.repeat(30_000));
    const run = await cli(['check', 'flows'], dir);
    expect(run.status).toBe(1);
    expect(parseReported(run.stdout).map((d) => [d.file, d.line, d.column, d.code])).toEqual([['flows/enorme.yaml', 1, 1, 'file-too-large']]);
    expect(run.stdout).toMatch(/Fichier trop volumineux \(3,8 Mo\s; 2 Mo au plus\)/);
  });

  it('says when a path does not exist, and exits 2', async () => {
    const run = await cli(['check', 'nulle-part']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('n’existe pas');
  });

  it('refuses an unknown command or option with the usage, exit 2', async () => {
    expect((await cli(['verifier'])).status).toBe(2);
    expect((await cli(['check', '--vite'])).stderr).toContain('Usage');
  });
});

describe('parcours paths', () => {
  for (const flow of project.flows.values()) {
    it(`lists every path of ${flow.id}, as questions and answers`, async () => {
      const run = await cli(['paths', flow.id]);
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

  it('accepts a file path, and gives JSON', async () => {
    const run = await cli(['paths', 'flows/suppression.yaml', '--json']);
    const data = JSON.parse(run.stdout);
    expect(data.flow).toBe('suppression');
    expect(data.paths.every((p: { end: { kind: string } }) => ['success', 'support', 'flow'].includes(p.end.kind))).toBe(true);
  });

  it('suggests the closest flow for a typo, lists the known flows, and exits 2 (the command was misused)', async () => {
    const run = await cli(['paths', 'activaton']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Le parcours «\u202factivaton\u202f» n’existe pas. Vouliez-vous dire «\u202factivation\u202f»\u202f?');
    expect(run.stderr).toContain(`Parcours connus\u00a0: ${[...project.flows.keys()].join(', ')}.`);
  });

  it('says when the flow exists but does not load, with its errors, and exits 1 (the content is at fault)', async () => {
    const dir = writeProject({
      'flows/bon.yaml': 'title: Bon\nstart: ok\nnodes:\n  ok: { success: Fini }\n',
      'flows/casse.yaml': 'title: Cassé\nstart: [\n',
    });
    const run = await cli(['paths', 'casse'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('flows/casse.yaml:');
    expect(run.stderr).toContain('Le parcours «\u202fcasse\u202f» a des erreurs');
  });

  it('shows where a path continues in another journey, in text and in JSON', async () => {
    const dir = writeProject({
      'flows/a.yaml': 'title: Premier\nstart: q\nnodes:\n  q:\n    question: On continue ?\n    answers: [{ label: Oui, next: vers-b }, { label: Non, next: fin }]\n  vers-b: { flow: b, node: milieu, label: Suite }\n  fin: { success: Fini }\n',
      'flows/b.yaml': 'title: Second parcours\nstart: debut\nnodes:\n  debut: { success: Début }\n  milieu:\n    question: Vraiment ?\n    answers: [{ label: Oui, next: debut }, { label: Non, next: debut }]\n',
    });
    const run = await cli(['paths', 'a'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('1. suite dans le parcours «\u202fb\u202f», au nœud «\u202fmilieu\u202f»');
    expect(run.stdout).toContain('   ↪ continue dans «\u202fSecond parcours\u202f» (b), au nœud «\u202fmilieu\u202f»\u00a0: Vraiment\u202f?');
    const json = JSON.parse((await cli(['paths', 'a', '--json'], dir)).stdout);
    expect(json.paths[0].end).toMatchObject({ node: 'vers-b', kind: 'flow', continues: { flow: 'b', node: 'milieu' } });
  });

  it('never lets a control character of the content reach the terminal raw', async () => {
    const dir = writeProject({ 'flows/f.yaml': 'title: "Titre \\e[2J effacé"\nstart: ok\nnodes:\n  ok: { success: "Fini \\e[31m rouge" }\n' });
    const paths = await cli(['paths', 'f'], dir);
    expect(paths.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(paths.stdout).toContain('⟨U+001B⟩[31m');
    const check = await cli(['check', 'flows'], dir);
    expect(check.status).toBe(1);
    expect(check.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });
});

describe('the root cause first', () => {
  it('a contacts file that does not parse: one error, listed first, and named in the summary', async () => {
    const dir = writeProject({
      'flows/a.yaml': 'title: A\nstart: aide\nnodes:\n  aide: { support: Aide, contacts: [service-cartes, service-e-cps] }\n  oublie: { success: Personne ne vient ici }\n',
      'flows/contacts/ans.yaml': 'contacts:\n  service-cartes:\n    name: "Service cartes\n    email: a@b.fr\n  service-e-cps:\n    name: Service e-CPS\n    email: c@d.fr\n',
    });
    const run = await cli(['check', 'flows'], dir);
    expect(run.status).toBe(1);
    // No "unknown contact" for the ids the broken file still shows; its error before the others.
    expect(parseReported(run.stdout).map((d) => [d.file, d.code])).toEqual([
      ['flows/contacts/ans.yaml', 'yaml-syntax'],
      ['flows/a.yaml', 'unreachable-node'],
    ]);
    expect(run.stdout).toContain('✘ 2 erreurs dans 2 fichiers. À corriger d’abord\u00a0: flows/contacts/ans.yaml (illisible\u00a0: ce qu’il définit n’a pas pu être vérifié).');
  });
});
