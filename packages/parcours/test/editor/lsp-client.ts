/**
 * An LSP client for the Parcours language server, as an editor drives it: the real
 * `parcours lsp` started over stdio by the real CLI, spoken to through vscode-jsonrpc, with
 * the capabilities of VS Code that matter here (edits as document changes, file renames,
 * watched files). Documents are opened and typed into without being saved.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeLens, CompletionItem, CompletionList, Diagnostic, Hover, Location, MarkupContent, Range, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { CLI } from '../helpers/cli.ts';
import type { Position } from './language-server.ts';

export class LspClient {
  /** The latest diagnostics of each document, by URI. */
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Capabilities the server registered (file watching). */
  readonly registered: string[] = [];
  private readonly versions = new Map<string, number>();
  private checkedWaiters: (() => void)[] = [];
  private readonly child: ChildProcess;
  private readonly connection: MessageConnection;
  readonly root: string;
  stderr = '';

  private constructor(child: ChildProcess, connection: MessageConnection, root: string) {
    this.child = child;
    this.connection = connection;
    this.root = root;
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
      this.diagnostics.set(params.uri, params.diagnostics);
    });
    connection.onNotification('parcours/checked', () => {
      const waiters = this.checkedWaiters;
      this.checkedWaiters = [];
      for (const resolve of waiters) resolve();
    });
    connection.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
      this.registered.push(...params.registrations.map((r) => r.method));
      return null;
    });
    connection.onRequest('workspace/codeLens/refresh', () => null);
    connection.onNotification(() => undefined);
  }

  /**
   * Starts `parcours lsp` in `root` (the folder the editor opened) and waits for the first
   * check of the projects found there.
   * @param command what starts the server (default: the real CLI, on this Node)
   */
  static async start(root: string, command: string[] = [process.execPath, CLI, 'lsp', '--stdio']): Promise<LspClient> {
    const child = spawn(command[0]!, command.slice(1), { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection, root);
    connection.listen();
    const rootUri = pathToFileURL(root).href;
    const checked = client.nextCheck();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      locale: 'fr',
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'projet' }],
      capabilities: {
        workspace: {
          workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
          didChangeWatchedFiles: { dynamicRegistration: true },
          codeLens: { refreshSupport: true },
        },
        textDocument: {
          rename: { prepareSupport: true },
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: {},
        },
      },
    });
    await connection.sendNotification('initialized', {});
    await checked;
    return client;
  }

  uri(path: string): string {
    return pathToFileURL(join(this.root, path)).href;
  }

  path(uri: string): string {
    return fileURLToPath(uri).slice(this.root.length + 1);
  }

  /** Resolves after the server's next check (it says so once each check is published). */
  nextCheck(): Promise<void> {
    return new Promise((resolve) => this.checkedWaiters.push(resolve));
  }

  /** Opens a document with its text on disk (or `text`), and waits for the check that follows. */
  async open(path: string, text = readFileSync(join(this.root, path), 'utf8')): Promise<string> {
    const uri = this.uri(path);
    this.versions.set(uri, 1);
    const checked = this.nextCheck();
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    await checked;
    return text;
  }

  /** Replaces the text of an open document, as typing does (nothing saved), and waits for the check. */
  async type(path: string, text: string): Promise<void> {
    const uri = this.uri(path);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const checked = this.nextCheck();
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    await checked;
  }

  async close(path: string): Promise<void> {
    const checked = this.nextCheck();
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri(path) } });
    await checked;
  }

  /** Tells the server files changed on disk (as the editor's file watcher does) and waits for the check. */
  async filesChanged(paths: string[]): Promise<void> {
    const checked = this.nextCheck();
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: paths.map((path) => ({ uri: this.uri(path), type: 2 })) });
    await checked;
  }

  diagnosticsOf(path: string): Diagnostic[] {
    return this.diagnostics.get(this.uri(path)) ?? [];
  }

  definition(path: string, position: Position): Promise<Location[]> {
    return this.connection.sendRequest('textDocument/definition', { textDocument: { uri: this.uri(path) }, position }) as Promise<Location[]>;
  }

  references(path: string, position: Position, includeDeclaration = true): Promise<Location[]> {
    return this.connection.sendRequest('textDocument/references', { textDocument: { uri: this.uri(path) }, position, context: { includeDeclaration } }) as Promise<Location[]>;
  }

  prepareRename(path: string, position: Position): Promise<{ range: Range; placeholder: string } | null> {
    return this.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri: this.uri(path) }, position }) as Promise<{ range: Range; placeholder: string } | null>;
  }

  rename(path: string, position: Position, newName: string): Promise<WorkspaceEdit | null> {
    return this.connection.sendRequest('textDocument/rename', { textDocument: { uri: this.uri(path) }, position, newName }) as Promise<WorkspaceEdit | null>;
  }

  async hover(path: string, position: Position): Promise<string> {
    const result = (await this.connection.sendRequest('textDocument/hover', { textDocument: { uri: this.uri(path) }, position })) as Hover | null;
    return result ? (result.contents as MarkupContent).value : '';
  }

  codeLenses(path: string): Promise<CodeLens[]> {
    return this.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: this.uri(path) } }) as Promise<CodeLens[]>;
  }

  async complete(path: string, position: Position): Promise<CompletionItem[]> {
    const result = (await this.connection.sendRequest('textDocument/completion', { textDocument: { uri: this.uri(path) }, position })) as CompletionList | CompletionItem[] | null;
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  codeActions(path: string, diagnostics: Diagnostic[]): Promise<{ title: string; edit: WorkspaceEdit }[]> {
    const range = diagnostics[0]!.range;
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: this.uri(path) }, range, context: { diagnostics } }) as Promise<{ title: string; edit: WorkspaceEdit }[]>;
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  /**
   * Applies a WorkspaceEdit to the files on disk, as an editor does before saving all: each
   * document's edits (last first, so that earlier ranges stay right), then the file renames.
   * @returns the files written, relative to the root
   */
  applyToDisk(edit: WorkspaceEdit): string[] {
    const written: string[] = [];
    for (const change of edit.documentChanges ?? []) {
      if ('kind' in change) {
        if (change.kind !== 'rename') throw new Error(`unexpected ${change.kind}`);
        const to = fileURLToPath(change.newUri);
        mkdirSync(dirname(to), { recursive: true });
        renameSync(fileURLToPath(change.oldUri), to);
        written.push(this.path(change.newUri));
        continue;
      }
      const { textDocument, edits } = change as TextDocumentEdit;
      const file = fileURLToPath(textDocument.uri);
      writeFileSync(file, applyEdits(readFileSync(file, 'utf8'), edits as { range: Range; newText: string }[]));
      written.push(this.path(textDocument.uri));
    }
    return written;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // Already gone.
    }
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      const timer = setTimeout(() => (this.child.kill(), resolve()), 5000);
      this.child.once('exit', () => (clearTimeout(timer), resolve()));
    });
    this.connection.dispose();
  }

  get exitCode(): number | null {
    return this.child.exitCode;
  }
}

/** A text with LSP edits applied (ranges in lines and UTF-16 characters). */
export function applyEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: Position) => starts[p.line]! + p.character;
  let out = text;
  for (const edit of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  }
  return out;
}
