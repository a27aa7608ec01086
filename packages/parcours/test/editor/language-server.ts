/**
 * The real yaml-language-server (the engine of VS Code's Red Hat YAML extension), started over
 * stdio and driven the way VS Code drives it: French locale, the workspace's `yaml.schemas`
 * settings answered to its `workspace/configuration` request, documents opened and edited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CompletionItem, CompletionList, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';

const require = createRequire(import.meta.url);
const SERVER = require.resolve('yaml-language-server/bin/yaml-language-server');

export interface ServerOptions {
  /** The workspace folder, as VS Code opens it. */
  root: string;
  /** `yaml.schemas` as in .vscode/settings.json: schema path (relative to root) → glob(s). */
  schemas: Record<string, string | string[]>;
  locale?: string;
}

export interface Position {
  line: number;
  character: number;
}

export class LanguageServer {
  private version = new Map<string, number>();
  private waiting = new Map<string, ((diagnostics: Diagnostic[]) => void)[]>();

  private readonly child: ChildProcess;
  private readonly connection: MessageConnection;
  private readonly root: string;

  private constructor(child: ChildProcess, connection: MessageConnection, root: string) {
    this.child = child;
    this.connection = connection;
    this.root = root;
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
      const queue = this.waiting.get(params.uri);
      const next = queue?.shift();
      if (next) next(params.diagnostics);
    });
  }

  /** Starts the server and waits until it has read the settings, as VS Code does on opening a folder. */
  static async start(options: ServerOptions): Promise<LanguageServer> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const server = new LanguageServer(child, connection, options.root);
    const settings = {
      yaml: {
        schemas: options.schemas,
        validate: true,
        hover: true,
        completion: true,
        // VS Code's default is to fetch the SchemaStore catalogue: a test has no network.
        schemaStore: { enable: false },
      },
      http: {},
      '[yaml]': {},
      editor: {},
    };
    let configured!: () => void;
    const read = new Promise<void>((resolve) => (configured = resolve));
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
      setImmediate(configured);
      return params.items.map((item) => settings[(item.section ?? '') as keyof typeof settings] ?? null);
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification(() => undefined);
    connection.listen();
    const rootUri = pathToFileURL(options.root).href;
    await connection.sendRequest('initialize', {
      processId: process.pid,
      locale: options.locale ?? 'fr',
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'projet' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: {
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: {},
        },
      },
    });
    await connection.sendNotification('initialized', {});
    await read;
    return server;
  }

  uri(path: string): string {
    return pathToFileURL(`${this.root}/${path}`).href;
  }

  private nextDiagnostics(uri: string): Promise<Diagnostic[]> {
    return new Promise((resolve) => {
      const queue = this.waiting.get(uri) ?? [];
      queue.push(resolve);
      this.waiting.set(uri, queue);
    });
  }

  /** Opens (or replaces the text of) a document, as typing does, and returns its diagnostics. */
  async write(path: string, text: string): Promise<Diagnostic[]> {
    const uri = this.uri(path);
    const diagnostics = this.nextDiagnostics(uri);
    const version = (this.version.get(uri) ?? 0) + 1;
    this.version.set(uri, version);
    if (version === 1) {
      await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    } else {
      await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    }
    return diagnostics;
  }

  /**
   * Tells the server that files changed on disk, as VS Code does for the JSON files of the
   * workspace; returns the next diagnostics of `document`, which the server then checks again.
   */
  async filesChanged(paths: string[], document: string): Promise<Diagnostic[]> {
    const diagnostics = this.nextDiagnostics(this.uri(document));
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: paths.map((path) => ({ uri: this.uri(path), type: 2 })) });
    return diagnostics;
  }

  async complete(path: string, position: Position): Promise<CompletionItem[]> {
    const result = (await this.connection.sendRequest('textDocument/completion', { textDocument: { uri: this.uri(path) }, position })) as CompletionList | CompletionItem[] | null;
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  async hover(path: string, position: Position): Promise<string> {
    const result = (await this.connection.sendRequest('textDocument/hover', { textDocument: { uri: this.uri(path) }, position })) as Hover | null;
    if (!result) return '';
    const contents = result.contents as MarkupContent | string | (string | { value: string })[];
    if (typeof contents === 'string') return contents;
    if (Array.isArray(contents)) return contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    return contents.value;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone.
    }
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}

/** The position of the `n`-th (0-based) occurrence of `needle` in `text`, plus `offset` characters. */
export function positionOf(text: string, needle: string, offset = 0, n = 0): Position {
  let index = -1;
  for (let i = 0; i <= n; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`${JSON.stringify(needle)} not found`);
  }
  const before = text.slice(0, index + offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}
