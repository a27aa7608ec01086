/**
 * The editorial pages (content/*.mdx) are content, not code. MDX is a language in which a page
 * can import modules and run JavaScript when the site is built; the people who edit content are
 * not the people who review code, so a page may hold only Markdown, a frontmatter, and the
 * components the toolkit gives pages (PAGE_COMPONENTS), with plain text attributes. Everything
 * else (import, export, {expressions}, HTML, other components) is refused here, with its
 * position, by `check` and before the build hands any page to Astro.
 *
 * Pages are parsed with satteri, the parser Astro's MDX integration compiles them with, so what
 * is checked is what would be compiled. Its cost grows faster than the page on a few shapes
 * (deeply nested quotes or lists, a brace in a code span), so a page's length, its nesting and
 * its braces are bounded before it is parsed.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { MdastNode } from 'satteri';
import { addressesIn, addressProblem } from './addresses.ts';
import { closest, q, type Diagnostic } from './diagnostics.ts';
import { controlCharacters } from './characters.ts';
import { frenchNumber, LIMITS } from './limits.ts';
import type { Page } from './model.ts';
import { isInside } from './project-files.ts';
import { controlDiagnostic, positionOf } from './source.ts';
import { pictureFileProblem } from './pictures.ts';
import type { Report } from './semantics.ts';
import { parseYaml } from './yaml.ts';

/** The components a page may use, each with its attributes and what each names. */
export const PAGE_COMPONENTS: Record<string, { attributes: Record<string, 'flow' | 'procedure'>; example: string }> = {
  Logigramme: { attributes: { parcours: 'flow' }, example: '<Logigramme parcours="activation" />' },
  Procedure: { attributes: { id: 'procedure' }, example: '<Procedure id="activation-carte" />' },
  IdentifiantNational: { attributes: {}, example: '<IdentifiantNational />' },
};

/** The frontmatter's fields: `title` is required. */
const FRONTMATTER: Record<string, 'text' | 'number'> = { title: 'text', description: 'text', footer: 'text', order: 'number' };

/** Characters of a page (about 4 500 words): a longer page is several pages. */
export const MAX_PAGE_CHARS = 30_000;
/** Quotes and lists nested in one another on one line (> > > …, - - - …). */
export const MAX_PAGE_NESTING = 10;

const COMPONENT_LIST = Object.values(PAGE_COMPONENTS)
  .map((c) => c.example)
  .join(', ');

/** What a page may refer to: the project's flows and procedures (ids of broken files count as known). */
export interface PageReferences {
  flows: Iterable<string>;
  procedures: Iterable<string>;
  failed: { flow: Set<string>; procedure: Set<string> };
  /** Pictures must stay inside it. */
  projectRoot: string;
}

type Problem = Omit<Diagnostic, 'file' | 'severity'>;

