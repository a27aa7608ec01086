/**
 * The VS Code extension (packages/vscode-parcours) as it is shipped: `npm run vsix` packs it, the
 * .vsix holds the extension, the language server and Mermaid; the server it carries is the
 * real one (it answers an LSP client as `parcours lsp` does); the extension starts the
 * project's own toolkit when the project has one.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseServer } from '../../../vscode-parcours/src/toolkit.ts';
import { ECPS, REPO, TOOLKIT } from '../helpers/cli.ts';
import { LspClient } from './lsp-client.ts';

const SLOW = 300_000;
const EXTENSION = join(REPO, 'packages', 'vscode-parcours');
const made: string[] = [];
let vsix: string;
let unpacked: string;

beforeAll(() => {
  for (const old of readdirSync(EXTENSION).filter((f) => f.endsWith('.vsix'))) rmSync(join(EXTENSION, old));
  const run = spawnSync('npm', ['run', 'vsix'], { cwd: REPO, encoding: 'utf8', timeout: SLOW });
  expect(run.status, run.stdout + run.stderr).toBe(0);
  const [file] = readdirSync(EXTENSION).filter((f) => f.endsWith('.vsix'));
  vsix = join(EXTENSION, file!);
  unpacked = mkdtempSync(join(tmpdir(), 'parcours-vsix-'));
  made.push(unpacked);
  expect(spawnSync('unzip', ['-q', vsix, '-d', unpacked]).status).toBe(0);
}, SLOW);

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('the .vsix', () => {
  it('holds the extension, the language server and Mermaid for the preview, nothing else', () => {
    const listing = spawnSync('unzip', ['-l', vsix], { encoding: 'utf8' }).stdout;
    const files = [...listing.matchAll(/^\s*\d+\s+\S+\s+\S+\s+(.+)$/gm)].map((m) => m[1]!.trim()).filter((f) => f !== 'Name');
    expect(files.filter((f) => f.startsWith('extension/')).sort()).toEqual(
      ['extension/dist/extension.cjs', 'extension/media/mermaid.min.js', 'extension/media/preview.css', 'extension/media/preview.js', 'extension/package.json', 'extension/readme.md', 'extension/server/parcours-lsp.cjs'].sort(),
    );
  });

  it('is the extension `parcours.vscode-parcours`, with the command « Parcours : aperçu du logigramme »', () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, 'extension', 'package.json'), 'utf8')) as {
      name: string;
      publisher: string;
      main: string;
      contributes: { commands: { command: string; title: string }[] };
    };
    expect(`${manifest.publisher}.${manifest.name}`).toBe('parcours.vscode-parcours');
    expect(existsSync(join(unpacked, 'extension', manifest.main))).toBe(true);
    expect(manifest.contributes.commands).toContainEqual(expect.objectContaining({ command: 'parcours.apercu', title: 'Parcours : aperçu du logigramme' }));
    expect(readFileSync(join(unpacked, 'extension.vsixmanifest'), 'utf8')).toContain('Id="vscode-parcours"');
  });

  it('carries the real language server: on a dead end typed, it says what `parcours check` says', { timeout: SLOW }, async () => {
    const project = mkdtempSync(join(tmpdir(), 'parcours-vsix-projet-'));
    made.push(project);
    cpSync(join(ECPS, 'flows'), join(project, 'flows'), { recursive: true });
    cpSync(join(ECPS, 'parcours.yaml'), join(project, 'parcours.yaml'));
    cpSync(join(ECPS, 'content', 'aide.mdx'), join(project, 'content', 'aide.mdx'));
    // As VS Code starts it: a Node module over stdio, with the arguments the client adds.
    const client = await LspClient.start(project, [process.execPath, join(unpacked, 'extension', 'server', 'parcours-lsp.cjs'), '--stdio']);
    try {
      const text = readFileSync(join(project, 'flows', 'suppression.yaml'), 'utf8').replace('    procedure: suppression-telephone\n    next: supprimee-telephone\n', '    procedure: suppression-telephone\n');
      await client.open('flows/suppression.yaml', text);
      const said = client.diagnosticsOf('flows/suppression.yaml').map((d) => [d.range.start.line + 1, d.code]);
      const saved = mkdtempSync(join(tmpdir(), 'parcours-vsix-projet-'));
      made.push(saved);
      cpSync(project, saved, { recursive: true });
      writeFileSync(join(saved, 'flows', 'suppression.yaml'), text);
      const check = spawnSync(process.execPath, [join(TOOLKIT, 'bin', 'parcours.js'), 'check', '--json'], { cwd: saved, encoding: 'utf8' });
      const expected = (JSON.parse(check.stdout) as { diagnostics: { file: string; line: number; code: string }[] }).diagnostics.filter((d) => d.file === 'flows/suppression.yaml').map((d) => [d.line, d.code]);
      expect(expected).toContainEqual([expect.any(Number), 'dead-end']);
      expect(said).toEqual(expected);
      // MDX's parser is a native module, which one JavaScript file cannot carry: the page is
      // reported as not checked here, and the server goes on.
      expect(client.diagnosticsOf('content/aide.mdx').map((d) => d.code)).toEqual(['page-parser-missing']);
    } finally {
      await client.stop();
    }
  });
});

describe('the server the extension starts', () => {
  it('is the project’s own toolkit when the project has installed it', () => {
    expect(chooseServer([ECPS], 'bundled.js')).toEqual({ kind: 'project', bin: join(TOOLKIT, 'bin', 'parcours.js'), version: expect.any(String), project: ECPS });
  });

  it('is the extension’s own before `npm ci`, saying why', () => {
    const project = mkdtempSync(join(tmpdir(), 'parcours-sans-boite-'));
    made.push(project);
    writeFileSync(join(project, 'parcours.yaml'), 'site:\n  name: Essai\npublisher:\n  name: Essai\n');
    expect(chooseServer([project], 'bundled.js')).toEqual({ kind: 'bundled', module: 'bundled.js', reason: 'la boîte à outils n’est pas installée dans le projet (lancez «\u202fnpm ci\u202f»)' });
  });
});
