/**
 * What an editor sees in VS Code, through the real yaml-language-server (the engine of the Red
 * Hat YAML extension) started over stdio, in French, with the schemas associated exactly as
 * .vscode/settings.json associates them, in a copy of the project where `parcours check` has
 * written the project's own schemas.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, frenchSpacing, loadFlows } from '../../src/core/index.ts';
import { cli, ECPS } from '../helpers/cli.ts';
import { LanguageServer, positionOf, type Position } from './language-server.ts';

const require = createRequire(import.meta.url);
const SLOW = 120_000;

// The server's own messages in English (its bundle, and the three it builds itself): none may
// reach an editor whose schemas are ours.
const ENGLISH = [
  ...Object.keys(JSON.parse(readFileSync(require.resolve('yaml-language-server/l10n/bundle.l10n.json'), 'utf8')) as Record<string, string>),
  'Missing property "{0}".',
  'Incorrect type. Expected "{0}".',
  'Value must be {0}.',
].map((template) => new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\d\\?\}/g, '[\\s\\S]*')}$`));
// (Protocol 3.18 allows a message in Markdown; yaml-language-server sends plain strings.)
const isEnglish = (message: string | { value: string }) => ENGLISH.some((pattern) => pattern.test(typeof message === 'string' ? message : message.value));

let project: string;
let server: LanguageServer;
const made: string[] = [];

/** A copy of the project's flows, for the real loader. */
function copyOfProject(): string {
  const copy = mkdtempSync(join(tmpdir(), 'parcours-editeur-'));
  made.push(copy);
  cpSync(join(project, 'flows'), join(copy, 'flows'), { recursive: true });
  return copy;
}

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'parcours-editeur-'));
  made.push(project);
  cpSync(join(ECPS, 'flows'), join(project, 'flows'), { recursive: true });
  cpSync(join(ECPS, '.vscode'), join(project, '.vscode'), { recursive: true });
  const check = await cli(['check'], project);
  expect(check.status, check.stdout + check.stderr).toBe(0);
  const settings = JSON.parse(readFileSync(join(project, '.vscode', 'settings.json'), 'utf8')) as { 'yaml.schemas': Record<string, string[]> };
  server = await LanguageServer.start({ root: project, schemas: settings['yaml.schemas'], locale: 'fr' });
}, SLOW);

afterAll(async () => {
  await server?.stop();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const at = (diagnostics: Diagnostic[], position: Position) => diagnostics.filter((d) => d.range.start.line === position.line && d.range.start.character === position.character);

/** What VS Code does with a snippet: indents its lines like the current one, then the editor fills its fields. */
function insertSnippet(text: string, position: Position, snippet: string, fill: Record<number, string>): string {
  const lines = text.split('\n');
  const line = lines[position.line]!;
  const indent = /^\s*/.exec(line)![0];
  const body = snippet
    .replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_, n: string, choices: string) => fill[Number(n)] ?? choices.split(',')[0]!)
    .replace(/\$\{(\d+):([^}]*)\}/g, (_, n: string, placeholder: string) => fill[Number(n)] ?? placeholder)
    .replace(/\$(\d+)/g, (_, n: string) => fill[Number(n)] ?? '')
    .split('\n')
    .join(`\n${indent}`);
  lines[position.line] = line.slice(0, position.character) + body + line.slice(position.character);
  return lines.join('\n');
}

