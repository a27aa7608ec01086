/**
 * Where each id of a project is defined and where it is used, with the exact piece of text
 * that spells it: what definition, references, rename and hover work from. Read from the
 * YAML syntax tree of each file as it stands, even a file that does not pass the checks (a
 * node still being typed keeps its references findable).
 */
import { basename, extname } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Node as YamlNode, type YAMLMap } from 'yaml';
import { kindOf } from '../core/discover.ts';

/** What an id names. Journeys, procedures and brands are named by their file, contacts and nodes by a key. */
export type SymbolKind = 'flow' | 'node' | 'procedure' | 'contact' | 'brand';

export interface Occurrence {
  kind: SymbolKind;
  id: string;
  /** For a node: its journey. */
  flow?: string;
  /** The absolute path of the file it is written in. */
  path: string;
  /** Offsets of the id's own characters (quotes excluded); 0 and 0 for a file that defines its id by its name. */
  start: number;
  end: number;
  definition: boolean;
  /** The id is the file's name: renaming it renames the file. */
  byFileName?: boolean;
}

/** One key per thing named, across the project: `node:activation/erreur-a`, `contact:service-cartes`. */
export const symbolKey = (o: Pick<Occurrence, 'kind' | 'id' | 'flow'>) => (o.kind === 'node' ? `node:${o.flow}/${o.id}` : `${o.kind}:${o.id}`);

/** Every scalar of a file by where it starts, for underlining a whole word from a diagnostic's start. */
export type ScalarEnds = Map<number, number>;

export interface FileSymbols {
  occurrences: Occurrence[];
  scalarEnds: ScalarEnds;
}

const entry = (map: unknown, key: string): unknown => (isMap(map) ? map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key)?.value : undefined);

/** The offsets of a scalar's own text: inside its quotes, if any. */
function textRange(scalar: Scalar): [number, number] | undefined {
  const range = scalar.range;
  if (!range) return undefined;
  const quoted = scalar.type === Scalar.QUOTE_DOUBLE || scalar.type === Scalar.QUOTE_SINGLE;
  if (scalar.type === Scalar.BLOCK_FOLDED || scalar.type === Scalar.BLOCK_LITERAL) return undefined;
  return quoted ? [range[0] + 1, range[1] - 1] : [range[0], range[1]];
}

/** The scalars of a value that is one id or a list of them. */
const scalarsOf = (value: unknown): Scalar[] => (isScalar(value) ? [value] : isSeq(value) ? value.items.filter(isScalar) : []);

/**
 * The ids a file defines and uses.
 * @param path absolute path: its folder gives its kind, its name the id it defines
 */
export function fileSymbols(path: string, text: string): FileSymbols {
  const occurrences: Occurrence[] = [];
  const scalarEnds: ScalarEnds = new Map();
  const kind = kindOf(path);
  const fileId = basename(path, extname(path));
  const doc = parseDocument(text, { uniqueKeys: false });
  const add = (scalar: Scalar, o: Omit<Occurrence, 'path' | 'start' | 'end' | 'id'>) => {
    const range = textRange(scalar);
    if (range && scalar.value !== null && scalar.value !== '') occurrences.push({ ...o, id: String(scalar.value), path, start: range[0], end: range[1] });
  };
  const uses = (value: unknown, o: Omit<Occurrence, 'path' | 'start' | 'end' | 'id' | 'definition'>) => {
    for (const scalar of scalarsOf(value)) add(scalar, { ...o, definition: false });
  };
  const root = doc.contents;

  switch (kind) {
    case 'flow': {
      occurrences.push({ kind: 'flow', id: fileId, path, start: 0, end: 0, definition: true, byFileName: true });
      uses(entry(root, 'start'), { kind: 'node', flow: fileId });
      uses(entry(root, 'related'), { kind: 'flow' });
      const nodes = entry(root, 'nodes');
      if (!isMap(nodes)) break;
      for (const pair of (nodes as YAMLMap).items) {
        if (isScalar(pair.key)) add(pair.key, { kind: 'node', flow: fileId, definition: true });
        const node = pair.value;
        uses(entry(node, 'next'), { kind: 'node', flow: fileId });
        const answers = entry(node, 'answers');
        if (isSeq(answers)) for (const answer of answers.items) uses(entry(answer, 'next'), { kind: 'node', flow: fileId });
        uses(entry(node, 'procedure'), { kind: 'procedure' });
        uses(entry(node, 'contacts'), { kind: 'contact' });
        const target = entry(node, 'flow');
        uses(target, { kind: 'flow' });
        if (isScalar(target) && target.value !== null) uses(entry(node, 'node'), { kind: 'node', flow: String(target.value) });
      }
      break;
    }
    case 'procedure':
      occurrences.push({ kind: 'procedure', id: fileId, path, start: 0, end: 0, definition: true, byFileName: true });
      uses(entry(root, 'brand'), { kind: 'brand' });
      uses(entry(root, 'variantOf'), { kind: 'procedure' });
      break;
    case 'brand':
      occurrences.push({ kind: 'brand', id: fileId, path, start: 0, end: 0, definition: true, byFileName: true });
      uses(entry(root, 'contacts'), { kind: 'contact' });
      break;
    case 'contacts': {
      const contacts = entry(root, 'contacts');
      if (isMap(contacts)) for (const pair of contacts.items) if (isScalar(pair.key)) add(pair.key, { kind: 'contact', definition: true });
      break;
    }
  }

  const walk = (node: unknown) => {
    if (isScalar(node) && node.range) scalarEnds.set(node.range[0], node.range[1]);
    else if (isMap(node)) {
      for (const pair of node.items) {
        walk(pair.key);
        walk(pair.value);
      }
    } else if (isSeq(node)) node.items.forEach(walk);
  };
  walk(root as YamlNode | null);
  return { occurrences, scalarEnds };
}

/**
 * The journeys and procedures an editorial page (content/*.mdx) shows: `<Logigramme
 * parcours="…" />` and `<Procedure id="…" />`. References only: a rename changes them too.
 */
export function pageSymbols(path: string, text: string): FileSymbols {
  const occurrences: Occurrence[] = [];
  const tags: [RegExp, SymbolKind][] = [
    [/<Logigramme\b[^>]*?\bparcours=(["'])([^"'\n]*)\1/g, 'flow'],
    [/<Procedure\b[^>]*?\bid=(["'])([^"'\n]*)\1/g, 'procedure'],
  ];
  for (const [tag, kind] of tags) {
    for (const match of text.matchAll(tag)) {
      const end = match.index + match[0].length - 1;
      const id = match[2]!;
      if (id) occurrences.push({ kind, id, path, start: end - id.length, end, definition: false });
    }
  }
  return { occurrences, scalarEnds: new Map() };
}

/** The occurrence under an offset of a file (its id's characters, or just after the last one). */
export function occurrenceAt(occurrences: readonly Occurrence[], path: string, offset: number): Occurrence | undefined {
  return occurrences.find((o) => o.path === path && o.end > o.start && o.start <= offset && offset <= o.end);
}
