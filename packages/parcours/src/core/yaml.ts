import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Parser, parseDocument, visit, type Document, type Node as YamlNode, type YAMLError } from 'yaml';
import { q, type Diagnostic } from './diagnostics.ts';
import { flowNestingOverflow, LIMITS, tooDeep } from './limits.ts';
import type { DataPath } from './model.ts';

/** More aliases than this is an "alias bomb" (a few lines that expand to gigabytes). */
const MAX_ALIASES = 100;

export interface ParsedYaml {
  data: unknown;
  /** Finds where a value (or its key) sits in the file. */
  /**
   * Finds where a value (or, with `key`, its key) sits in the file; with `find`, where that
   * piece of text first occurs inside the value (to point at the bad link in a long text).
   */
  locate: (path: DataPath, options?: { key?: boolean; find?: string }) => { line: number; column: number };
}

export type ParseResult = { ok: true; parsed: ParsedYaml } | { ok: false; diagnostics: Diagnostic[] };

// The parser's messages, in French, for the mistakes editors make. Others fall back to a
// general message that still gives the position.
const MESSAGES: Record<string, [string, string]> = {
  DUPLICATE_KEY: ['Clé en double : cette clé existe déjà plus haut au même niveau.', 'Chaque clé (et chaque identifiant de nœud) ne doit apparaître qu’une fois : renommez ou supprimez l’une des deux.'],
  TAB_AS_INDENT: ['Tabulation dans l’indentation.', 'Remplacez la tabulation par des espaces.'],
  BAD_INDENT: ['Indentation incorrecte.', 'Alignez cette ligne avec les clés de même niveau (des espaces, deux par niveau) ; un crochet [ ou une accolade { ouverte doit être refermée.'],
  MISSING_CHAR: ['Caractère manquant (guillemet, crochet ou accolade non refermé ?).', 'Refermez le guillemet, le crochet ] ou l’accolade } ouvert plus haut.'],
  UNEXPECTED_TOKEN: ['Caractère inattendu à cet endroit.', 'Un texte qui commence par [ { * & ! | > % @ ou ` doit être mis entre guillemets.'],
  BLOCK_AS_IMPLICIT_KEY: ['Une clé est attendue ici (oubli des deux-points « : » ?).', 'Écrivez « clé: valeur », avec une espace après les deux-points.'],
  MULTILINE_IMPLICIT_KEY: ['Une clé ne peut pas s’étendre sur plusieurs lignes (deux-points « : » manquant à la ligne précédente ?).', 'Vérifiez la ligne précédente : il y manque sans doute « : » ou un guillemet.'],
  MULTIPLE_DOCS: ['Ce fichier contient plusieurs documents YAML (séparés par « --- »).', 'Un fichier ne décrit qu’une chose : retirez la ligne « --- » ou scindez le fichier.'],
  BAD_ALIAS: ['Alias invalide.', 'Les alias (*nom) ne sont pas utiles dans un parcours : écrivez la valeur en entier.'],
  BAD_SCALAR_START: ['Début de texte invalide.', 'Mettez ce texte entre guillemets.'],
  TAG_RESOLVE_FAILED: ['Étiquette YAML (!…) inconnue.', 'Retirez l’étiquette commençant par « ! ».'],
  UNEXPECTED_FLOW_SEQ_END: ['Crochet fermant « ] » inattendu.', 'Vérifiez les crochets de la liste.'],
  UNEXPECTED_FLOW_MAP_END: ['Accolade fermante « } » inattendue.', 'Vérifiez les accolades.'],
  MISSING_ANCHOR: ['Alias vers une ancre qui n’existe pas.', 'Retirez l’alias (*nom) et écrivez la valeur en entier.'],
  KEY_OVER_1024_CHARS: ['Clé trop longue (plus de 1024 caractères).', 'Une clé est un identifiant court ; le texte va dans la valeur.'],
};

/**
 * Where an unclosed quote or bracket opens. The parser notices only at the end of the file,
 * which is no help to an editor: the concrete syntax tree still knows where it started.
 */