describe('a flow being written', () => {
  it('a misspelt node kind is underlined at that key, in French, with the correction', { timeout: SLOW }, async () => {
    const text = ['title: Essai', 'start: debut', 'nodes:', '  debut:', '    questoin: Ça marche ?', '    answers:', '      - { label: Oui, next: fin }', '      - { label: Non, next: fin }', '  fin:', '    success: Fini', ''].join('\n');
    const diagnostics = await server.write('flows/essai.yaml', text);
    const onKey = at(diagnostics, positionOf(text, 'questoin'));
    expect(onKey.map((d) => d.message)).toEqual([expect.stringMatching(/^Champ inconnu dans un nœud\u00a0: vouliez-vous dire «\u202fquestion\u202f»\u202f\?/)]);
    // The node itself says it has no kind yet.
    expect(at(diagnostics, positionOf(text, 'debut:')).map((d) => d.message)).toEqual([expect.stringContaining('n’a pas de nature')]);
  });

  it('completion in a new node offers the five kinds, and the question it inserts passes check once filled in', { timeout: SLOW }, async () => {
    const text = ['title: Essai', 'start: debut', 'nodes:', '  debut:', '    ', '  oui:', '    success: Fini', '  non:', '    success: Tant pis', ''].join('\n');
    await server.write('flows/essai.yaml', text);
    const cursor = { line: 4, character: 4 };
    const items = await server.complete('flows/essai.yaml', cursor);
    expect(items.map((i) => i.label).sort()).toEqual(['flow', 'procedure', 'question', 'success', 'support']);
    const question = items.find((i) => i.label === 'question')!;
    expect(question.insertText).toMatch(/^question: .*\nanswers:\n {2}- label: /);
    const filled = insertSnippet(text, cursor, question.insertText!, { 1: 'Ça marche ?', 3: 'oui', 5: 'non' });
    // The editor sees nothing wrong any more…
    expect(await server.write('flows/essai.yaml', filled)).toEqual([]);
    // …and neither does check, through the real loader, in a copy of the project.
    const copy = copyOfProject();
    writeFileSync(join(copy, 'flows', 'essai.yaml'), filled);
    const { diagnostics } = loadFlows(join(copy, 'flows'), { cwd: copy });
    expect(diagnostics.filter((d) => d.file === 'flows/essai.yaml')).toEqual([]);
  });

  it('completion between nodes offers a whole new node of each kind, well indented', { timeout: SLOW }, async () => {
    const text = ['title: Essai', 'start: debut', 'nodes:', '  debut:', '    success: Fini', '  ', ''].join('\n');
    await server.write('flows/essai.yaml', text);
    const cursor = { line: 5, character: 2 };
    const items = await server.complete('flows/essai.yaml', cursor);
    expect(items.map((i) => i.label).sort()).toEqual(['nouveau nœud flow', 'nouveau nœud procedure', 'nouveau nœud question', 'nouveau nœud success', 'nouveau nœud support']);
    const support = items.find((i) => i.label === 'nouveau nœud support')!;
    const withSupport = insertSnippet(text, cursor, support.insertText!, { 1: 'Rien ne va', 9: 'aide' }).replace('start: debut', 'start: choix');
    const filled = `${withSupport.trimEnd()}\n  choix:\n    question: Ça va ?\n    answers:\n      - { label: Oui, next: debut }\n      - { label: Non, next: aide }\n`;
    expect(await server.write('flows/essai.yaml', filled)).toEqual([]);
    const copy = copyOfProject();
    writeFileSync(join(copy, 'flows', 'essai.yaml'), filled);
    expect(loadFlows(join(copy, 'flows'), { cwd: copy }).diagnostics.filter((d) => d.file === 'flows/essai.yaml')).toEqual([]);
  });

  it('completion in a new procedure node offers the project’s procedures to choose from', { timeout: SLOW }, async () => {
    const text = ['title: Essai', 'start: debut', 'nodes:', '  debut:', '    ', ''].join('\n');
    await server.write('flows/essai.yaml', text);
    const items = await server.complete('flows/essai.yaml', { line: 4, character: 4 });
    const procedure = items.find((i) => i.label === 'procedure')!;
    const procedures = discover(join(project, 'flows')).filter((f) => f.kind === 'procedure').map((f) => f.id).sort();
    expect(procedure.insertText).toContain(`procedure: \${1|${procedures.join(',')}|}`);
  });

  it('inside a question node, completion offers only the fields of a question', { timeout: SLOW }, async () => {
    const text = ['title: Essai', 'start: debut', 'nodes:', '  debut:', '    question: Ça marche ?', '    ', '    answers:', '      - { label: Oui, next: fin }', '      - { label: Non, next: fin }', '  fin:', '    success: Fini', ''].join('\n');
    await server.write('flows/essai.yaml', text);
    const items = await server.complete('flows/essai.yaml', { line: 5, character: 4 });
    // The question's optional fields it does not have yet: its help, and the readers' words for the search.
    expect(items.map((i) => i.label)).toEqual(['help', 'keywords']);
  });

  it('hovering `next` explains it in French', { timeout: SLOW }, async () => {
    const text = ['title: Essai', 'start: debut', 'nodes:', '  debut:', '    question: Ça marche ?', '    answers:', '      - label: Oui', '        next: fin', '      - label: Non', '        next: fin', '  fin:', '    success: Fini', ''].join('\n');
    expect(await server.write('flows/essai.yaml', text)).toEqual([]);
    const hover = await server.hover('flows/essai.yaml', positionOf(text, 'next', 1));
    expect(hover).toContain('#### Réponse');
    expect(hover).toContain('Identifiant du nœud où mène cette réponse');
  });

  it('a procedure the project does not have is underlined, through the project’s own schema', { timeout: SLOW }, async () => {
    const text = ['title: Essai', 'start: debut', 'nodes:', '  debut:', '    procedure: tester-ma-e-cps', '    next: fin', '  fin:', '    success: Fini', ''].join('\n');
    const diagnostics = await server.write('flows/essai.yaml', text);
    expect(diagnostics.map((d) => [d.range.start, d.message])).toEqual([[positionOf(text, 'tester-ma-e-cps'), expect.stringMatching(/^Procédure inconnue dans ce projet\u00a0: les procédures sont activation-carte, /)]]);
    expect((diagnostics[0]!.data as { schemaUri: string[] }).schemaUri).toEqual([expect.stringMatching(/\/\.parcours\/schemas\/flow\.schema\.json$/)]);
    // Completion of the value offers the real ones, with their titles.
    const empty = text.replace('tester-ma-e-cps', '');
    await server.write('flows/essai.yaml', empty);
    const items = await server.complete('flows/essai.yaml', positionOf(empty, 'procedure: ', 'procedure: '.length));
    expect(items.find((i) => i.label === 'activation-carte')?.documentation).toBe(frenchSpacing(loadFlows(join(project, 'flows')).project.procedures.get('activation-carte')!.title));
  });

  it('a procedure created and saved is known once check has run again (as the watch task does at each save)', { timeout: SLOW }, async () => {
    const text = ['title: Essai', 'start: debut', 'nodes:', '  debut:', '    procedure: nouvelle-procedure', '    next: fin', '  fin:', '    success: Fini', ''].join('\n');
    expect((await server.write('flows/essai.yaml', text)).map((d) => d.message)).toEqual([expect.stringMatching(/^Procédure inconnue/)]);
    writeFileSync(join(project, 'flows', 'procedures', 'nouvelle-procedure.yaml'), 'title: Nouvelle procédure\nsteps:\n  - text: Faites ceci.\n');
    try {
      expect((await cli(['check'], project)).status).toBe(0);
      const schemas = ['flow', 'procedure', 'contacts', 'brand'].map((kind) => `.parcours/schemas/${kind}.schema.json`);
      expect(await server.filesChanged(schemas, 'flows/essai.yaml')).toEqual([]);
    } finally {
      rmSync(join(project, 'flows', 'procedures', 'nouvelle-procedure.yaml'));
      await cli(['check'], project);
      await server.filesChanged(['.parcours/schemas/flow.schema.json'], 'flows/essai.yaml');
    }
  });

  it('completing `pictures` in a step inserts an image with its view', { timeout: SLOW }, async () => {
    const text = ['title: Essai', 'steps:', '  - text: Faites ceci', '    ', ''].join('\n');
    await server.write('flows/procedures/essai.yaml', text);
    const items = await server.complete('flows/procedures/essai.yaml', { line: 3, character: 4 });
    expect(items.find((i) => i.label === 'pictures')?.insertText).toMatch(/^pictures:\n {2}- src: .*\n {4}alt: .*\n {4}view: /);
  });
});

