/**
 * Bounded work: what `check` accepts, the build can do in a time and memory proportional to it.
 * Each limit is checked right after a file is parsed, before the schema, the path proof, the
 * diagrams or the site, and each refusal says the limit and where it is passed. The limits
 * are far above what a help journey needs (real guides use a tenth of each at most).
 */
import { q, type Diagnostic } from './diagnostics.ts';
import type { DataPath } from './model.ts';
import type { FileKind } from './schema/definitions.ts';
import { walkValues } from './walk.ts';

export const LIMITS = {
  /** Nesting levels of a YAML document (a flow needs 6). */
  depth: 32,
  /** Characters of a short text: a title, a label, a name. */
  line: 300,
  /** Characters of a text: a question, a step, a description. */
  text: 3000,
  /** Characters of an address. */
  address: 2000,
  /** Nodes of one journey: more cannot be drawn as one diagram a reader can follow. */
  nodes: 300,
  /** Links between the nodes of one journey (answers, `next`): the diagram's edges. */
  links: 600,
  /** Items of any list (answers, steps, pictures…), keys of any other map (contacts of a file). */
  items: 200,
} as const;

/** Fields that hold a short text (`line` in the schema); lists of them are counted item by item. */
const LINE_FIELDS = new Set([
  'title', 'short', 'action', 'label', 'name', 'alt', 'logoAlt', 'cost', 'hours', 'owner', 'src', 'logo',
  'collectionTitle', 'keywords', 'out', 'cache', 'chromium', 'intro', 'related',
  'start', 'next', 'procedure', 'flow', 'node', 'brand', 'variantOf', 'contacts', 'view', 'kind', 'where', 'helper', 'reviewed', 'color', 'language',
]);
const ADDRESS_FIELDS = new Set(['url', 'faq', 'web', 'portal', 'wiki']);

/** A number as French readers write it: 20 000. */
export const frenchNumber = (n: number) => n.toLocaleString('fr-FR').replace(/\s/g, '\u00a0');

/** The limit on a string at `path`, and what it is called in a message. */
function textLimit(path: DataPath, kind: FileKind | 'config'): { limit: number; what: string } {
  const field = [...path].reverse().find((s): s is string => typeof s === 'string');
  // A site's address (config `site.url`) is an address; elsewhere `url` is a link's address.
  if (field !== undefined && ADDRESS_FIELDS.has(field) && !(kind === 'config' && path[0] !== 'site')) return { limit: LIMITS.address, what: 'une adresse' };
  if (field !== undefined && LINE_FIELDS.has(field)) return { limit: LIMITS.line, what: `le champ ${q(field)}` };
  return { limit: LIMITS.text, what: field === undefined ? 'un texte' : `le champ ${q(field)}` };
}

type Locate = (path: DataPath, options?: { key?: boolean }) => { line: number; column: number };

/**
 * Texts too long, lists too long, journeys too large: every limit a parsed file passes, each at
 * its place. Cheap (one walk over the data), so it runs before anything that is not.
 */
export function sizeProblems(file: string, kind: FileKind | 'config', data: unknown, locate: Locate): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: DataPath, key: boolean) => ({ file, ...locate(path, { key }), severity: 'error' as const });
  walkValues(data, (value, path) => {
    if (typeof value === 'string') {
      const { limit, what } = textLimit(path, kind);
      if (value.length > limit) {
        out.push({
          ...at(path, false),
          code: 'text-too-long',
          message: `Texte trop long : ${frenchNumber(value.length)} caractères, pour ${frenchNumber(limit)} au plus dans ${what}.`,
          hint:
            limit === LIMITS.line
              ? 'Un titre ou une étiquette se lit d’un coup d’œil : raccourcissez-le, et mettez le détail dans « description » ou « text ».'
              : 'Découpez ce texte : en plusieurs étapes, en une liste (« items »), ou en un encadré.',
        });
      }
      return;
    }
    const isNodes = kind === 'flow' && path.length === 1 && path[0] === 'nodes';
    const count = Array.isArray(value) ? value.length : value && typeof value === 'object' && !isNodes && path.length > 0 ? Object.keys(value).length : 0;
    if (count > LIMITS.items) {
      out.push({
        ...at(path, true),
        code: 'too-many-items',
        message: `Trop d’éléments : ${frenchNumber(count)} ${Array.isArray(value) ? 'dans cette liste' : 'dans cet ensemble'}, pour ${frenchNumber(LIMITS.items)} au plus.`,
        hint: 'Découpez ce contenu : plusieurs procédures, plusieurs questions, ou plusieurs fichiers de contacts.',
      });
    }
  });
  if (kind === 'flow') out.push(...journeyProblems(file, data, locate));
  return out;
}

/** A journey too large to draw as one diagram or to prove path by path: its nodes and its links. */
function journeyProblems(file: string, data: unknown, locate: Locate): Diagnostic[] {
  const nodes = (data as { nodes?: unknown } | null)?.nodes;
  if (!nodes || typeof nodes !== 'object' || Array.isArray(nodes)) return [];
  const values = Object.values(nodes);
  const links = values.reduce<number>((sum, node) => {
    const n = node as { answers?: unknown; next?: unknown } | null;
    return sum + (Array.isArray(n?.answers) ? n.answers.length : 0) + (n?.next !== undefined ? 1 : 0);
  }, 0);
  const hint = 'Découpez ce parcours en plusieurs parcours reliés par des nœuds « flow » : chacun reste lisible en un logigramme.';
  // Located only for a problem: a kept parse (src/stages/parse-cache.ts) finds places by parsing again.
  const where = () => ({ file, ...locate(['nodes'], { key: true }), severity: 'error' as const, code: 'journey-too-large' as const, hint });
  if (values.length > LIMITS.nodes) return [{ ...where(), message: `Parcours trop grand : ${frenchNumber(values.length)} nœuds, pour ${frenchNumber(LIMITS.nodes)} au plus.` }];
  if (links > LIMITS.links) return [{ ...where(), message: `Parcours trop grand : ${frenchNumber(links)} liens entre ses nœuds (réponses et ${q('next')}), pour ${frenchNumber(LIMITS.links)} au plus.` }];
  return [];
}

/**
 * Where brackets and braces nest deeper than the limit, before the YAML parser sees them (3 000
 * nested brackets cost it seconds, and once cost a stack overflow): the offset of the first
 * one too deep, or undefined. Quoted texts and comments are skipped; a bracket in a plain text
 * counts, which only matters past 32 of them.
 */
export function flowNestingOverflow(text: string, limit: number = LIMITS.depth): number | undefined {
  let depth = 0;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = undefined;
      continue;
    }
    if (quote === "'") {
      if (c === "'") quote = undefined;
      continue;
    }
    if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\n' || text[i - 1] === '\t')) {
      const end = text.indexOf('\n', i);
      if (end === -1) break;
      i = end;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]!))) {
      quote = c;
    } else if (c === '[' || c === '{') {
      if (++depth > limit) return i;
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

/** The refusal of a document nested too deep, at the place it passes the limit. */
export function tooDeep(file: string, line: number, column: number): Diagnostic {
  return {
    file,
    line,
    column,
    code: 'yaml-too-deep',
    severity: 'error',
    message: `Imbrication trop profonde : plus de ${LIMITS.depth} niveaux de listes ou d’ensembles les uns dans les autres.`,
    hint: 'Un parcours n’a besoin que de quelques niveaux : vérifiez les crochets [ ] et accolades { } (un crochet ouvert n’est peut-être jamais refermé), ou l’indentation.',
  };
}
