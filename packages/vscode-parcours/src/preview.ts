/**
 * « Parcours : aperçu du logigramme »: a panel beside the editor with the diagram of the
 * journey being typed. The language server gives the diagram (the Mermaid text of the core,
 * checked as typed); the panel draws it again after each check and takes the editor to the
 * node of a box clicked.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { DiagramResult } from '../../parcours/src/lsp/diagram.ts';
import { previewHtml } from './preview-html.ts';

/** The server's answer (a type only: nothing of the toolkit runs in the extension). */
type Diagram = DiagramResult;

const isJourney = (document: vscode.TextDocument) => document.uri.scheme === 'file' && /[\\/]flows[\\/][^\\/]+\.ya?ml$/.test(document.uri.fsPath);

export class DiagramPreview {
  private static shown: DiagramPreview | undefined;
  private readonly panel: vscode.WebviewPanel;
  private document: vscode.TextDocument;
  private diagram: Diagram | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  /** Opens the panel for the active journey, or brings it forward. */
  static show(extension: vscode.Uri, client: LanguageClient): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isJourney(editor.document)) {
      void vscode.window.showInformationMessage('Ouvrez un parcours (un fichier de flows/) pour voir son logigramme.');
      return;
    }
    if (DiagramPreview.shown) {
      DiagramPreview.shown.follow(editor.document);
      DiagramPreview.shown.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    DiagramPreview.shown = new DiagramPreview(extension, client, editor.document);
  }

  /** After each check of the server: the diagram may have changed. */
  static refresh(): void {
    void DiagramPreview.shown?.update();
  }

  private constructor(
    extension: vscode.Uri,
    private readonly client: LanguageClient,
    document: vscode.TextDocument,
  ) {
    this.document = document;
    const media = vscode.Uri.joinPath(extension, 'media');
    this.panel = vscode.window.createWebviewPanel('parcours.logigramme', 'Logigramme', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [media],
      retainContextWhenHidden: true,
    });
    const webview = this.panel.webview;
    webview.html = previewHtml({
      source: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      mermaid: webview.asWebviewUri(vscode.Uri.joinPath(media, 'mermaid.min.js')).toString(),
      script: webview.asWebviewUri(vscode.Uri.joinPath(media, 'preview.js')).toString(),
      style: webview.asWebviewUri(vscode.Uri.joinPath(media, 'preview.css')).toString(),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((message: { type: string; node?: string }) => {
        if (message.type === 'ready') void this.update();
        else if (message.type === 'reveal' && message.node) void this.reveal(message.node);
      }),
      // Another journey brought to the front: the panel follows it.
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isJourney(editor.document) && editor.document !== this.document) this.follow(editor.document);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor.document === this.document) this.cursorAt(event.selections[0]!.active);
      }),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  private follow(document: vscode.TextDocument): void {
    this.document = document;
    this.diagram = undefined;
    void this.update();
  }

  private async update(): Promise<void> {
    const uri = this.document.uri.toString();
    const diagram = await this.client.sendRequest<Diagram>('parcours/diagram', { uri });
    if (uri !== this.document.uri.toString()) return;
    this.diagram = diagram;
    // « Logigramme : J’active mon compte », with the no-break space French puts before the colon.
    if (diagram.ok) this.panel.title = `Logigramme\u00a0: ${diagram.title}`;
    await this.panel.webview.postMessage({ type: 'diagram', diagram });
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    if (editor) this.cursorAt(editor.selection.active);
  }

  /** The node whose key is the last one at or above the cursor. */
  private cursorAt(position: vscode.Position): void {
    if (!this.diagram?.ok) return;
    const above = this.diagram.nodes.filter((n) => n.range.start.line <= position.line).sort((a, b) => b.range.start.line - a.range.start.line)[0];
    void this.panel.webview.postMessage({ type: 'cursor', box: above?.box });
  }

  private async reveal(node: string): Promise<void> {
    const target = this.diagram?.ok ? this.diagram.nodes.find((n) => n.id === node) : undefined;
    if (!target) return;
    const { start, end } = target.range;
    const range = new vscode.Range(start.line, start.character, end.line, end.character);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    const editor = await vscode.window.showTextDocument(this.document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection: range });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private dispose(): void {
    DiagramPreview.shown = undefined;
    for (const d of this.disposables) d.dispose();
  }
}
