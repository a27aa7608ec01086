/**
 * Going from an id to what it names and back: definition, references, rename, hover. Every
 * answer is read from one check of the project (symbols.ts for where ids are written, the
 * loaded model for what they say).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Hover, Location, Range, TextDocumentEdit, TextEdit, WorkspaceEdit, RenameFile } from 'vscode-languageserver/node';
import { ID_PATTERN } from '../core/schema/definitions.ts';
import { q } from '../core/diagnostics.ts';
import { endLabel, nodeLabel } from '../core/describe.ts';
import type { FlowNode, Project } from '../core/model.ts';
import { plainText } from '../core/text.ts';
import { frenchSpacing } from '../core/typography.ts';
import { occurrenceAt, symbolKey, type Occurrence, type SymbolKind } from './symbols.ts';
import { uriOf, type Snapshot } from './workspace.ts';

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Where an occurrence is written (a file named by its id: the file's start). */
export function locationOf(snapshot: Snapshot, o: Occurrence): Location {
  const document = snapshot.documents.get(o.path);
  if (!document || o.end === o.start) return { uri: uriOf(o.path), range: START };
  return { uri: document.uri, range: { start: document.positionAt(o.start), end: document.positionAt(o.end) } };
}

/** The id under the cursor. */
export function idAt(snapshot: Snapshot, path: string, offset: number): Occurrence | undefined {
  return occurrenceAt(snapshot.symbols.get(path)?.occurrences ?? [], path, offset);
}

/** Every occurrence of the same id, definitions first, then in file order. */
export function sameId(snapshot: Snapshot, o: Occurrence): Occurrence[] {
  const key = symbolKey(o);
  return snapshot.occurrences.filter((other) => symbolKey(other) === key).sort((a, b) => Number(b.definition) - Number(a.definition));
}

export function definitionOf(snapshot: Snapshot, path: string, offset: number): Location[] {
  const here = idAt(snapshot, path, offset);
  if (!here) return [];
  return sameId(snapshot, here)
    .filter((o) => o.definition)
    .map((o) => locationOf(snapshot, o));
}

export function referencesOf(snapshot: Snapshot, path: string, offset: number, includeDeclaration: boolean): Location[] {
  const here = idAt(snapshot, path, offset);
  if (!here) return [];
  return sameId(snapshot, here)
    .filter((o) => includeDeclaration || !o.definition)
    .map((o) => locationOf(snapshot, o));
}

// ── Rename ──────────────────────────────────────────────────────────────────────────────

const ID = new RegExp(ID_PATTERN);

/** A rename the editor must refuse, with the reason to show. */
export class RenameRefused extends Error {}

const WHAT: Record<SymbolKind, string> = { node: 'Le nœud', flow: 'Le parcours', procedure: 'La procédure', contact: 'Le contact', brand: 'La marque' };
const FOLDER: Partial<Record<SymbolKind, string>> = { procedure: 'procedures', brand: 'brands' };

const NOT_AN_ID = frenchSpacing('Placez le curseur sur un identifiant : un nœud, une procédure, un contact, un parcours ou une marque.');

/** The range to select before a rename, with the id; refused on anything but an id. */
export function prepareRename(snapshot: Snapshot, path: string, offset: number): { range: Range; placeholder: string } {
  const here = idAt(snapshot, path, offset);
  if (!here) throw new RenameRefused(NOT_AN_ID);
  return { range: locationOf(snapshot, here).range, placeholder: here.id };
}

/** The file an id names, when the id is a file's name. */
function fileOf(snapshot: Snapshot, o: Occurrence): string | undefined {
  return sameId(snapshot, o).find((d) => d.byFileName)?.path;
}

/** Why a new id cannot be used, or undefined when it can. */
function refusal(snapshot: Snapshot, here: Occurrence, newId: string): string | undefined {
  if (!ID.test(newId)) {
    return `${q(newId)} n’est pas un identifiant valide : il ne contient que des lettres minuscules sans accent, des chiffres et des tirets, sans tiret au début ni à la fin (par exemple ${q('erreur-carte')}).`;
  }
  const taken = snapshot.occurrences.some((o) => o.definition && symbolKey(o) === symbolKey({ ...here, id: newId }));
  const where = here.kind === 'node' ? ` dans le parcours ${q(here.flow!)}` : '';
  if (taken) return `${WHAT[here.kind]} ${q(newId)} existe déjà${where} : choisissez un autre identifiant, ou supprimez d’abord l’autre.`;
  const file = fileOf(snapshot, here);
  if (file && ['.yaml', '.yml'].some((ext) => existsSync(join(dirname(file), `${newId}${ext}`)))) {
    return `Le fichier ${q(`${newId}${extname(file)}`)} existe déjà dans ${q(basename(dirname(file)))} : choisissez un autre identifiant.`;
  }
  return undefined;
}

export interface RenameSupport {
  /** The editor accepts edits as a list of changes to documents (with their versions). */
  documentChanges: boolean;
  /** It can rename a file as part of an edit. */
  renameFiles: boolean;
}

/**
 * Every change a rename makes: each place the id is written, and the file whose name it is.
 * @throws RenameRefused with the reason in French when the new id is invalid or taken
 */
