import { dirname, resolve } from 'node:path';
import { analyseProject, type FlowSummary } from './analyse.ts';
import { buildBrand, buildContacts, buildFlow, buildProcedure } from './build-model.ts';
import { q, sortDiagnostics, uniqueDiagnostics, type Diagnostic } from './diagnostics.ts';
import { discover, displayPath, type FoundFile } from './discover.ts';
import { countLoad } from './load-count.ts';
import type { Origin, Project } from './model.ts';
import type { FileKind } from './schema/definitions.ts';
import { slugify, validateSchema } from './schema/validate.ts';
import { checkSemantics } from './semantics.ts';
import { readSource } from './source.ts';
import { obsoleteLines } from './format-changes.ts';
import { contactIdsIn, parseYaml, type ParsedYaml } from './yaml.ts';

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
    files: [],
  };
  const diagnostics: Diagnostic[] = [];
  const parsedByFile = new Map<string, ParsedYaml>();
  const failed: Record<FileKind, Set<string>> = { flow: new Set(), procedure: new Set(), contacts: new Set(), brand: new Set() };
  const raw: { file: string; kind: FileKind; data: unknown }[] = [];
  const definedIn = new Map<string, string>(); // `${kind}:${id}` → file, to report duplicates

  const files = discover(root, cwd);
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
    project.files.push({ file: found.file, kind: found.kind, id: found.id });
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
    const read = readSource(found.path, found.file);
    if (!read.ok) {
      diagnostics.push(read.diagnostic);
      declare(read.text);
      continue;
    }
    diagnostics.push(...read.diagnostics, ...obsoleteLines(found.file, read.text));
    const parsed = parseYaml(found.file, read.text);
    if (!parsed.ok) {
      diagnostics.push(...parsed.diagnostics);
      declare(read.text);
      continue;
    }
    parsedByFile.set(found.file, parsed.parsed);
    const data = parsed.parsed.data;
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

  const { diagnostics: proof, summaries } = analyseProject(project, locate, options.pathLimit);
  diagnostics.push(...proof);

  return { project, diagnostics: sortDiagnostics(uniqueDiagnostics(diagnostics)), summaries, locate };
}