describe('the real content', () => {
  const files = discover(join(ECPS, 'flows'));

  it('has files of every kind', () => {
    expect(new Set(files.map((f) => f.kind))).toEqual(new Set(['flow', 'procedure', 'contacts', 'brand']));
  });

  it.each(files.map((f) => [relative(ECPS, f.path)]))('%s: no diagnostic', { timeout: SLOW }, async (path) => {
    expect(await server.write(path, readFileSync(join(ECPS, path), 'utf8'))).toEqual([]);
  });
});

interface Mistake {
  name: string;
  path: string;
  text: string[];
  /** Where the editor must underline, and what it must say there. */
  at: string;
  says: RegExp;
}

const FLOW = (...node: string[]) => ['title: Essai', 'start: debut', 'nodes:', '  debut:', ...node.map((l) => `    ${l}`), '  fin:', '    success: Fini'];
const STEP = (...lines: string[]) => ['title: Essai', 'steps:', ...lines];
const CONTACT = (...lines: string[]) => ['contacts:', '  service:', '    name: Service client', ...lines.map((l) => `    ${l}`)];

const MISTAKES: Mistake[] = [
  { name: 'a misspelt kind', path: 'flows/essai.yaml', text: FLOW('sucess: Fini'), at: 'sucess', says: /vouliez-vous dire «\u202fsuccess\u202f»/ },
  { name: 'a node with no kind', path: 'flows/essai.yaml', text: FLOW('titre: Une question ?'), at: '  debut:', says: /n’a pas de nature/ },
  { name: 'two kinds in one node', path: 'flows/essai.yaml', text: FLOW('success: Fini', 'procedure: activation-carte'), at: 'procedure', says: /n’a qu’une nature/ },
  { name: 'a node id written as a title', path: 'flows/essai.yaml', text: FLOW('procedure: activation-carte', 'next: Méthode A'), at: 'Méthode A', says: /^Identifiant mal écrit/ },
  { name: 'a question without answers', path: 'flows/essai.yaml', text: FLOW('question: Ça marche ?'), at: '  debut:', says: /deux champs obligatoires/ },
  { name: 'a support citing a contact the project lacks', path: 'flows/essai.yaml', text: FLOW('support: Rien ne va', 'contacts: [service-inconnu]'), at: 'service-inconnu', says: /^Contact inconnu dans ce projet/ },
  { name: 'a rank that is not a number', path: 'flows/essai.yaml', text: ['order: premier', ...FLOW('success: Fini')], at: 'premier', says: /nombre entier/ },
  { name: 'a step written as a plain text', path: 'flows/procedures/essai.yaml', text: STEP('  - Cliquez sur Valider.'), at: 'Cliquez', says: /^Une étape s’écrit `- text: / },
  { name: 'a text holding « : » in a list', path: 'flows/procedures/essai.yaml', text: STEP('  - text: Faites ceci', '    items:', '      - Attention : pas de retour'), at: 'Attention', says: /entre guillemets/ },
  { name: 'a picture without its view', path: 'flows/procedures/essai.yaml', text: STEP('  - text: Faites ceci', '    pictures:', '      - src: ecran.png', '        alt: L’écran'), at: 'src', says: /trois champs obligatoires/ },
  { name: 'a place with an accent', path: 'flows/procedures/essai.yaml', text: STEP('  - text: Faites ceci', '    where: téléphone'), at: 'téléphone', says: /«\u202ftelephone\u202f»/ },
  { name: 'a phone written as a plain string', path: 'flows/contacts/essai.yaml', text: CONTACT('phone: 0 809 40 00 82'), at: '0 809', says: /^Le téléphone s’écrit sur plusieurs lignes/ },
  { name: 'a phone number without spaces (read as a number)', path: 'flows/contacts/essai.yaml', text: CONTACT('phone:', '  number: 0809400082'), at: '0809400082', says: /comme un texte/ },
  { name: 'a phone number too short', path: 'flows/contacts/essai.yaml', text: CONTACT('phone:', '  number: 0 809 40 00'), at: '0 809', says: /^Numéro non reconnu/ },
  { name: 'an e-mail written as a link', path: 'flows/contacts/essai.yaml', text: CONTACT('email: mailto:service@exemple.fr'), at: 'mailto', says: /^Adresse e-mail non reconnue/ },
  { name: 'an http address', path: 'flows/contacts/essai.yaml', text: CONTACT('web: http://exemple.fr'), at: 'http', says: /^Adresse refusée/ },
  { name: 'a colour without quotes (a comment for YAML)', path: 'flows/brands/essai.yaml', text: ['name: Portail', 'color: #0b6e4f'], at: 'color', says: /entre guillemets/ },
];

describe('typical mistakes are underlined where they are, in French, saying how to fix them', () => {
  it.each(MISTAKES.map((m) => [m.name, m]))('%s', { timeout: SLOW }, async (_, mistake) => {
    const text = `${mistake.text.join('\n')}\n`;
    const diagnostics = await server.write(mistake.path, text);
    expect(diagnostics.map((d) => d.message).filter(isEnglish)).toEqual([]);
    const position = positionOf(text, mistake.at);
    const here = diagnostics.filter((d) => d.range.start.line === position.line);
    expect(here.map((d) => d.message), JSON.stringify(diagnostics.map((d) => [d.range.start, d.message]))).toContainEqual(expect.stringMatching(mistake.says));
  });

  it('the list holds at least ten mistakes', () => {
    expect(MISTAKES.length).toBeGreaterThanOrEqual(10);
  });
});
