/**
 * The Parcours language server as an editor uses it: the real `parcours lsp`, started by the
 * real CLI and driven over stdio by an LSP client, on a copy of the e-CPS project. What it
 * says is compared with what the real `parcours check` says of the same text, saved.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic, Location } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadFlows } from '../../src/core/load.ts';
import { flowToMermaid } from '../../src/core/mermaid.ts';
import { frenchSpacing } from '../../src/core/typography.ts';
import { ECPS, runCli } from '../helpers/cli.ts';
import { positionOf } from './language-server.ts';
import { applyEdits, LspClient } from './lsp-client.ts';

const SLOW = 120_000;
const ACTIVATION = 'flows/activation.yaml';
const REACTIVATION = 'flows/reactivation.yaml';
const SUPPRESSION = 'flows/suppression.yaml';

/** The files that may name a contact. */
const FILES = [ACTIVATION, REACTIVATION, SUPPRESSION, 'flows/contacts/ans.yaml', 'flows/brands/paca.yaml'];

const made: string[] = [];
let project: string;
let client: LspClient;

/** A copy of the e-CPS project: its configuration, its flows and its editorial pages. */
function copyOfEcps(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-lsp-'));
  made.push(dir);
  for (const part of ['flows', 'content', 'parcours.yaml']) cpSync(join(ECPS, part), join(dir, part), { recursive: true });
  return dir;
}

const read = (path: string) => readFileSync(join(project, path), 'utf8');

/** Every line (0-based) of a file where a word is written as a whole word. */
function linesWith(text: string, word: string): number[] {
  const pattern = new RegExp(`(^|[^\\w-])${word.replace(/-/g, '\\-')}($|[^\\w-])`);
  return text.split('\n').flatMap((line, i) => (pattern.test(line) ? [i] : []));
}

const where = (locations: Location[]) => locations.map((l) => `${client.path(l.uri)}:${l.range.start.line}`).sort();

/** What `parcours check` prints of each problem: its place, code, message, suggestion and fix, line by line. */
function checkReport(dir: string): { file: string; line: number; column: number; code: string; words: string[] }[] {
  const run = runCli(['check'], dir);
  const blocks = run.stdout.split('\n\n');
  const out = [];
  for (const block of blocks) {
    const [head, ...rest] = block.split('\n');
    const match = /^(.+?):(\d+):(\d+) (?:erreur|attention) (.*) \[([a-z-]+)\]$/.exec(head ?? '');
    if (!match) continue;
    out.push({ file: match[1]!, line: Number(match[2]), column: Number(match[3]), code: match[5]!, words: [match[4]!, ...rest.map((l) => l.trim())] });
  }
  return out;
}

/** The server's problems, in the same shape. */
function serverReport(): { file: string; line: number; column: number; code: string; words: string[] }[] {
  return [...client.diagnostics].flatMap(([uri, list]) =>
    list.map((d: Diagnostic) => ({ file: client.path(uri), line: d.range.start.line + 1, column: d.range.start.character + 1, code: String(d.code), words: (d.message as string).split('\n') })),
  );
}

const byPlace = <T extends { file: string; line: number; column: number; code: string }>(list: T[]) =>
  [...list].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : 1)));

beforeAll(async () => {
  project = copyOfEcps();
  client = await LspClient.start(project);
}, SLOW);

