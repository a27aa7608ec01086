/**
 * The Parcours language server (LSP over stdio), for any editor: `parcours lsp`. It works beside
 * yaml-language-server (which knows the schema) and knows the journeys: it checks the project
 * as `parcours check` does, from the texts being typed, and goes from an id to what it names.
 * This file wires the protocol to the features (one module each); the core does the checking.
 */
import { resolve } from 'node:path';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeWatchedFilesNotification,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { q } from '../core/diagnostics.ts';
import { isoDay } from '../core/freshness.ts';
import { writeProjectSchemas } from '../cli/editor-schemas.ts';
import { readEnv } from '../settings/env.ts';
import { completions } from './completion.ts';
import { SOURCE, toLspDiagnostic } from './diagnostics.ts';
import { CHECKED_NOTIFICATION, diagramOf, DiagramRequest, type DiagramResult } from './diagram.ts';
import { codeLenses } from './lens.ts';
import { projectFolders } from './folders.ts';
import { definitionOf, hoverOf, prepareRename, referencesOf, renameEdit, RenameRefused, type RenameSupport } from './navigation.ts';
import { pathOf, uriOf, Workspace, type ContentProject } from './workspace.ts';
import { announceEditor } from './presence.ts';

/** Typing pauses shorter than this make one check. */
const PAUSE_MS = 40;

/** Codes whose suggestion replaces the very word underlined (a misspelt id or key). */
const REPLACEABLE = /^(unknown-|schema-unknown-field$)/;

/**
 * Serves one editor over the given streams until it says `exit`.
 * @returns the exit code
 */