export function renameEdit(snapshot: Snapshot, path: string, offset: number, newId: string, support: RenameSupport): WorkspaceEdit {
  const here = idAt(snapshot, path, offset);
  if (!here) throw new RenameRefused(NOT_AN_ID);
  if (newId === here.id) return {};
  const refused = refusal(snapshot, here, newId);
  if (refused) throw new RenameRefused(frenchSpacing(refused));
  const file = fileOf(snapshot, here);
  if (file && !(support.documentChanges && support.renameFiles)) {
    const folder = FOLDER[here.kind] ? `flows/${FOLDER[here.kind]}/` : 'flows/';
    throw new RenameRefused(
      frenchSpacing(`${WHAT[here.kind]} ${q(here.id)} est le nom de son fichier, et cet éditeur ne sait pas renommer un fichier : renommez ${q(basename(file))} en ${q(`${newId}${extname(file)}`)} dans ${folder}, puis les références.`),
    );
  }
  const edits = new Map<string, TextEdit[]>();
  for (const o of sameId(snapshot, here)) {
    if (o.end === o.start) continue;
    const list = edits.get(o.path) ?? [];
    list.push({ range: locationOf(snapshot, o).range, newText: newId });
    edits.set(o.path, list);
  }
  if (!support.documentChanges) return { changes: Object.fromEntries([...edits].map(([p, list]) => [uriOf(p), list])) };
  const changes: (TextDocumentEdit | RenameFile)[] = [...edits].map(([p, list]) => {
    const document = snapshot.documents.get(p);
    // Version 0: read from disk, not open in the editor.
    const version = document && document.version > 0 ? document.version : null;
    return { textDocument: { uri: document?.uri ?? uriOf(p), version }, edits: list };
  });
  if (file) changes.push({ kind: 'rename', oldUri: uriOf(file), newUri: uriOf(join(dirname(file), `${newId}${extname(file)}`)) });
  return { documentChanges: changes };
}

// ── Hover ───────────────────────────────────────────────────────────────────────────────

/** A paragraph of a hover: a label in bold, then the editor's text. */
type Line = [label: string | undefined, text: string];

/** What a node is, in words: its kind and what the reader reads there. */
function describeNode(node: FlowNode, project: Project): Line[] {
  switch (node.kind) {
    case 'question':
      return [['Question', plainText(node.question)], ...(node.help ? [[undefined, plainText(node.help)] as Line] : [])];
    case 'procedure': {
      const procedure = project.procedures.get(node.procedure);
      return [['Procédure', procedure ? plainText(procedure.title) : node.procedure]];
    }
    case 'success':
      return [['Réussite', plainText(node.success)]];
    case 'support':
      return [['Support', plainText(node.support)], [undefined, endLabel(node, project)]];
    case 'flow':
      return [['Suite dans un autre parcours', nodeLabel(node, project)], [undefined, endLabel(node, project)]];
  }
}

/** What an id names, in paragraphs; undefined when it names nothing that loaded. */
function describe(project: Project, here: Occurrence): Line[] | undefined {
  const steps = (n: number) => `${n} étape${n > 1 ? 's' : ''}`;
  switch (here.kind) {
    case 'node': {
      const node = project.flows.get(here.flow!)?.nodes.get(here.id);
      return node && [...describeNode(node, project), [undefined, `Nœud ${q(here.id)} du parcours ${q(here.flow!)}`]];
    }
    case 'procedure': {
      const procedure = project.procedures.get(here.id);
      return procedure && [['Procédure', plainText(procedure.title)], [undefined, `${steps(procedure.steps.length)} — ${procedure.origin.file}`]];
    }
    case 'contact': {
      const contact = project.contacts.get(here.id);
      return contact && [['Contact', plainText(contact.name)], ...(contact.for ? [[undefined, plainText(contact.for)] as Line] : [])];
    }
    case 'flow': {
      const flow = project.flows.get(here.id);
      return flow && [['Parcours', plainText(flow.title)], [undefined, `${flow.nodes.size} nœuds — ${flow.origin.file}`]];
    }
    case 'brand': {
      const brand = project.brands.get(here.id);
      return brand && [['Marque', plainText(brand.name)]];
    }
  }
}

/** Markdown that shows a text as written: no markup of the editor's text may take effect. */
const literal = (text: string) => text.replace(/[\\`*_{}[\]()#+\-.!<>|~&]/g, (c) => `\\${c}`);

/** What an id names, as the reader would see it. */
export function hoverOf(snapshot: Snapshot, path: string, offset: number): Hover | null {
  const here = idAt(snapshot, path, offset);
  if (!here) return null;
  const lines = describe(snapshot.check.load.project, here) ?? [[undefined, `${WHAT[here.kind]} ${q(here.id)} n’existe pas, ou son fichier a des erreurs.`]];
  const value = lines.map(([label, text]) => `${label ? `**${label}**\u00a0: ` : ''}${literal(frenchSpacing(text))}`).join('\n\n');
  return { contents: { kind: 'markdown', value }, range: locationOf(snapshot, here).range };
}