afterAll(async () => {
  await client?.stop();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('opening the project', () => {
  it('checks it at once, as `parcours check` does, and watches its files', () => {
    expect(byPlace(serverReport().filter((d) => d.code))).toEqual(byPlace(checkReport(project)));
    // The e-CPS project has no public address yet: check's one warning is there, on parcours.yaml.
    expect(client.diagnosticsOf('parcours.yaml').map((d) => d.code)).toEqual(['site-url-missing']);
    expect(client.registered).toContain('workspace/didChangeWatchedFiles');
    // And writes the project's schemas for the YAML extension, as check does.
    const schema = readFileSync(join(project, '.parcours', 'schemas', 'flow.schema.json'), 'utf8');
    expect(schema.includes('"activation-carte-paca"'), 'the procedures of the project in the flow schema').toBe(true);
  });
});

describe('going from an id to what it names', () => {
  let activation: string;
  beforeAll(async () => {
    activation = await client.open(ACTIVATION);
  }, SLOW);
  afterAll(() => client.close(ACTIVATION), SLOW);

  it('`next` leads to its node, in its own journey only', { timeout: SLOW }, async () => {
    const target = await client.definition(ACTIVATION, positionOf(activation, 'next: erreur-a', 8));
    expect(where(target)).toEqual([`${ACTIVATION}:${positionOf(activation, '  erreur-a:').line}`]);
    expect(target[0]!.range.start.character).toBe(2);
  });

  it('`start` leads to the first node', { timeout: SLOW }, async () => {
    expect(where(await client.definition(ACTIVATION, positionOf(activation, 'start: carte', 7)))).toEqual([`${ACTIVATION}:${positionOf(activation, '  carte:').line}`]);
  });

  it('`procedure`, `related`, `variantOf` and `brand` lead to the file that defines them', { timeout: SLOW }, async () => {
    expect(where(await client.definition(ACTIVATION, positionOf(activation, 'procedure: activation-carte', 12)))).toEqual(['flows/procedures/activation-carte.yaml:0']);
    expect(where(await client.definition(ACTIVATION, positionOf(activation, 'related: [suppression', 10)))).toEqual([`${SUPPRESSION}:0`]);
    const paca = await client.open('flows/procedures/activation-carte-paca.yaml');
    expect(where(await client.definition('flows/procedures/activation-carte-paca.yaml', positionOf(paca, 'variantOf: activation-carte', 11)))).toEqual(['flows/procedures/activation-carte.yaml:0']);
    expect(where(await client.definition('flows/procedures/activation-carte-paca.yaml', positionOf(paca, 'brand: paca', 7)))).toEqual(['flows/brands/paca.yaml:0']);
    await client.close('flows/procedures/activation-carte-paca.yaml');
  });

  it('`contacts` leads to the contact in flows/contacts/', { timeout: SLOW }, async () => {
    const contacts = read('flows/contacts/ans.yaml');
    expect(where(await client.definition(ACTIVATION, positionOf(activation, '[service-cartes]', 1)))).toEqual([`flows/contacts/ans.yaml:${positionOf(contacts, '  service-cartes:').line}`]);
  });

  it('`flow` and `node` lead into the other journey, as typed and not saved', { timeout: SLOW }, async () => {
    const suppression = read(SUPPRESSION);
    const typed = suppression.replace('    support: Je n’arrive pas à supprimer ma e-CPS\n    contacts: [service-e-cps]', '    flow: reactivation\n    node: demarche-b');
    await client.open(SUPPRESSION, typed);
    const reactivation = read(REACTIVATION);
    expect(where(await client.definition(SUPPRESSION, positionOf(typed, 'flow: reactivation', 6)))).toEqual([`${REACTIVATION}:0`]);
    expect(where(await client.definition(SUPPRESSION, positionOf(typed, 'node: demarche-b', 6)))).toEqual([`${REACTIVATION}:${positionOf(reactivation, '  demarche-b:').line}`]);
    // And back: the node's references include the link into it.
    expect(where(await client.references(REACTIVATION, positionOf(reactivation, '  demarche-b:', 2)))).toContain(`${SUPPRESSION}:${positionOf(typed, 'node: demarche-b').line}`);
    await client.close(SUPPRESSION);
  });

  it('references of a node are its key and every `next` of its journey, not the node of the same name elsewhere', { timeout: SLOW }, async () => {
    const found = await client.references(ACTIVATION, positionOf(activation, '  erreur-a:', 2));
    expect(where(found)).toEqual(linesWith(activation, 'erreur-a').map((line) => `${ACTIVATION}:${line}`).sort());
    expect(found.some((l) => l.uri === client.uri(REACTIVATION))).toBe(false);
  });

  it('references of a contact are everywhere it is named, across journeys and brands', { timeout: SLOW }, async () => {
    const expected = FILES.flatMap((file) => linesWith(read(file), 'service-e-cps').map((line) => `${file}:${line}`));
    expect(new Set(expected.map((e) => e.split(':')[0])).size).toBeGreaterThanOrEqual(4);
    expect(where(await client.references(ACTIVATION, positionOf(activation, '[service-e-cps]', 1)))).toEqual(expected.sort());
  });

  it('hover says what an id names: the question, the procedure’s title, the contact’s name', { timeout: SLOW }, async () => {
    expect(await client.hover(ACTIVATION, positionOf(activation, 'next: erreur-a', 8))).toContain(frenchSpacing('Je rencontre une erreur : d’où vient le problème ?'));
    const { title } = parse(read('flows/procedures/activation-carte.yaml')) as { title: string };
    expect((await client.hover(ACTIVATION, positionOf(activation, 'procedure: activation-carte', 12))).replace(/\\/g, '')).toContain(frenchSpacing(title));
    expect((await client.hover(ACTIVATION, positionOf(activation, '[service-cartes]', 1))).replace(/\\/g, '')).toContain('Service client Cartes de l’ANS');
  });

  it('a lens on each node says how many reader paths pass there, as `parcours check` counts them', { timeout: SLOW }, async () => {
    const lenses = await client.codeLenses(ACTIVATION);
    const summary = (JSON.parse(runCli(['check', '--json'], project).stdout) as { summaries: { id: string; paths: number; successes: number }[] }).summaries.find((s) => s.id === 'activation')!;
    const nodes = activation.split('\n').flatMap((line, i) => (/^ {2}[a-z0-9-]+:\s*$/.test(line) ? [i] : []));
    expect(lenses.map((l) => l.range.start.line)).toEqual(nodes);
    // Every path starts at the first node; each ends at one success or support.
    const start = lenses.find((l) => l.range.start.line === positionOf(activation, '  carte:').line)!;
    expect(start.command!.title).toMatch(new RegExp(`^${summary.paths} chemins passent ici → \\d+ réussites?, \\d+ supports?$`));
    const ends = start.command!.title.match(/(\d+) réussite.*?(\d+) support/)!;
    expect(Number(ends[1]) + Number(ends[2])).toBe(summary.paths);
    const success = lenses.find((l) => l.range.start.line === positionOf(activation, '  succes:').line)!;
    expect(success.command!.title).toMatch(/^\d+ chemins? passen?t? ici → \d+ réussites?$/);
  });
});

describe('completion', () => {
  it('inside a question node offers the fields it lacks: `help`', { timeout: SLOW }, async () => {
    const text = read(ACTIVATION).replace('  activee-a:\n    question: Ma e-CPS est activée ?\n', '  activee-a:\n    question: Ma e-CPS est activée ?\n    \n');
    await client.open(ACTIVATION, text);
    const cursor = { line: positionOf(text, '  activee-a:').line + 2, character: 4 };
    const labels = (await client.complete(ACTIVATION, cursor)).map((i) => i.label);
    // What a question may still have: its help, and the readers' words for the search.
    expect(labels).toEqual(['help', 'keywords']);
    // In a procedure node with no `next` yet, `next` first (then its optional keywords).
    const procedure = text.replace('    procedure: activation-carte\n    next: activee-a\n', '    procedure: activation-carte\n    ne\n');
    await client.type(ACTIVATION, procedure);
    expect((await client.complete(ACTIVATION, { line: positionOf(procedure, '    ne\n').line, character: 6 })).map((i) => i.label)).toEqual(['next', 'keywords']);
  });

  it('after `next:` offers the nodes of the journey, one just typed included', { timeout: SLOW }, async () => {
    const text = `${read(ACTIVATION).replace('        next: erreur-a', '        next: err')}  nouveau-noeud:\n    success: Nouveau\n`;
    await client.type(ACTIVATION, text);
    const cursor = positionOf(text, '        next: err\n', 17);
    const items = await client.complete(ACTIVATION, cursor);
    expect(items.map((i) => i.label)).toContain('nouveau-noeud');
    expect(items.map((i) => i.label)).toContain('erreur-a');
    expect(items.find((i) => i.label === 'erreur-a')!.detail).toBe('Je rencontre une erreur : d’où vient le problème ?');
    // Chosen, it replaces what was typed.
    expect(items.find((i) => i.label === 'erreur-a')!.textEdit).toEqual({ range: { start: positionOf(text, '        next: err', 14), end: cursor }, newText: 'erreur-a' });
    await client.close(ACTIVATION);
  });
});

describe('problems while typing, before any save, as `parcours check` words them', () => {
  it('a dead end', { timeout: SLOW }, async () => {
    const saved = read(ACTIVATION);
    const typed = saved.replace('    procedure: activation-carte\n    next: activee-a\n', '    procedure: activation-carte\n');
    await client.open(ACTIVATION, typed);
    const deadEnd = client.diagnosticsOf(ACTIVATION).filter((d) => d.code === 'dead-end');
    expect(deadEnd.map((d) => d.range.start.line)).toEqual([positionOf(typed, '  methode-a:').line]);
    expect(read(ACTIVATION)).toBe(saved);
    // The same text saved in another copy: `parcours check` says the same, at the same places, in the same words.
    const other = copyOfEcps();
    writeFileSync(join(other, ACTIVATION), typed);
    const expected = checkReport(other);
    expect(expected.map((d) => d.code)).toContain('dead-end');
    expect(byPlace(serverReport())).toEqual(byPlace(expected));
    // Closed without saving: the problem goes with the text.
    await client.close(ACTIVATION);
    expect(client.diagnosticsOf(ACTIVATION)).toEqual([]);
  });

  it('a `flow` link to a node that does not exist, with the suggestion and a quick fix', { timeout: SLOW }, async () => {
    const typed = read(SUPPRESSION).replace('    support: Je n’arrive pas à supprimer ma e-CPS\n    contacts: [service-e-cps]', '    flow: activation\n    node: erreur-z');
    await client.open(SUPPRESSION, typed);
    const other = copyOfEcps();
    writeFileSync(join(other, SUPPRESSION), typed);
    const expected = checkReport(other);
    const unknown = expected.find((d) => d.code === 'unknown-node')!;
    expect(unknown.words[0]).toBe(frenchSpacing('Le nœud « erreur-z » n’existe pas dans le parcours « activation ».'));
    expect(byPlace(serverReport())).toEqual(byPlace(expected));
    const diagnostic = client.diagnosticsOf(SUPPRESSION).find((d) => d.code === 'unknown-node')!;
    expect(diagnostic.range.start).toEqual(positionOf(typed, 'erreur-z'));
    expect(diagnostic.range.end).toEqual(positionOf(typed, 'erreur-z', 'erreur-z'.length));
    const [fix] = await client.codeActions(SUPPRESSION, [diagnostic]);
    expect(fix!.title).toBe(frenchSpacing('Remplacer par « erreur-a »'));
    const fixed = applyEdits(typed, fix!.edit.changes![client.uri(SUPPRESSION)]!);
    await client.type(SUPPRESSION, fixed);
    expect(client.diagnosticsOf(SUPPRESSION).filter((d) => d.code === 'unknown-node')).toEqual([]);
    await client.close(SUPPRESSION);
  });

  it('a loop with no way out across two journeys, reported in the journey being typed', { timeout: SLOW }, async () => {
    // Suppression's support leads into activation's question, whose answers both lead back: no way out.
    const suppression = read(SUPPRESSION).replace('  support-appli:\n    support: Je n’arrive pas à supprimer ma e-CPS\n    contacts: [service-e-cps]', '  support-appli:\n    flow: activation\n    node: activee-a');
    const activation = read(ACTIVATION).replace(/ {6}- label: Oui\n {8}next: succes\n {6}- label: Non\n {8}next: erreur-a/, '      - label: Oui\n        next: vers-suppression\n      - label: Non\n        next: vers-suppression').concat('  vers-suppression:\n    flow: suppression\n    node: support-appli\n');
    await client.open(SUPPRESSION, suppression);
    await client.open(ACTIVATION, activation);
    const other = copyOfEcps();
    writeFileSync(join(other, SUPPRESSION), suppression);
    writeFileSync(join(other, ACTIVATION), activation);
    const expected = checkReport(other);
    expect(expected.map((d) => d.code)).toContain('endless-cycle');
    expect(byPlace(serverReport())).toEqual(byPlace(expected));
    await client.close(SUPPRESSION);
    await client.close(ACTIVATION);
    expect(byPlace(serverReport().filter((d) => d.code !== 'site-url-missing'))).toEqual([]);
  });
});

describe('the diagram of the journey being typed', () => {
  it('is the site’s Mermaid text without its links, each box with the place of its node', { timeout: SLOW }, async () => {
    const text = await client.open(ACTIVATION);
    const result = await client.request<{ ok: boolean; mermaid: string; nodes: { box: string; id: string; range: { start: { line: number } } }[] }>('parcours/diagram', { uri: client.uri(ACTIVATION) });
    const { project: model } = loadFlows(join(project, 'flows'), { cwd: project });
    expect(result.ok).toBe(true);
    expect(result.mermaid).toBe(flowToMermaid(model.flows.get('activation')!, model, { links: false }));
    expect(result.mermaid).not.toMatch(/click|href/);
    expect(result.nodes.find((n) => n.id === 'erreur-a')!.range.start.line).toBe(positionOf(text, '  erreur-a:').line);
    const procedure = await client.request<{ ok: boolean; reason: string }>('parcours/diagram', { uri: client.uri('flows/procedures/activation-carte.yaml') });
    expect(procedure).toMatchObject({ ok: false, reason: expect.stringContaining('n’est pas un parcours') });
    await client.close(ACTIVATION);
  });
});

describe('renaming', () => {
  it('is refused, with the reason in French, when the new id is taken or invalid', { timeout: SLOW }, async () => {
    const text = read(ACTIVATION);
    const at = positionOf(text, '  erreur-a:', 2);
    expect(await client.prepareRename(ACTIVATION, at)).toEqual({ range: { start: at, end: positionOf(text, '  erreur-a:', 10) }, placeholder: 'erreur-a' });
    await expect(client.rename(ACTIVATION, at, 'activee-a')).rejects.toThrow(frenchSpacing('Le nœud « activee-a » existe déjà dans le parcours « activation »'));
    await expect(client.rename(ACTIVATION, at, 'Erreur A')).rejects.toThrow(frenchSpacing('« Erreur A » n’est pas un identifiant valide'));
    await expect(client.rename(ACTIVATION, positionOf(text, 'procedure: activation-carte', 12), 'recherche-rpps')).rejects.toThrow(frenchSpacing('La procédure « recherche-rpps » existe déjà'));
    await expect(client.rename(ACTIVATION, positionOf(text, 'title:', 2), 'x')).rejects.toThrow('Placez le curseur sur un identifiant');
  });

  it('of `erreur-a` changes every reference, and `parcours check` passes after it', { timeout: SLOW }, async () => {
    const before = read(ACTIVATION);
    const reactivation = read(REACTIVATION);
    const edit = (await client.rename(ACTIVATION, positionOf(before, 'next: erreur-a', 6), 'erreur-carte'))!;
    expect(client.applyToDisk(edit)).toEqual([ACTIVATION]);
    expect(read(ACTIVATION)).toBe(before.replace(/\berreur-a\b/g, 'erreur-carte'));
    expect(read(REACTIVATION)).toBe(reactivation);
    await client.filesChanged([ACTIVATION]);
    const check = runCli(['check'], project);
    expect(check.status, check.stdout).toBe(0);
    expect(serverReport().filter((d) => d.code !== 'site-url-missing')).toEqual([]);
  });

  it('of a procedure renames its file and every `procedure`, `variantOf` and page naming it', { timeout: SLOW }, async () => {
    const text = read(ACTIVATION);
    const edit = (await client.rename(ACTIVATION, positionOf(text, 'procedure: activation-carte', 12), 'activation-par-carte'))!;
    expect(client.applyToDisk(edit).sort()).toEqual(['content/aide.mdx', ACTIVATION, 'flows/procedures/activation-carte-paca.yaml', 'flows/procedures/activation-par-carte.yaml']);
    expect(existsSync(join(project, 'flows/procedures/activation-carte.yaml'))).toBe(false);
    expect(read('flows/procedures/activation-carte-paca.yaml')).toContain('variantOf: activation-par-carte');
    expect(read('content/aide.mdx')).toContain('<Procedure id="activation-par-carte" />');
    await client.filesChanged([ACTIVATION, 'flows/procedures/activation-carte.yaml', 'flows/procedures/activation-par-carte.yaml']);
    const check = runCli(['check'], project);
    expect(check.status, check.stdout).toBe(0);
  });

  it('of a contact changes its key and every `contacts` naming it', { timeout: SLOW }, async () => {
    const contacts = read('flows/contacts/ans.yaml');
    const naming = FILES.filter((file) => linesWith(read(file), 'service-e-cps').length);
    const edit = (await client.rename('flows/contacts/ans.yaml', positionOf(contacts, '  service-e-cps:', 2), 'service-client-e-cps'))!;
    expect(client.applyToDisk(edit).sort()).toEqual(naming.sort());
    await client.filesChanged(['flows/contacts/ans.yaml']);
    const check = runCli(['check'], project);
    expect(check.status, check.stdout).toBe(0);
    expect(read(SUPPRESSION)).toContain('contacts: [service-client-e-cps]');
  });

  it('of a journey renames its file and every `related`, `flow` and page naming it', { timeout: SLOW }, async () => {
    const text = read(REACTIVATION);
    const edit = (await client.rename(REACTIVATION, positionOf(text, 'related: [suppression, activation]', 24), 'activer-e-cps'))!;
    expect(client.applyToDisk(edit).sort()).toEqual(['content/aide.mdx', 'flows/activer-e-cps.yaml', REACTIVATION, SUPPRESSION]);
    expect(read('content/aide.mdx')).toContain('<Logigramme parcours="activer-e-cps" />');
    await client.filesChanged([ACTIVATION, 'flows/activer-e-cps.yaml']);
    const check = runCli(['check'], project);
    expect(check.status, check.stdout).toBe(0);
    expect(serverReport().filter((d) => d.code !== 'site-url-missing')).toEqual([]);
  });
});
