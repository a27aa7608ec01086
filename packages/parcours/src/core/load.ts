import { existsSync, lstatSync, readdirSync, realpathSync, readlinkSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { analyseProject, type FlowSummary } from './analyse.ts';
import { buildBrand, buildContacts, buildFlow, buildProcedure } from './build-model.ts';
import { q, sortDiagnostics, uniqueDiagnostics, type Diagnostic } from './diagnostics.ts';
import { discover, displayPath, type FoundFile } from './discover.ts';
import { isoDay, reviewDateProblems } from './freshness.ts';
import { sizeProblems } from './limits.ts';
import { checkPage } from './pages.ts';
import { describeFileProblem, readProjectFile } from './project-files.ts';
import { countLoad } from './load-count.ts';
import type { Origin, Project } from './model.ts';
import type { FileKind } from './schema/definitions.ts';
import { slugify, validateSchema } from './schema/validate.ts';
import { checkSemantics } from './semantics.ts';
import { MAX_FILE_BYTES, readSource } from './source.ts';
import { obsoleteLines } from './format-changes.ts';
import { contactIdsIn, parseYaml, type ParsedYaml, type ParseResult } from './yaml.ts';

export interface LoadResult {
  project: Project;
  /** Every problem found, sorted by file and position. */
  diagnostics: Diagnostic[];
  /** One line per flow that loaded, for `parcours check`. */
  summaries: FlowSummary[];
  /** The line and column of a place in a loaded file (for problems found later, e.g. when printing). */
  locate: (origin: Origin, options?: { key?: boolean }) => { line: number; column: number };
}

export interface LoadOptions {
  /** Paths in messages are relative to this folder (default: the current directory). */
  cwd?: string;
  /** Stop listing a flow's paths after this many (default 10 000). */
  pathLimit?: number;
  /** `YYYY-MM-DD`: review dates after it are refused (default: today, in UTC). */
  today?: string;
  /**
   * Texts an editor holds and has not saved, by absolute path: read instead of the disk (the
   * language server checks what is being typed). A path not on disk yet is found all the same.
   */
  unsaved?: ReadonlyMap<string, string>;
  /**
   * Parses kept from one load to the next: a file whose text has not changed is not parsed
   * again (the language server loads the whole project at each pause in typing; a build keeps
   * them on disk, src/stages/parse-cache.ts).
   */
  parses?: ParseCache;
}

/** Where parses are kept between loads, by file and text. */
export interface ParseCache {
  /** The parse of this very text of the file, if kept. */
  get(file: string, text: string): ParseResult | undefined;
  set(file: string, text: string, result: ParseResult): void;
}

/** Parses kept in memory, the last one of each file (the language server's). */
export function memoryParses(): ParseCache {
  const kept = new Map<string, { text: string; result: ParseResult }>();
  return {
    get: (file, text) => (kept.get(file)?.text === text ? kept.get(file)!.result : undefined),
    set: (file, text, result) => void kept.set(file, { text, result }),
  };
}

/** The parse of a file's text, from `parses` when that text was parsed before. */
function parseOnce(file: string, text: string, parses: LoadOptions['parses']): ParseResult {
  const kept = parses?.get(file, text);
  if (kept) return kept;
  const result = parseYaml(file, text);
  parses?.set(file, text, result);
  return result;
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Loads and checks a flows folder: each file is read, parsed and validated against its
 * schema, the valid ones become the model, and then references and the graph of every flow
 * are checked. Never throws on bad content: every problem is a diagnostic.
 *
 * @param dir the flows folder (with its procedures/, contacts/ and brands/ sub-folders)
 * @returns the model (built from the files that passed), the diagnostics and a summary per flow
 */
export function loadFlows(dir: string, options: LoadOptions = {}): LoadResult {
  countLoad();
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, dir);
  const project: Project = {
    root,
    projectRoot: dirname(root),
    flows: new Map(),
    procedures: new Map(),
    contacts: new Map(),
    brands: new Map(),
    pages: new Map(),
    files: [],
  };
  const diagnostics: Diagnostic[] = [];
  const parsedByFile = new Map<string, ParsedYaml>();
  const failed: Record<FileKind, Set<string>> = { flow: new Set(), procedure: new Set(), contacts: new Set(), brand: new Set() };
  const raw: { file: string; kind: FileKind; data: unknown }[] = [];
  const definedIn = new Map<string, string>(); // `${kind}:${id}` → file, to report duplicates

  const files = discover(root, cwd, options.unsaved?.keys());
  // What each file defines by its name, for suggestions (a path written instead of an id).
  const known: Record<FileKind, Set<string>> = { flow: new Set(), procedure: new Set(), contacts: new Set(), brand: new Set() };
  for (const f of files) known[f.kind].add(f.id);
  if (!files.some((f) => f.kind === 'flow')) {
    diagnostics.push({
      file: displayPath(root, cwd),
      line: 1,
      column: 1,
      code: 'no-flows',
      severity: 'error',
      message: `Aucun parcours trouvé dans ${q(displayPath(root, cwd))}.`,
      hint: 'Un parcours est un fichier .yaml placé directement dans ce dossier ; les procédures vont dans procedures/, les contacts dans contacts/, les marques dans brands/.',
    });
  }

  const duplicate = (found: FoundFile, kind: string, id: string, locate: () => { line: number; column: number }) => {
    const key = `${kind}:${id}`;
    const first = definedIn.get(key);
    if (first === undefined) {
      definedIn.set(key, found.file);
      return false;
    }
    const { line, column } = locate();
    diagnostics.push({
      file: found.file,
      line,
      column,
      code: 'duplicate-id',
      severity: 'error',
      message: `L’identifiant ${q(id)} est déjà défini dans ${first}.`,
      hint:
        kind === 'contact'
          ? 'Chaque contact a un identifiant unique : renommez l’un des deux, ou supprimez le doublon.'
          : 'Deux fichiers portent le même nom (par exemple .yaml et .yml) : supprimez le doublon ou renommez l’un des deux.',
    });
    return true;
  };

  for (const found of files) {
    project.files.push({ file: found.file, path: found.path, kind: found.kind, id: found.id });
    if (found.kind !== 'contacts' && !ID.test(found.id)) {
      diagnostics.push({
        file: found.file,
        line: 1,
        column: 1,
        code: 'schema-invalid-id',
        severity: 'error',
        message: `Nom de fichier invalide : ${q(found.id)} (le nom du fichier sert d’identifiant).`,
        hint: 'Renommez le fichier avec des lettres minuscules sans accent, des chiffres et des tirets.',
        ...(slugify(found.id) ? { suggestion: slugify(found.id) } : {}),
      });
    }
    // A file that cannot be read still declares its ids (its name; for contacts, the keys that
    // can be made out), so that other files get no false "unknown" errors because of it.
    const declare = (text: string | undefined) => {
      failed[found.kind].add(found.id);
      if (found.kind === 'contacts' && text !== undefined) for (const id of contactIdsIn(text)) failed.contacts.add(id);
    };
    const read = readSource(found.path, found.file, project.projectRoot, options.unsaved?.get(found.path));
    if (!read.ok) {
      diagnostics.push(read.diagnostic);
      declare(read.text);
      continue;
    }
    diagnostics.push(...read.diagnostics, ...obsoleteLines(found.file, read.text));
    const parsed = parseOnce(found.file, read.text, options.parses);
    if (!parsed.ok) {
      diagnostics.push(...parsed.diagnostics);
      declare(read.text);
      continue;
    }
    parsedByFile.set(found.file, parsed.parsed);
    const data = parsed.parsed.data;
    // Bounded before anything costly reads the file (schema, path proof, diagrams, site).
    const tooLarge = sizeProblems(found.file, found.kind, data, parsed.parsed.locate);
    if (tooLarge.length) {
      diagnostics.push(...tooLarge);
      declare(read.text);
      continue;
    }
    const schemaProblems = validateSchema(found.file, found.kind, parsed.parsed, known);
    if (data !== null && typeof data === 'object') raw.push({ file: found.file, kind: found.kind, data });
    if (schemaProblems.length) {
      diagnostics.push(...schemaProblems);
      failed[found.kind].add(found.id);
      // Contacts files define several ids: keep the well-formed ones known to references.
      if (found.kind === 'contacts') for (const id of Object.keys((data as { contacts?: object })?.contacts ?? {})) failed.contacts.add(id);
      continue;
    }
    switch (found.kind) {
      case 'flow':
        if (!duplicate(found, 'flow', found.id, () => ({ line: 1, column: 1 }))) project.flows.set(found.id, buildFlow(found.id, found.file, data));
        break;
      case 'procedure':
        if (!duplicate(found, 'procedure', found.id, () => ({ line: 1, column: 1 }))) project.procedures.set(found.id, buildProcedure(found.id, found.file, found.path, data));
        break;
      case 'brand':
        if (!duplicate(found, 'brand', found.id, () => ({ line: 1, column: 1 }))) project.brands.set(found.id, buildBrand(found.id, found.file, found.path, data));
        break;
      case 'contacts':
        for (const contact of buildContacts(found.file, data)) {
          if (!duplicate(found, 'contact', contact.id, () => parsed.parsed.locate(contact.origin.path, { key: true }))) project.contacts.set(contact.id, contact);
        }
        break;
    }
  }

  const locate = (origin: Origin, opts?: { key?: boolean; find?: string }) =>
    parsedByFile.get(origin.file)?.locate(origin.path, opts) ?? { line: 1, column: 1 };
  diagnostics.push(...checkSemantics({ project, locate, failed, raw }));
  diagnostics.push(...loadPages(project, cwd, failed));
  const today = options.today ?? isoDay(new Date());
  diagnostics.push(...reviewDateProblems(project, today, (page) => locate({ file: page.file, path: ['reviewed'] }, { key: true })));

  const { diagnostics: proof, summaries } = analyseProject(project, locate, options.pathLimit);
  diagnostics.push(...proof);

  return { project, diagnostics: sortDiagnostics(uniqueDiagnostics(diagnostics)), summaries, locate };
}

/** The editorial pages' folder of a project. */
export const PAGES_DIR = 'content';

/**
 * The editorial pages (content/*.mdx): each read as a regular file of the project, checked as
 * content (see pages.ts), and kept in the model only when it has no error, so that nothing the
 * check refused ever reaches Astro. Links to nothing elsewhere in content/ are reported too:
 * nothing reads them, but they are a mistake the editor can see.
 */
function loadPages(project: Project, cwd: string, failed: Record<FileKind, Set<string>>): Diagnostic[] {
  const dir = join(project.projectRoot, PAGES_DIR);
  if (!existsSync(dir)) return [];
  const diagnostics: Diagnostic[] = [];
  const at = (path: string, d: Omit<Diagnostic, 'file' | 'line' | 'column'>) => diagnostics.push({ file: displayPath(path, cwd), line: 1, column: 1, ...d });
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
  } catch {
    return [];
  }
  const refs = { flows: [...project.flows.keys()], procedures: [...project.procedures.keys()], failed, projectRoot: project.projectRoot };
  // Pictures and logos are reported where they are named; a link among them is not reported twice.
  const named = new Set([...project.procedures.values()].flatMap((p) => p.steps.flatMap((s) => s.pictures.map((picture) => picture.path))));
  for (const brand of project.brands.values()) if (brand.logo) named.add(brand.logo);
  for (const entry of entries) {
    const path = join(dir, entry);
    const isPage = !entry.includes('/') && !entry.includes('\\') && entry.endsWith('.mdx');
    if (!isPage) {
      if (named.has(path)) continue;
      // A link to nothing, anywhere in content/.
      try {
        if (lstatSync(path).isSymbolicLink()) realpathSync(path);
      } catch {
        let target = '';
        try {
          target = readlinkSync(path);
        } catch {
          target = '';
        }
        at(path, { code: 'file-unreadable', severity: 'warning', message: `Ce lien mène à ${q(target)}, qui n’existe pas.`, hint: 'Remplacez le lien par le fichier lui-même, ou supprimez-le.' });
      }
      continue;
    }
    const read = readProjectFile(path, project.projectRoot, MAX_FILE_BYTES);
    if (!read.ok) {
      const { problem } = read;
      const code = problem.kind === 'outside' ? 'file-outside-project' : problem.kind === 'not-a-file' ? 'file-not-regular' : problem.kind === 'too-large' ? 'file-too-large' : 'file-unreadable';
      at(path, { code, severity: 'error', ...describeFileProblem(problem, 'Cette page') });
      continue;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes).replace(/^\ufeff/, '');
    } catch {
      at(path, { code: 'file-encoding', severity: 'error', message: 'Cette page n’est pas encodée en UTF-8.', hint: 'Enregistrez-la en UTF-8 (dans VS Code : barre d’état, « Enregistrer avec l’encodage », UTF-8).' });
      continue;
    }
    const slug = basename(entry, extname(entry));
    const file = displayPath(path, cwd);
    if (!ID.test(slug)) {
      diagnostics.push({
        file,
        line: 1,
        column: 1,
        code: 'schema-invalid-id',
        severity: 'error',
        message: `Nom de page invalide : ${q(slug)} (le nom du fichier devient l’adresse de la page).`,
        hint: 'Renommez le fichier avec des lettres minuscules sans accent, des chiffres et des tirets.',
        ...(slugify(slug) ? { suggestion: slugify(slug) } : {}),
      });
      continue;
    }
    const checked = checkPage(file, path, slug, text, refs);
    diagnostics.push(...checked.diagnostics);
    if (checked.page) project.pages.set(slug, checked.page);
  }
  return diagnostics;
}
