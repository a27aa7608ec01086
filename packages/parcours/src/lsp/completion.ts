/**
 * Completion that needs the journey, not only the schema: inside a node, the fields its kind
 * still lacks (a question offers `help`), and after `next:`, `start:`, `node:`, `procedure:`,
 * `flow:`, `contacts:`, `related:`, `brand:` or `variantOf:`, the ids of the project, the
 * nodes of the journey as typed (unsaved ones included). The text being typed seldom parses:
 * the context is read from the lines and their indentation.
 */
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { kindOf } from '../core/discover.ts';
import { nodeLabel } from '../core/describe.ts';
import { NODE_KINDS, type NodeKind } from '../core/schema/definitions.ts';
import { plainText } from '../core/text.ts';
import type { SymbolKind } from './symbols.ts';
import type { Snapshot } from './workspace.ts';

const indentOf = (line: string) => /^ */.exec(line)![0].length;
const isBlank = (line: string) => /^\s*(#.*)?$/.test(line);
const KEY = /^(\s*)(?:-\s+)?([A-Za-z][\w-]*)\s*:(?:\s+(.*?))?\s*$/;
const KINDS = Object.keys(NODE_KINDS) as NodeKind[];

/** What each field that names something names, by kind of file. */
const FIELDS: Record<string, Partial<Record<string, SymbolKind>>> = {
  flow: { start: 'node', next: 'node', node: 'node', procedure: 'procedure', flow: 'flow', related: 'flow', contacts: 'contact' },
  procedure: { brand: 'brand', variantOf: 'procedure' },
  brand: { contacts: 'contact' },
  contacts: {},
};

/** How a missing field is inserted: its value to fill in (Tab goes on), a list for answers. */
const SNIPPETS: Record<string, string> = {
  answers: 'answers:\n  - label: ${1:Oui}\n    next: ${2:noeud-si-oui}\n  - label: ${3:Non}\n    next: ${4:noeud-si-non}',
  contacts: 'contacts: [${1}]',
};

/** The line above `line` that holds it (less indented, not blank), with its index. */
function parentLine(lines: string[], line: number, indent: number): number | undefined {
  for (let i = line - 1; i >= 0; i--) if (!isBlank(lines[i]!) && indentOf(lines[i]!) < indent) return i;
  return undefined;
}

/** The node a line sits in (`nodes:` › `id:` › here), with the keys the node already has. */
function enclosingNode(lines: string[], line: number, indent: number): { id: string; line: number; keys: Map<string, number> } | undefined {
  const at = parentLine(lines, line, indent);
  if (at === undefined) return undefined;
  const head = KEY.exec(lines[at]!);
  if (!head || head[3]) return undefined;
  const above = parentLine(lines, at, indentOf(lines[at]!));
  if (above === undefined || !/^nodes\s*:\s*(#.*)?$/.test(lines[above]!)) return undefined;
  const keys = new Map<string, number>();
  for (let i = at + 1; i < lines.length && (isBlank(lines[i]!) || indentOf(lines[i]!) > indentOf(lines[at]!)); i++) {
    const key = i === line ? undefined : KEY.exec(lines[i]!);
    if (key && key[1]!.length === indent && !/^\s*-/.test(lines[i]!)) keys.set(key[2]!, i);
  }
  return { id: head[2]!, line: at, keys };
}

/** The value of a key of the node, as written on its line. */
const valueOf = (lines: string[], keys: Map<string, number>, key: string) => {
  const at = keys.get(key);
  return at === undefined ? undefined : KEY.exec(lines[at]!)?.[3]?.replace(/^["']|["']$/g, '');
};

/** The fields of a node's kind it lacks, required ones first. */
function missingFields(kind: NodeKind, present: Map<string, number>, indent: number): CompletionItem[] {
  const schema = NODE_KINDS[kind] as { required?: string[]; properties: Record<string, { description?: string }> };
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties)
    .filter(([key]) => !present.has(key))
    .map(([key, property], i) => ({
      label: key,
      kind: CompletionItemKind.Property,
      detail: required.has(key) ? `${NODE_KINDS[kind].title as string} : champ obligatoire` : `${NODE_KINDS[kind].title as string} : champ facultatif`,
      documentation: { kind: 'markdown', value: property.description ?? '' },
      insertText: (SNIPPETS[key] ?? `${key}: \${0}`).replace(/\n/g, `\n${' '.repeat(indent)}`),
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: `${required.has(key) ? 0 : 1}${String(i).padStart(2, '0')}`,
    }));
}

/** The ids a field may name, each with what it names, as the reader reads it. */
function candidates(snapshot: Snapshot, kind: SymbolKind, flow: string | undefined, path: string): { id: string; detail: string }[] {
  const project = snapshot.check.load.project;
  const ids = new Set<string>();
  for (const o of snapshot.occurrences) {
    if (o.definition && o.kind === kind && (kind !== 'node' || o.flow === flow)) ids.add(o.id);
  }
  // The nodes of the file being typed come from its text: a node just written is offered.
  const detail = (id: string): string => {
    switch (kind) {
      case 'node': {
        const node = project.flows.get(flow ?? '')?.nodes.get(id);
        return node ? nodeLabel(node, project) : '';
      }
      case 'procedure':
        return plainText(project.procedures.get(id)?.title ?? '');
      case 'flow':
        return plainText(project.flows.get(id)?.title ?? '');
      case 'contact':
        return plainText(project.contacts.get(id)?.name ?? '');
      case 'brand':
        return plainText(project.brands.get(id)?.name ?? '');
    }
  };
  const self = kind === 'procedure' && kindOf(path) === 'procedure' ? snapshot.occurrences.find((o) => o.path === path && o.byFileName)?.id : undefined;
  return [...ids].filter((id) => id !== self).sort().map((id) => ({ id, detail: detail(id) }));
}

export function completions(snapshot: Snapshot, path: string, document: TextDocument, position: Position): CompletionItem[] {
  const lines = document.getText().split(/\r?\n/);
  const line = lines[position.line] ?? '';
  const before = line.slice(0, position.character);
  const fileKind = kindOf(path);
  const fileId = snapshot.occurrences.find((o) => o.path === path && o.byFileName)?.id;
  const partial = /[\w-]*$/.exec(before)![0];
  const replace = { start: { line: position.line, character: position.character - partial.length }, end: position };
  const ids = (kind: SymbolKind, flow?: string): CompletionItem[] =>
    candidates(snapshot, kind, flow, path).map(({ id, detail }) => ({ label: id, kind: CompletionItemKind.Reference, detail, textEdit: { range: replace, newText: id } }));

  // A value: `next: |`, `{ label: Oui, next: | }`, `contacts: [a, |`, or an item `- |` of such a list.
  const field =
    /(?:^\s*(?:-\s+)?|[{,]\s*)([A-Za-z]+)\s*:\s*[\w-]*$/.exec(before)?.[1] ??
    /(?:^\s*(?:-\s+)?|[{,]\s*)([A-Za-z]+)\s*:\s*\[(?:[^\]]*,)?\s*[\w-]*$/.exec(before)?.[1] ??
    listOwner(lines, position.line, before);
  const named = field ? FIELDS[fileKind]?.[field] : undefined;
  if (named) {
    if (named !== 'node') return ids(named);
    if (field !== 'node') return ids('node', fileId);
    const node = enclosingNode(lines, position.line, indentOf(line));
    const target = node && valueOf(lines, node.keys, 'flow');
    return target ? ids('node', target) : [];
  }

  // A key inside a node: the fields its kind still lacks.
  if (fileKind !== 'flow' || !/^ +[A-Za-z]*$/.test(before) || !/^[\w-]*\s*$/.test(line.slice(position.character))) return [];
  const indent = indentOf(line);
  const node = enclosingNode(lines, position.line, indent);
  if (!node) return [];
  const kinds = KINDS.filter((kind) => node.keys.has(kind));
  // Without a kind, yaml-language-server offers the five kinds as snippets; with two, the check says which to keep.
  return kinds.length === 1 ? missingFields(kinds[0]!, node.keys, indent) : [];
}

/** For an item `- |` of a block list, the key that owns the list (`contacts:`, `related:`). */
function listOwner(lines: string[], line: number, before: string): string | undefined {
  const item = /^(\s*)-\s+[\w-]*$/.exec(before);
  if (!item) return undefined;
  for (let i = line - 1; i >= 0; i--) {
    const text = lines[i]!;
    if (isBlank(text) || (/^\s*-/.test(text) && indentOf(text) === item[1]!.length)) continue;
    const key = KEY.exec(text);
    return key && !key[3] && indentOf(text) <= item[1]!.length ? key[2] : undefined;
  }
  return undefined;
}