function unclosedOpening(text: string): { offset: number; what: string } | undefined {
  let best: { offset: number; what: string } | undefined;
  // Without recursion: the concrete syntax tree is as deep as the file's nesting.
  const stack: unknown[] = [...new Parser().parse(text)];
  while (stack.length) {
    const token = stack.pop();
    if (!token || typeof token !== 'object') continue;
    if (Array.isArray(token)) {
      stack.push(...token);
      continue;
    }
    const t = token as { type?: string; source?: string; offset?: number; end?: unknown[]; start?: { offset: number; source: string } };
    let found: { offset: number; what: string } | undefined;
    if ((t.type === 'double-quoted-scalar' || t.type === 'single-quoted-scalar') && t.source !== undefined && t.offset !== undefined) {
      const quote = t.source[0]!;
      if (t.source.length < 2 || !t.source.trimEnd().endsWith(quote)) found = { offset: t.offset, what: `le guillemet ${quote}` };
    } else if (t.type === 'flow-collection' && t.start && Array.isArray(t.end) && t.end.length === 0) {
      found = { offset: t.start.offset, what: `${t.start.source === '[' ? 'le crochet' : 'l’accolade'} ${t.start.source}` };
    }
    if (found && (!best || found.offset < best.offset)) best = found;
    for (const value of Object.values(t)) if (value && typeof value === 'object') stack.push(value);
  }
  return best;
}

/** The first node nested deeper than the limit (block or flow), or undefined. Without recursion. */
function tooDeepNode(doc: Document): YamlNode | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= LIMITS.depth) return node;
    for (const item of node.items) stack.push({ node: isPair(item) ? item.value : item, depth: depth + 1 });
  }
  return undefined;
}

/** What is wrong at a place, in the editor's terms: a position, a message and the fix. */
interface Explained {
  line: number;
  column: number;
  message: string;
  hint: string;
}