/** A page of this site, written from its root, with an optional anchor: `/contacts/`, `/parcours/activation/#etapes`. */
const SITE_PATH = /^\/(?:[A-Za-z0-9._~%-]+\/)*(?:[A-Za-z0-9._~%-]+)?(?:#[A-Za-z0-9._~%-]*)?$/;

/**
 * What is wrong with a link to a page of this site (`[contacts](/contacts/)`), or undefined.
 * The site puts the path it is published under in front (site/components/mdx/Link.astro). A
 * journey or a procedure it names must exist: its page would be a 404.
 */
function sitePathProblem(url: string, refs: PageReferences): Report | undefined {
  const segments = url.replace(/#.*$/, '').split('/');
  if (!SITE_PATH.test(url) || segments.some((segment) => segment === '.' || segment === '..')) {
    return {
      code: 'invalid-url',
      message: `Lien mal formé : ${q(url)}.`,
      hint: 'Un lien vers une page de ce site s’écrit depuis sa racine, sans espace ni « .. » : /contacts/, /parcours/<parcours>/, /procedures/<procédure>/ ; un autre site, avec https://.',
    };
  }
  const [, section, id] = segments;
  const kind = section === 'parcours' ? 'flow' : section === 'procedures' ? 'procedure' : undefined;
  if (!kind || !id) return undefined;
  const known = [...(kind === 'flow' ? refs.flows : refs.procedures)];
  if (refs.failed[kind].has(id) || known.includes(id)) return undefined;
  const suggestion = closest(id, known);
  const where = kind === 'flow' ? 'Un parcours a pour adresse /parcours/ suivi du nom de son fichier dans flows/, sans .yaml.' : 'Une procédure a pour adresse /procedures/ suivi du nom de son fichier dans flows/procedures/, sans .yaml.';
  return {
    code: kind === 'flow' ? 'unknown-flow' : 'unknown-procedure',
    message: `Ce lien mène à ${kind === 'flow' ? 'un parcours' : 'une procédure'} qui n’existe pas : ${q(id)}.`,
    hint: suggestion ? `Vouliez-vous écrire ${q(url.replace(`/${id}`, `/${suggestion}`))} ? ${where}` : where,
  };
}

/** The frontmatter block at the top of a page: its text and the line its first field is on. */
function frontmatterOf(text: string): { yaml: string; firstLine: number; end: number } | undefined {
  if (!/^---[ \t]*\r?\n/.test(text)) return undefined;
  const start = text.indexOf('\n') + 1;
  const close = /^(?:---|\.\.\.)[ \t]*$/m;
  const rest = text.slice(start);
  const match = close.exec(rest);
  if (!match) return undefined;
  return { yaml: rest.slice(0, match.index), firstLine: 2, end: start + match.index + match[0].length };
}

/** Line and column of an offset. */
function at(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Braces outside code blocks (MDX runs what is inside them) and quotes or lists nested too deep
 * on one line: found in one pass, before the parser (for which both are costly).
 */
function beforeParsing(text: string, from: number): Problem | undefined {
  let fence: { char: string; length: number } | undefined;
  for (let lineStart = from; lineStart < text.length; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (fenceMark && fenceMark[1]![0] === fence.char && fenceMark[1]!.length >= fence.length && line.slice(fenceMark[0].length).trim() === '') fence = undefined;
    } else if (fenceMark) {
      fence = { char: fenceMark[1]![0]!, length: fenceMark[1]!.length };
    } else {
      const depth = containerDepth(line);
      if (depth > MAX_PAGE_NESTING) {
        return {
          ...at(text, lineStart),
          code: 'page-too-deep',
          message: `Trop de citations ou de listes imbriquées sur cette ligne : ${frenchNumber(depth)} niveaux, pour ${MAX_PAGE_NESTING} au plus.`,
          hint: 'Une page se lit mieux à plat : quelques niveaux de liste suffisent.',
        };
      }
      for (let i = 0; i < line.length; i++) {
        const c = line[i]!;
        if (c === '\\') i++;
        else if (c === '{' || c === '}') {
          return {
            ...at(text, lineStart + i),
            code: 'page-code',
            message: `Accolade ${q(c)} dans le texte : dans une page MDX, ce qui est entre accolades est du code, qui n’est pas permis.`,
            hint: 'Écrivez \\{ et \\} pour afficher une accolade, ou mettez le texte dans un bloc de code (entre deux lignes ```).',
          };
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/** How many quotes (>) and list items (-, +, *, 1.) open one inside another at the start of a line. */
function containerDepth(line: string): number {
  let depth = 0;
  let i = 0;
  const markers = new Set<string>();
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    const c = line[i];
    if (c === '>') {
      depth++;
      i++;
    } else if ((c === '-' || c === '+' || c === '*') && (line[i + 1] === ' ' || line[i + 1] === '\t')) {
      markers.add(c);
      depth++;
      i += 2;
    } else {
      let j = i;
      while (j < line.length && j - i < 9 && line[j]! >= '0' && line[j]! <= '9') j++;
      if (j > i && (line[j] === '.' || line[j] === ')') && (line[j + 1] === ' ' || line[j + 1] === '\t')) {
        depth++;
        i = j + 2;
      } else break;
    }
  }
  // "* * * * *" alone on its line is a horizontal rule, not nested lists.
  if (markers.size === 1 && line.slice(i).trim() === '' && !line.includes('>')) return 0;
  return depth;
}

/** Position of a parsed node. */
const where = (node: MdastNode) => ({ line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 });

/** The components and HTML a page holds, their attributes, links, pictures and code: every problem. */
function contentProblems(tree: MdastNode, page: { path: string; pictures: string[] }, refs: PageReferences): Problem[] {
  const out: Problem[] = [];
  const push = (node: MdastNode, problem: Report) => out.push({ ...where(node), code: problem.code, message: problem.message, ...(problem.hint ? { hint: problem.hint } : {}), ...(problem.suggestion ? { suggestion: problem.suggestion } : {}) });
  const known = { flow: [...refs.flows], procedure: [...refs.procedures] };
  const stack: MdastNode[] = [tree];
  while (stack.length) {
    const node = stack.pop()!;
    const children = (node as { children?: MdastNode[] }).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    switch (node.type) {
      case 'mdxjsEsm':
        push(node, {
          code: 'page-code',
          message: `La page contient du code (${q(firstLine((node as { value: string }).value))}) : import et export ne sont pas permis.`,
          hint: `Une page n’écrit que du texte en Markdown et les composants prévus : ${COMPONENT_LIST}.`,
        });
        break;
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        push(node, { code: 'page-code', message: 'La page contient une expression entre accolades : du code, qui n’est pas permis.', hint: 'Écrivez \\{ et \\} pour afficher une accolade.' });
        break;
      case 'html':
        push(node, { code: 'raw-html', message: `La page contient du HTML (${q(firstLine((node as { value: string }).value))}), qui n’est pas permis.`, hint: `Écrivez en Markdown ; les seuls composants permis sont ${COMPONENT_LIST}.` });
        break;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement':
        out.push(...componentProblems(node, refs, known));
        break;
      case 'link':
      case 'definition':
      case 'image': {
        const url = (node as { url: string }).url;
        if (node.type === 'image') {
          const path = resolve(dirname(page.path), decodeURIOrSelf(url));
          const outside = /^[a-z][a-z0-9+.-]*:/i.test(url) || isAbsolute(url) || !isInside(path, refs.projectRoot);
          const problem = outside
            ? { code: 'picture-outside-project' as const, message: `L’image ${q(url)} est hors du projet.`, hint: 'Une image de page est un fichier du projet, indiqué par son chemin relatif à la page (par exemple images/ecran.png).' }
            : pictureFileProblem(path, refs.projectRoot, `L’image ${q(url)}`);
          if (problem) push(node, problem);
          else page.pictures.push(path);
          if (!(node as { alt?: string | null }).alt?.trim()) push(node, { code: 'schema-missing-field', message: `L’image ${q(url)} n’a pas de texte alternatif.`, hint: 'Écrivez ce que montre l’image entre les crochets : ![Écran de connexion](images/ecran.png).' });
        } else {
          const problem = /^\/(?!\/)/.test(url) ? sitePathProblem(url, refs) : addressProblem(url);
          if (problem) push(node, problem);
        }
        break;
      }
      case 'text': {
        for (const found of addressesIn((node as { value: string }).value)) {
          if (found.kind !== 'bare') continue;
          const problem = addressProblem(found.address);
          if (problem) push(node, problem);
        }
        break;
      }
    }
  }
  return out;
}

/** One component: known, with its text attributes only, naming what exists. */
function componentProblems(node: MdastNode, refs: PageReferences, known: { flow: string[]; procedure: string[] }): Problem[] {
  const element = node as unknown as { name: string | null; attributes: { type: string; name?: string; value?: unknown }[]; children: MdastNode[] };
  const name = element.name ?? '';
  const out: Problem[] = [];
  const here = where(node);
  const spec = PAGE_COMPONENTS[name];
  if (!spec) {
    const suggestion = closest(name, Object.keys(PAGE_COMPONENTS));
    out.push({
      ...here,
      code: 'raw-html',
      message: /^[a-z]/.test(name) || name === '' ? `La page contient du HTML (${q(`<${name}>`)}), qui n’est pas permis.` : `Composant inconnu : ${q(`<${name}>`)}.`,
      hint: `Écrivez en Markdown (**gras**, [lien](https://…), listes, titres) ; les seuls composants permis sont ${COMPONENT_LIST}.`,
      ...(suggestion ? { suggestion } : {}),
    });
    return out;
  }
  const given = new Set<string>();
  for (const attribute of element.attributes) {
    if (attribute.type !== 'mdxJsxAttribute' || typeof attribute.name !== 'string') {
      out.push({ ...here, code: 'page-code', message: `Le composant ${q(`<${name}>`)} reçoit du code entre accolades, qui n’est pas permis.`, hint: `Écrivez-le ainsi : ${spec.example}.` });
      continue;
    }
    const kind = spec.attributes[attribute.name];
    if (!kind) {
      const suggestion = closest(attribute.name, Object.keys(spec.attributes));
      out.push({
        ...here,
        code: 'page-component',
        message: `Le composant ${q(`<${name}>`)} n’a pas d’attribut ${q(attribute.name)}.`,
        hint: `Écrivez-le ainsi : ${spec.example}.`,
        ...(suggestion ? { suggestion } : {}),
      });
      continue;
    }
    if (typeof attribute.value !== 'string') {
      out.push({ ...here, code: 'page-code', message: `L’attribut ${q(attribute.name)} de ${q(`<${name}>`)} doit être un texte entre guillemets, pas du code.`, hint: `Écrivez-le ainsi : ${spec.example}.` });
      continue;
    }
    given.add(attribute.name);
    const value = attribute.value;
    if (!refs.failed[kind].has(value) && !known[kind].includes(value)) {
      const suggestion = closest(value, known[kind]);
      out.push({
        ...here,
        code: kind === 'flow' ? 'unknown-flow' : 'unknown-procedure',
        message: `${kind === 'flow' ? 'Le parcours' : 'La procédure'} ${q(value)} n’existe pas.`,
        hint: kind === 'flow' ? 'Un parcours se désigne par le nom de son fichier dans flows/, sans .yaml.' : 'Une procédure se désigne par le nom de son fichier dans flows/procedures/, sans .yaml.',
        ...(suggestion ? { suggestion } : {}),
      });
    }
  }
  for (const required of Object.keys(spec.attributes)) {
    if (!given.has(required) && !out.some((p) => p.code === 'page-code')) {
      out.push({ ...here, code: 'page-component', message: `Le composant ${q(`<${name}>`)} a besoin de l’attribut ${q(required)}.`, hint: `Écrivez-le ainsi : ${spec.example}.` });
    }
  }
  if (element.children.length) {
    out.push({ ...here, code: 'page-component', message: `Le composant ${q(`<${name}>`)} ne contient rien : écrivez-le seul, fermé par « /> ».`, hint: `Écrivez-le ainsi : ${spec.example}.` });
  }
  return out;
}

const firstLine = (text: string) => {
  const line = text.split('\n')[0]!;
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
};

function decodeURIOrSelf(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/** The frontmatter's fields, checked: `title` required, the known fields only, each of its type. */
function frontmatterProblems(file: string, text: string): { problems: Problem[]; fields: Partial<Pick<Page, 'title' | 'description' | 'footer' | 'order'>> } {
  const block = frontmatterOf(text);
  const noTitle = (line: number): Problem => ({
    line,
    column: 1,
    code: 'schema-missing-field',
    message: 'La page n’a pas de titre (champ « title » de son en-tête).',
    hint: 'Commencez la page par un en-tête entre deux lignes « --- » : « --- », « title: Le titre de la page », « --- ».',
  });
  if (!block) return { problems: [noTitle(1)], fields: {} };
  if (block.yaml.trim() === '') return { problems: [noTitle(1)], fields: {} };
  const parsed = parseYaml(file, block.yaml);
  const shift = (p: { line: number; column: number }) => ({ line: p.line + block.firstLine - 1, column: p.column });
  if (!parsed.ok) return { problems: parsed.diagnostics.map((d) => ({ ...d, ...shift(d) })), fields: {} };
  const data = parsed.parsed.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { problems: [noTitle(1)], fields: {} };
  const problems: Problem[] = [];
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const type = FRONTMATTER[key];
    const place = shift(parsed.parsed.locate([key], { key: true }));
    if (!type) {
      const suggestion = closest(key, Object.keys(FRONTMATTER));
      problems.push({ ...place, code: 'schema-unknown-field', message: `Champ inconnu dans l’en-tête de la page : ${q(key)}.`, hint: `Champs possibles : ${Object.keys(FRONTMATTER).join(', ')}.`, ...(suggestion ? { suggestion } : {}) });
    } else if (type === 'number' ? typeof value !== 'number' || !Number.isFinite(value) : typeof value !== 'string' || !value.trim()) {
      problems.push({ ...shift(parsed.parsed.locate([key])), code: 'schema-type', message: `Le champ ${q(key)} attend ${type === 'number' ? 'un nombre' : 'un texte'}.`, hint: type === 'number' ? 'Par exemple « order: 2 ».' : `Par exemple « ${key}: Aide ».` });
    } else if (typeof value === 'string' && value.length > (key === 'description' ? LIMITS.text : LIMITS.line)) {
      const limit = key === 'description' ? LIMITS.text : LIMITS.line;
      problems.push({ ...shift(parsed.parsed.locate([key])), code: 'text-too-long', message: `Texte trop long : ${frenchNumber(value.length)} caractères, pour ${frenchNumber(limit)} au plus dans le champ ${q(key)}.`, hint: 'Raccourcissez-le.' });
    } else {
      fields[key] = value;
    }
  }
  if (!('title' in data)) problems.push(noTitle(1));
  return { problems, fields: fields as Partial<Page> };
}

type MdxParser = (text: string) => MdastNode;
let parser: MdxParser | null | undefined;

/**
 * satteri's MDX parser, loaded on first use: it is a native module, which the copy of the
 * language server that the VS Code extension carries (one JavaScript file) cannot hold. There,
 * a page is reported as not checked rather than the whole server failing to start.
 */
function mdxParser(): MdxParser | null {
  if (parser === undefined) {
    try {
      parser = (createRequire(import.meta.url)('satteri') as typeof import('satteri')).mdxToMdast;
    } catch {
      parser = null;
    }
  }
  return parser;
}

/**
 * Checks one page's text (already read and decoded): every problem with its position, and the
 * page when it has none that stops it from being shown.
 */
export function checkPage(file: string, path: string, slug: string, text: string, refs: PageReferences): { page?: Page; diagnostics: Diagnostic[] } {
  // Invisible characters are reported wherever they are, and do not stop the other checks.
  const invisible = controlCharacters(text, true)
    .slice(0, 10)
    .map((found) => {
      const { line, column } = positionOf(text, found.offset);
      return controlDiagnostic(file, line, column, found.description);
    });
  const diagnostics = (problems: Problem[]): Diagnostic[] => [...invisible, ...problems.map((p): Diagnostic => ({ file, severity: 'error', ...p }))];
  if (text.length > MAX_PAGE_CHARS) {
    return {
      diagnostics: diagnostics([
        { line: 1, column: 1, code: 'text-too-long', message: `Page trop longue : ${frenchNumber(text.length)} caractères, pour ${frenchNumber(MAX_PAGE_CHARS)} au plus.`, hint: 'Découpez-la en plusieurs pages.' },
      ]),
    };
  }
  const { problems, fields } = frontmatterProblems(file, text);
  const early = beforeParsing(text, frontmatterOf(text)?.end ?? 0);
  if (early) return { diagnostics: diagnostics([...problems, early]) };
  const parse = mdxParser();
  if (!parse) {
    return {
      diagnostics: diagnostics([
        ...problems,
        {
          line: 1,
          column: 1,
          code: 'page-parser-missing',
          message: 'Cette page ne peut pas être vérifiée ici : l’analyseur MDX de Parcours (le paquet satteri) n’est pas installé.',
          hint: 'Installez la boîte à outils du projet (npm install), puis relancez la vérification ou l’éditeur.',
        },
      ]),
    };
  }
  let tree: MdastNode;
  try {
    tree = parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /^(\d+):(\d+):\s*(.*)$/s.exec(message);
    const detail = (position?.[3] ?? message).split('\n')[0]!;
    const comment = /comment in MDX/.test(detail);
    return {
      diagnostics: diagnostics([
        ...problems,
        {
          line: position ? Number(position[1]) : 1,
          column: position ? Number(position[2]) : 1,
          code: 'page-syntax',
          message: comment ? 'La page contient un commentaire HTML (<!-- … -->), qui n’est pas permis en MDX.' : 'Syntaxe MDX invalide ici (une balise « < » mal fermée ?).',
          hint: comment
            ? 'Supprimez le commentaire.'
            : `Pour écrire le signe « < », écrivez \\< ; les seuls composants permis sont ${COMPONENT_LIST}. (Détail technique : ${detail.replace(/\s*\([^)]*\)\s*$/, '')}.)`,
        },
      ]),
    };
  }
  const pictures: string[] = [];
  const all = [...problems, ...contentProblems(tree, { path, pictures }, refs)];
  const page = all.length === 0 && invisible.length === 0 && typeof fields.title === 'string' ? { slug, file, path, ...fields, title: fields.title, pictures } : undefined;
  return { ...(page ? { page } : {}), diagnostics: diagnostics(all) };
}
