/**
 * The content projects an editor has open, each checked as a whole from the texts the editor
 * holds (unsaved buffers) and the disk for the rest; its last check is kept until a text of
 * it changes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE } from '../core/config.ts';
import { flowsRootOf } from '../core/discover.ts';
import type { Flow } from '../core/model.ts';
import { memoryParses } from '../core/load.ts';
import { checkContent, type CheckMemo, type ContentCheck } from './check.ts';
import { fileSymbols, pageSymbols, type FileSymbols, type Occurrence } from './symbols.ts';

export const uriOf = (path: string) => pathToFileURL(path).href;

/** The absolute path of a `file:` URI, or undefined for any other scheme (an unsaved new document). */
export function pathOf(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

const isYaml = (path: string) => /\.ya?ml$/i.test(path);

/** One project's check and what the editor's features read from it. */
export interface Snapshot {
  dir: string;
  check: ContentCheck;
  /** Every file of the project as checked, and its editorial pages, by absolute path: the editor's text when open. */
  documents: Map<string, TextDocument>;
  symbols: Map<string, FileSymbols>;
  occurrences: Occurrence[];
}

/** What the workspace needs from the editor: its open texts. */
export interface OpenTexts {
  all(): readonly TextDocument[];
}

export interface WorkspaceOptions {
  /** `YYYY-MM-DD`: review dates are checked against it. */
  today: () => string;
  siteUrlFromEnv: boolean;
}

export class ContentProject {
  readonly dir: string;
  readonly flowsDir: string;
  readonly configPath: string;
  private snapshot: Snapshot | undefined;
  /** Kept from one check to the next: what did not change is not read again. */
  private readonly memo: CheckMemo = { parses: memoryParses() };
  private readonly symbolsByText = new Map<string, { text: string; symbols: FileSymbols }>();

  constructor(dir: string) {
    this.dir = dir;
    this.flowsDir = join(dir, 'flows');
    this.configPath = join(dir, CONFIG_FILE);
  }

  /** The editorial pages (content/*.mdx): they name journeys and procedures too. */
  private pages(): string[] {
    const dir = join(this.dir, 'content');
    try {
      return readdirSync(dir).filter((name) => name.endsWith('.mdx')).sort().map((name) => join(dir, name));
    } catch {
      return [];
    }
  }

  /** Whether a file is one the project checks: parcours.yaml, or a YAML file of its flows folder. */
  contains(path: string): boolean {
    return path === this.configPath || (isYaml(path) && flowsRootOf(path) === this.flowsDir);
  }

  /** Forget the last check: a text of the project changed. */
  invalidate(): void {
    this.snapshot = undefined;
  }

  /** The project checked as the editor holds it (checked again only when something changed). */
  current(open: OpenTexts, options: WorkspaceOptions): Snapshot {
    if (this.snapshot) return this.snapshot;
    const editing = new Map<string, TextDocument>();
    for (const document of open.all()) {
      const path = pathOf(document.uri);
      if (path && this.contains(path)) editing.set(path, document);
    }
    const unsaved = new Map([...editing].map(([path, document]) => [path, document.getText()]));
    const check = checkContent({ dir: this.dir, unsaved, today: options.today(), siteUrlFromEnv: options.siteUrlFromEnv, memo: this.memo });
    const documents = new Map<string, TextDocument>();
    const symbols = new Map<string, FileSymbols>();
    const occurrences: Occurrence[] = [];
    const paths = [...check.load.project.files.map((f) => resolve(this.dir, f.file)), ...(existsSync(this.configPath) || editing.has(this.configPath) ? [this.configPath] : []), ...this.pages()];
    for (const path of paths) {
      const document = editing.get(path) ?? open.all().find((d) => pathOf(d.uri) === path) ?? TextDocument.create(uriOf(path), path.endsWith('.mdx') ? 'mdx' : 'yaml', 0, readText(path));
      documents.set(path, document);
      if (path === this.configPath) continue;
      const text = document.getText();
      const kept = this.symbolsByText.get(path);
      const found = kept?.text === text ? kept.symbols : path.endsWith('.mdx') ? pageSymbols(path, text) : fileSymbols(path, text);
      this.symbolsByText.set(path, { text, symbols: found });
      symbols.set(path, found);
      occurrences.push(...found.occurrences);
    }
    this.snapshot = { dir: this.dir, check, documents, symbols, occurrences };
    return this.snapshot;
  }
}

/** The journey a file defines, when it loaded. */
export function flowAt(snapshot: Snapshot, path: string): Flow | undefined {
  return [...snapshot.check.load.project.flows.values()].find((flow) => resolve(snapshot.dir, flow.origin.file) === path);
}

/** A file's text, or nothing when it cannot be read (the check reports why). */
function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** The projects met so far, by folder. */
export class Workspace {
  private readonly projects = new Map<string, ContentProject>();
  readonly open: OpenTexts;
  readonly options: WorkspaceOptions;

  constructor(open: OpenTexts, options: WorkspaceOptions) {
    this.open = open;
    this.options = options;
  }

  /** The project a file belongs to, if it belongs to one. */
  projectOf(path: string): ContentProject | undefined {
    if (!isYaml(path)) return undefined;
    const dir = projectDirOf(path);
    if (dir === undefined) return undefined;
    let project = this.projects.get(dir);
    if (!project) this.projects.set(dir, (project = new ContentProject(dir)));
    return project.contains(path) ? project : undefined;
  }

  /**
   * The project to check again after a file changed: its own, or, for an editorial page
   * (content/*.mdx, which names journeys and procedures), the project around it if known.
   */
  touched(path: string): ContentProject | undefined {
    if (path.endsWith('.mdx') && basename(dirname(path)) === 'content') return this.projects.get(dirname(dirname(path)));
    return this.projectOf(path);
  }

  /** A project found in a folder the editor opened (parcours.yaml at its top). */
  projectIn(folder: string): ContentProject | undefined {
    return existsSync(join(folder, CONFIG_FILE)) ? this.projectOf(join(folder, CONFIG_FILE)) : undefined;
  }

  /** The snapshot of the project of a document, with the document's path. */
  snapshotOf(uri: string): { project: ContentProject; snapshot: Snapshot; path: string } | undefined {
    const path = pathOf(uri);
    const project = path === undefined ? undefined : this.projectOf(path);
    if (!project || path === undefined) return undefined;
    return { project, snapshot: project.current(this.open, this.options), path };
  }
}

/**
 * The content project of a file, as `parcours check` finds it: the folder of its
 * parcours.yaml, or the folder around the flows folder it sits in.
 */
export function projectDirOf(path: string): string | undefined {
  if (basename(path) === CONFIG_FILE) return dirname(path);
  const flows = flowsRootOf(path);
  return basename(flows) === 'flows' ? dirname(flows) : undefined;
}