/** A line `key: value`, possibly a list item (`- key: value`): where its key and value start. */
const KEY_LINE = /^(\s*(?:-[ ]+)*)([A-Za-z0-9_][\w-]*)[ ]*:(?:[ ]+(.*?))?[ ]*$/;
const ITEM_LINE = /^([ ]*)-(?:[ ]|$)/;
const indentOf = (line: string) => /^[ ]*/.exec(line)![0].length;
const isBlank = (line: string | undefined) => line === undefined || /^\s*(#.*)?$/.test(line);

/** A text as a YAML value between quotes: double quotes, unless it holds some. */
function quoted(value: string): string {
  return /["\\]/.test(value) ? `'${value.replace(/'/g, "''")}'` : `"${value}"`;
}

/**
 * The common layout mistakes of editors, recognised on the lines around a parser error so that
 * the message gives the right fix: a text with « : » left unquoted (French puts a space before
 * the colon), a list item out of line with its list, a line indented too much or too little.
 */
function explainLayout(text: string, errorLine: number, errorColumn: number): Explained | undefined {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const at = (n: number) => lines[n - 1];
  const previous = (n: number) => {
    let p = n - 1;
    while (p >= 1 && isBlank(at(p))) p--;
    return p >= 1 ? p : undefined;
  };
  const following = (n: number) => {
    let f = n + 1;
    while (f <= lines.length && isBlank(at(f))) f++;
    return f <= lines.length ? f : undefined;
  };
  const keyColumn = (line: string) => {
    const m = KEY_LINE.exec(line);
    return m ? m[1]!.length : undefined;
  };

  // 1. `question: Attention : …`: the value holds « : » and no quotes around it.
  const line = at(errorLine) ?? '';
  const kv = KEY_LINE.exec(line);
  const value = kv?.[3];
  if (kv && value && !/^["'[{|>&*!]/.test(value) && /:(\s|$)/.test(value)) {
    const column = kv[1]!.length + line.slice(kv[1]!.length).indexOf(value, kv[2]!.length) + 1;
    const fixed = `${kv[1]!.replace(/^\s+/, '')}${kv[2]}: ${quoted(value)}`;
    return {
      line: errorLine,
      column,
      message: 'Ce texte contient « : » suivi d’une espace, ce que le YAML lit comme une nouvelle clé.',
      hint: `Mettez le texte entre guillemets : \`${fixed}\`.`,
    };
  }

  // 2. A list item out of line with its list (the parser stops at or before its « - »).
  const item = ITEM_LINE.exec(line);
  if (item && errorColumn <= item[1]!.length + 1) {
    let p = previous(errorLine);
    while (p !== undefined && !ITEM_LINE.test(at(p)!)) p = previous(p);
    const sibling = p === undefined ? undefined : indentOf(at(p)!);
    return {
      line: errorLine,
      column: item[1]!.length + 1,
      message: 'Élément de liste mal placé : ce « - » n’est pas aligné avec les éléments de sa liste.',
      hint:
        sibling !== undefined && sibling !== item[1]!.length
          ? `Vérifiez l’indentation : les « - » d’une même liste commencent à la même colonne (colonne ${sibling + 1}, comme à la ligne ${p}), et les lignes d’un élément s’alignent sous son premier mot.`
          : 'Vérifiez l’indentation : les « - » d’une même liste commencent à la même colonne, et les lignes d’un élément s’alignent sous son premier mot.',
    };
  }

  // 3. A key indented more or less than the key of the line above, whose value is already given.
  for (const [culprit, above] of [[errorLine, previous(errorLine)], [following(errorLine), errorLine]] as const) {
    if (culprit === undefined || above === undefined) continue;
    const here = KEY_LINE.exec(at(culprit)!);
    const there = KEY_LINE.exec(at(above)!);
    if (!here || !there || !there[3] || ITEM_LINE.test(at(culprit)!)) continue;
    const column = keyColumn(at(culprit)!)!;
    const expected = keyColumn(at(above)!)!;
    if (column === expected) continue;
    return {
      line: culprit,
      column: column + 1,
      message: `Indentation incorrecte : ${q(here[2]!)} n’est pas aligné avec ${q(there[2]!)} (ligne ${above}).`,
      hint: `Vérifiez l’indentation : placez ${q(here[2]!)} à la colonne ${expected + 1}, sous ${q(there[2]!)}, s’il fait partie du même élément ; un nouvel élément de liste commence par « - ».`,
    };
  }
  return undefined;
}

function fromYamlError(file: string, error: YAMLError, text: string, lineCounter: LineCounter): Diagnostic {
  const [message, hint] = MESSAGES[error.code] ?? ['Syntaxe YAML invalide.', `Vérifiez cette ligne (détail technique : ${error.message.split('\n')[0]}).`];
  const position = error.linePos?.[0] ?? { line: 1, col: 1 };
  const unclosed = unclosedOpening(text);
  if (unclosed && unclosed.offset <= error.pos[0]) {
    const at = lineCounter.linePos(unclosed.offset);
    return {
      file,
      line: at.line,
      column: at.col,
      code: 'yaml-syntax',
      severity: 'error',
      message: `${unclosed.what[0]!.toUpperCase()}${unclosed.what.slice(1)} ouvert ici n’est jamais refermé.`,
      hint: `Refermez ${unclosed.what} sur la même ligne (ou retirez-le : un texte simple n’a pas besoin de guillemets).`,
    };
  }
  const code = error.code === 'DUPLICATE_KEY' ? 'yaml-duplicate-key' : error.code === 'MULTIPLE_DOCS' ? 'yaml-multiple-documents' : 'yaml-syntax';
  if (code === 'yaml-syntax') {
    const explained = explainLayout(text, position.line, position.col);
    if (explained) return { file, code, severity: 'error', ...explained };
  }
  return { file, line: position.line, column: position.col, code, severity: 'error', message, hint };
}

/**
 * The ids a contacts file declares, read from a file that does not parse: what the parser
 * still recovers, and the keys one level under `contacts:`, by their indentation. Enough
 * for references to them not to be reported as unknown while the file is broken.
 */
export function contactIdsIn(text: string): string[] {
  const ids = new Set<string>();
  try {
    const contacts = parseDocument(text, { uniqueKeys: false }).get('contacts');
    if (isMap(contacts)) for (const pair of contacts.items) if (isScalar(pair.key)) ids.add(String(pair.key.value));
  } catch {
    // Nothing recovered that way: the indentation below still tells.
  }
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^contacts[ ]*:/.test(l));
  if (start !== -1) {
    const keys: { indent: number; id: string }[] = [];
    for (const line of lines.slice(start + 1)) {
      if (isBlank(line)) continue;
      if (indentOf(line) === 0) break;
      const key = /^([ ]+)([A-Za-z0-9_][\w-]*)[ ]*:/.exec(line);
      if (key) keys.push({ indent: key[1]!.length, id: key[2]! });
    }
    const top = Math.min(...keys.map((k) => k.indent));
    for (const k of keys) if (k.indent === top) ids.add(k.id);
  }
  return [...ids];
}

/** Parses YAML text, keeping what is needed to point at any value later. */
export function parseYaml(file: string, text: string): ParseResult {
  const lineCounter = new LineCounter();
  // Nesting is bounded before the parser sees the text: it is the one cost that grows faster than the file.
  const overflow = flowNestingOverflow(text);
  if (overflow !== undefined) {
    const before = text.slice(0, overflow);
    const line = before.split('\n').length;
    return { ok: false, diagnostics: [tooDeep(file, line, overflow - before.lastIndexOf('\n'))] };
  }
  // The parser's own duplicate-key check is quadratic (4 s on a 10 000-node flow): ours is not.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: true, strict: true });
  const deep = tooDeepNode(doc);
  if (deep) {
    const { line, col } = lineCounter.linePos(deep.range?.[0] ?? 0);
    return { ok: false, diagnostics: [tooDeep(file, line, col)] };
  }
  const duplicates = duplicateKeys(doc, lineCounter, file);
  if (doc.errors.length > 0 || duplicates.length > 0) {
    // After the first syntax error the parser's view of the rest is unreliable (one missing
    // quote yields dozens of errors): keep that first one, and duplicate keys, which stand alone.
    const firstSyntax = doc.errors.find((e) => e.code !== 'DUPLICATE_KEY');
    const syntax = firstSyntax ? [fromYamlError(file, firstSyntax, text, lineCounter)] : [];
    const before = (d: Diagnostic) => !firstSyntax || d.line < syntax[0]!.line || (d.line === syntax[0]!.line && d.column < syntax[0]!.column);
    return { ok: false, diagnostics: [...duplicates.filter(before), ...syntax] };
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    const firstAlias = /(^|[\s[{,:-])\*[^\s,\]}]+/.exec(text);
    const position = lineCounter.linePos(firstAlias ? firstAlias.index + firstAlias[1]!.length : 0);
    const bomb = error instanceof Error && /alias count/i.test(error.message);
    return {
      ok: false,
      diagnostics: [
        {
          file,
          line: position.line,
          column: position.col,
          code: bomb ? 'yaml-alias-bomb' : 'yaml-syntax',
          severity: 'error',
          message: bomb
            ? `Trop d’alias YAML (plus de ${MAX_ALIASES} expansions) : ce fichier se démultiplierait à l’infini (« bombe d’alias »).`
            : 'Alias YAML vers une ancre introuvable.',
          hint: 'Les alias (*nom) ne sont pas utiles dans un parcours : écrivez chaque valeur en entier.',
        },
      ],
    };
  }

  const locate = (path: DataPath, options: { key?: boolean; find?: string } = {}) => {
    const node = find(doc, path, options.key ?? false);
    let offset = node?.range?.[0] ?? 0;
    if (options.find && node?.range) {
      const inside = text.slice(node.range[0], node.range[1]).indexOf(options.find);
      if (inside !== -1) offset += inside;
    }
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return { ok: true, parsed: { data, locate } };
}

/** Keys written twice in one map, each reported where it is repeated, naming the first. */
function duplicateKeys(doc: Document, lineCounter: LineCounter, file: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const offset = pair.key.range?.[0] ?? 0;
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, offset);
          continue;
        }
        const { line, col } = lineCounter.linePos(offset);
        const firstLine = lineCounter.linePos(first).line;
        found.push({
          file,
          line,
          column: col,
          code: 'yaml-duplicate-key',
          severity: 'error',
          message: `Clé en double : ${q(key)} est déjà écrite ligne ${firstLine}, au même niveau.`,
          hint: 'Chaque clé (et chaque identifiant de nœud) ne doit apparaître qu’une fois à un même niveau : renommez ou supprimez l’une des deux.',
        });
      }
    },
  });
  return found;
}

/**
 * The YAML node at `path`, or the deepest existing ancestor when the path goes further than
 * the document (a missing field is reported on the object that lacks it). With `key`, the
 * node of the last key rather than its value (for "unknown field" messages).
 */
function find(doc: Document, path: DataPath, key: boolean): YamlNode | undefined {
  let current: unknown = doc.contents;
  let keyNode: YamlNode | undefined;
  for (const segment of path) {
    if (isAlias(current)) current = current.resolve(doc);
    if (isMap(current)) {
      const pair = current.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return current;
      keyNode = pair.key as YamlNode;
      // A key with no value (`next:`) has no value node: point at the key.
      current = pair.value ?? pair.key;
    } else if (isSeq(current) && typeof segment === 'number') {
      const item = current.items[segment];
      if (item === undefined) return current;
      keyNode = undefined;
      current = item;
    } else {
      return current as YamlNode;
    }
  }
  if (key && keyNode) return keyNode;
  return current as YamlNode;
}