export function startServer(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<number> {
  const connection = createConnection(ProposedFeatures.all, input, output);
  const documents = new TextDocuments(TextDocument);
  const env = readEnv();
  const workspace = new Workspace(documents, { today: () => isoDay(new Date()), siteUrlFromEnv: env.siteUrl !== undefined });
  let rename: RenameSupport = { documentChanges: false, renameFiles: false };
  let refreshLenses = false;
  let watchFiles = false;
  let folders: string[] = [];

  // ── Checking while typing ───────────────────────────────────────────────────────────
  const published = new Map<ContentProject, Set<string>>();
  const pending = new Set<ContentProject>();
  /** Projects whose files were opened, saved or changed on disk since their schemas were last written. */
  const schemasDue = new Set<ContentProject>();
  let timer: NodeJS.Timeout | undefined;

  const publish = (project: ContentProject) => {
    const snapshot = project.current(workspace.open, workspace.options);
    const byUri = new Map<string, ReturnType<typeof toLspDiagnostic>[]>();
    const uri = (path: string) => snapshot.documents.get(path)?.uri ?? uriOf(path);
    for (const path of snapshot.documents.keys()) if (project.contains(path)) byUri.set(uri(path), []);
    for (const d of snapshot.check.diagnostics) {
      const path = resolve(snapshot.dir, d.file);
      const document = snapshot.documents.get(path) ?? TextDocument.create(uriOf(path), 'yaml', 0, '');
      byUri.set(document.uri, [...(byUri.get(document.uri) ?? []), toLspDiagnostic(d, document, snapshot.symbols.get(path)?.scalarEnds)]);
    }
    // A file gone since the last check keeps no old problems.
    for (const gone of published.get(project) ?? []) if (!byUri.has(gone)) byUri.set(gone, []);
    for (const [to, diagnostics] of byUri) void connection.sendDiagnostics({ uri: to, diagnostics });
    published.set(project, new Set([...byUri].filter(([, list]) => list.length).map(([to]) => to)));
    // The YAML extension's completion reads the project's ids from these schemas, as after `parcours check`.
    if (schemasDue.delete(project)) {
      try {
        writeProjectSchemas(snapshot.check.load.project);
      } catch (error) {
        connection.console.warn(`Les schémas de l’éditeur n’ont pas pu être écrits : ${(error as Error).message}`);
      }
    }
  };

  const flush = () => {
    timer = undefined;
    const projects = [...pending];
    pending.clear();
    for (const project of projects) publish(project);
    void connection.sendNotification(CHECKED_NOTIFICATION, {});
    if (refreshLenses) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  };

  const changed = (project: ContentProject | undefined) => {
    if (!project) return;
    // Its problems are shown here: `parcours check --watch` need not list them too (presence.ts).
    announceEditor(project.dir);
    project.invalidate();
    pending.add(project);
    clearTimeout(timer);
    timer = setTimeout(flush, PAUSE_MS);
  };
  const changedFile = (uri: string, schemas = false) => {
    const path = pathOf(uri);
    const project = path === undefined ? undefined : workspace.touched(path);
    if (project && schemas) schemasDue.add(project);
    changed(project);
  };

  documents.onDidChangeContent((event) => changedFile(event.document.uri));
  documents.onDidClose((event) => changedFile(event.document.uri));
  documents.onDidSave((event) => changedFile(event.document.uri, true));
  connection.onDidChangeWatchedFiles((event) => {
    for (const change of event.changes) changedFile(change.uri, true);
  });

  // ── Opening ─────────────────────────────────────────────────────────────────────────
  connection.onInitialize((params): InitializeResult => {
    const capabilities = params.capabilities;
    rename = {
      documentChanges: capabilities.workspace?.workspaceEdit?.documentChanges === true,
      renameFiles: capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('rename') === true,
    };
    refreshLenses = capabilities.workspace?.codeLens?.refreshSupport === true;
    watchFiles = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    folders = (params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : [])).map(pathOf).filter((p): p is string => p !== undefined);
    return {
      serverInfo: { name: 'parcours' },
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        completionProvider: { triggerCharacters: [' ', '[', ','] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
    };
  });

  connection.onInitialized(() => {
    // Files created, renamed or deleted outside the editor change the project too.
    if (watchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/content/*.mdx' }] });
    // The projects of the opened folders are checked at once: their problems show before any file is opened.
    for (const folder of folders) {
      for (const dir of projectFolders(folder)) {
        const project = workspace.projectIn(dir);
        if (project) schemasDue.add(project);
        changed(project);
      }
    }
  });

  // ── Features ────────────────────────────────────────────────────────────────────────
  /** The project of a document as typed, the document's path and an offset in it. */
  const at = (uri: string, position?: { line: number; character: number }) => {
    const found = workspace.snapshotOf(uri);
    const document = found?.snapshot.documents.get(found.path);
    if (!found || !document) return undefined;
    return { ...found, document, offset: position ? document.offsetAt(position) : 0 };
  };
  const refused = (error: unknown) => {
    if (error instanceof RenameRefused) return new ResponseError(LSPErrorCodes.RequestFailed, error.message);
    throw error;
  };

  connection.onDefinition(({ textDocument, position }) => {
    const here = at(textDocument.uri, position);
    return here ? definitionOf(here.snapshot, here.path, here.offset) : null;
  });
  connection.onReferences(({ textDocument, position, context }) => {
    const here = at(textDocument.uri, position);
    return here ? referencesOf(here.snapshot, here.path, here.offset, context.includeDeclaration) : null;
  });
  connection.onPrepareRename(({ textDocument, position }) => {
    const here = at(textDocument.uri, position);
    if (!here) return null;
    try {
      return prepareRename(here.snapshot, here.path, here.offset);
    } catch (error) {
      return refused(error);
    }
  });
  connection.onRenameRequest(({ textDocument, position, newName }) => {
    const here = at(textDocument.uri, position);
    if (!here) return null;
    try {
      return renameEdit(here.snapshot, here.path, here.offset, newName.trim(), rename);
    } catch (error) {
      return refused(error);
    }
  });
  connection.onHover(({ textDocument, position }) => {
    const here = at(textDocument.uri, position);
    return here ? hoverOf(here.snapshot, here.path, here.offset) : null;
  });
  connection.onCodeLens(({ textDocument }) => {
    const here = at(textDocument.uri);
    return here ? codeLenses(here.snapshot, here.path) : null;
  });
  connection.onCompletion(({ textDocument, position }) => {
    const here = at(textDocument.uri, position);
    return here ? completions(here.snapshot, here.path, here.document, position) : null;
  });
  connection.onCodeAction(({ textDocument, context }): CodeAction[] =>
    context.diagnostics
      .filter((d) => d.source === SOURCE && REPLACEABLE.test(String(d.code)) && typeof (d.data as { suggestion?: unknown } | undefined)?.suggestion === 'string')
      .map((d) => {
        const suggestion = (d.data as { suggestion: string }).suggestion;
        return {
          title: `Remplacer par ${q(suggestion)}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: true,
          edit: { changes: { [textDocument.uri]: [{ range: d.range, newText: suggestion }] } },
        };
      }),
  );
  connection.onRequest(DiagramRequest, ({ uri }): DiagramResult => {
    const here = at(uri);
    return here ? diagramOf(here.snapshot, here.path) : { ok: false, uri, reason: 'Ce fichier n’est pas un fichier d’un projet Parcours (flows/ ou parcours.yaml).', errors: 0 };
  });

  connection.onShutdown(() => clearTimeout(timer));
  documents.listen(connection);
  connection.listen();
  return new Promise((resolve) => connection.onExit(() => resolve(0)));
}
