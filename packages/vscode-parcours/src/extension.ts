/**
 * The Parcours extension for VS Code, kept thin: it starts the Parcours language server for
 * the project's YAML files (the server and the toolkit's core do the work) and adds the
 * « Parcours : aperçu du logigramme » panel. The Red Hat YAML extension, recommended beside
 * it, keeps doing what it does (schema, snippets).
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DiagramPreview } from './preview.ts';
import { chooseServer } from './toolkit.ts';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Parcours', { log: true });
  const projects = (await vscode.workspace.findFiles('**/parcours.yaml', '**/node_modules/**', 20)).map((uri) => dirname(uri.fsPath)).sort();
  const choice = chooseServer(projects, vscode.Uri.joinPath(context.extensionUri, 'server', 'parcours-lsp.cjs').fsPath);
  let server: ServerOptions;
  if (choice.kind === 'project') {
    output.info(`Serveur de langage de la boîte à outils du projet (parcours ${choice.version}, ${choice.bin}).`);
    // VS Code's own Node runs the launcher, which moves to a newer Node itself when needed.
    const run = { command: process.execPath, args: [choice.bin, 'lsp', '--stdio'], options: { cwd: choice.project, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } } };
    server = { run, debug: run };
  } else {
    output.info(`Serveur de langage de l’extension : ${choice.reason}.`);
    server = { module: choice.module, transport: TransportKind.stdio };
  }
  const options: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml', pattern: '**/flows/**/*.{yaml,yml}' },
      { scheme: 'file', language: 'yaml', pattern: '**/parcours.yaml' },
    ],
    outputChannel: output,
  };
  client = new LanguageClient('parcours', 'Parcours', server, options);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('parcours.apercu', () => client && DiagramPreview.show(context.extensionUri, client)),
    client.onNotification('parcours/checked', () => DiagramPreview.refresh()),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
