/**
 * `npm run screenshots -w packages/vscode-parcours`: the pictures of the guide
 * (docs/images/apercu-*.png), taken with Chromium from the preview panel's very page
 * (src/preview-html.ts, media/), fed what the language server answers for the e-CPS journey
 * « activation »: as shown, then while a mistake is being typed. VS Code's webview is a
 * Chromium page too; only its theme colours are given here (a light theme).
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { launchBrowser } from '../../parcours/src/render/browser.ts';
import { serveDir } from '../../parcours/src/render/static-server.ts';
import { diagramOf, type DiagramResult } from '../../parcours/src/lsp/diagram.ts';
import { ContentProject, uriOf } from '../../parcours/src/lsp/workspace.ts';
import { previewHtml } from '../src/preview-html.ts';

const root = join(import.meta.dirname, '..');
const repository = join(root, '..', '..');
const project = join(repository, 'guides', 'e-cps');
const journey = join(project, 'flows', 'activation.yaml');
const images = join(repository, 'docs', 'images');

/** What the server answers for the journey, with these texts open in the editor. */
function diagram(open: TextDocument[]): DiagramResult {
  const snapshot = new ContentProject(project).current({ all: () => open }, { today: () => '2026-12-01', siteUrlFromEnv: false });
  return diagramOf(snapshot, journey);
}

const shown = diagram([]);
// A mistake being typed: `next: activee-a` of « methode-a » misspelt, not saved.
const saved = (await import('node:fs')).readFileSync(journey, 'utf8');
const typing = TextDocument.create(uriOf(journey), 'yaml', 2, saved.replace('  methode-a:\n    procedure: activation-carte\n    next: activee-a', '  methode-a:\n    procedure: activation-carte\n    nxt: activee-a'));
const broken = diagram([typing]);
if (!shown.ok || broken.ok) throw new Error('unexpected diagrams');

const site = mkdtempSync(join(tmpdir(), 'parcours-apercu-'));
for (const file of ['preview.js', 'preview.css']) copyFileSync(join(root, 'media', file), join(site, file));
const mermaid = join(dirname(createRequire(join(repository, 'packages', 'parcours', 'package.json')).resolve('mermaid/package.json')), 'dist', 'mermaid.min.js');
copyFileSync(mermaid, join(site, 'mermaid.min.js'));
const server = await serveDir(site);
const nonce = 'apercu-du-guide';
// The webview's API and theme, as VS Code gives them to the page (a light theme).
const webview = `<link rel="icon" href="data:,">
<script nonce="${nonce}">window.acquireVsCodeApi = () => ({ postMessage: (m) => (window.sent = [...(window.sent ?? []), m]), getState: () => undefined, setState: () => undefined });</script>
<style>:root { --vscode-foreground: #3b3b3b; --vscode-editor-background: #f8f8f8; --vscode-descriptionForeground: #717171; --vscode-font-family: "Liberation Sans", Arial, sans-serif; --vscode-font-size: 14px; }</style>`;
const html = previewHtml({ source: server.url, nonce, mermaid: `${server.url}/mermaid.min.js`, script: `${server.url}/preview.js`, style: `${server.url}/preview.css` }).replace('</head>', `${webview}\n</head>`);
writeFileSync(join(site, 'index.html'), html);

const { browser, close } = await launchBrowser();
const problems: string[] = [];
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 760, height: 900, deviceScaleFactor: 1 });
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.goto(`${server.url}/index.html`, { waitUntil: 'load' });
  const post = (message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), message as never);
  await post({ type: 'diagram', diagram: shown });
  await page.waitForSelector('#logigramme svg g.node[role="button"]');
  // The cursor in « erreur-a »: its box outlined.
  await post({ type: 'cursor', box: shown.nodes.find((n) => n.id === 'erreur-a')!.box });
  await page.waitForSelector('g.node[data-node="erreur-a"] .repere');
  await page.screenshot({ path: join(images, 'apercu-logigramme.png'), fullPage: true });
  await post({ type: 'diagram', diagram: broken });
  await page.waitForSelector('#logigramme.perime');
  await page.screenshot({ path: join(images, 'apercu-logigramme-erreur.png'), clip: { x: 0, y: 0, width: 760, height: 420 } });
  // A click on a box asks the editor to show its node.
  await page.click('g.node[data-node="succes"]');
  const sent = await page.evaluate(() => (window as unknown as { sent: unknown[] }).sent);
  if (!JSON.stringify(sent).includes('"reveal","node":"succes"')) problems.push(`clic : ${JSON.stringify(sent)}`);
} finally {
  await close();
  await server.close();
  rmSync(site, { recursive: true, force: true });
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`Images : ${images}/apercu-logigramme.png, apercu-logigramme-erreur.png`);
