/**
 * `npm run dev` (`parcours dev --content <copy>`) on a copy of the content project: an edit to a
 * YAML flow shows on the next request without a restart, and a content error shows in every
 * page (answered 200, never 500) instead of a blank screen, until the file is fixed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, ECPS, ROOT, TOOLKIT } from '../helpers/cli.ts';

const copy = mkdtempSync(join(tmpdir(), 'parcours-dev-'));
let server: ChildProcess | undefined;
let base = '';
/** What the dev server printed. */
let output = '';
/** Where Astro remembers when it last asked the registry for a newer version (the toolkit's .astro/). */
const ASTRO_SETTINGS = join(TOOLKIT, '.astro', 'settings.json');
const lastUpdateCheck = () => (existsSync(ASTRO_SETTINGS) ? ((JSON.parse(readFileSync(ASTRO_SETTINGS, 'utf8')) as { _variables?: { lastUpdateCheck?: number } })._variables?.lastUpdateCheck ?? 0) : 0);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function get(path: string): Promise<string> {
  const response = await fetch(`${base}${path}`);
  return response.text();
}

/** The page once the dev server has seen the edit (it reloads the content on the file watcher's event). */
async function getOnceChanged(path: string, expected: string): Promise<string> {
  let html = '';
  for (let i = 0; i < 50 && !html.includes(expected); i++) {
    if (i) await new Promise((r) => setTimeout(r, 200));
    html = await get(path);
  }
  return html;
}

beforeAll(async () => {
  // The content project only: the toolkit (pages, integration) stays where it is.
  for (const entry of ['flows', 'content', 'parcours.yaml']) cpSync(join(ECPS, entry), join(copy, entry), { recursive: true });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // As if Astro had never asked for a newer version: it would ask now, unless told not to.
  if (lastUpdateCheck()) {
    const settings = JSON.parse(readFileSync(ASTRO_SETTINGS, 'utf8')) as { _variables: { lastUpdateCheck: number } };
    settings._variables.lastUpdateCheck = 0;
    writeFileSync(ASTRO_SETTINGS, JSON.stringify(settings));
  }
  server = spawn(process.execPath, [CLI, 'dev', '--content', copy, String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    // Not vitest's environment: with NODE_ENV=test and VITEST set, Astro's dev server misbehaves.
    // Nor CI's: Astro skips its update check there, and the test is that Parcours turns it off.
    env: Object.fromEntries(Object.entries({ ...process.env, NODE_ENV: 'development' }).filter(([key]) => !key.startsWith('VITEST') && key !== 'CI')),
  });
  server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Ready when the home page answers (bounded: the test's own timeout stops a hang).
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('astro dev did not start');
});

afterAll(() => {
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
});

it('shows an edit to a YAML flow on the next request, without a restart', async () => {
  expect(await get('/parcours/activation/')).toContain('J’ai une carte CPx');
  const file = join(copy, 'flows', 'activation.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('question: J’ai une carte CPx ?', 'question: Avez-vous une carte CPx ?'));
  expect(await getOnceChanged('/parcours/activation/', 'Avez-vous une carte CPx')).toContain('Avez-vous une carte CPx');
});

it('draws an edited flow’s diagram again, edit after edit', async () => {
  const file = join(copy, 'flows', 'reactivation.yaml');
  // Short enough to stay on one line of the diagram's box.
  for (const wording of ['Avez-vous la carte CPx', 'Avez-vous une carte CPx']) {
    writeFileSync(file, readFileSync(file, 'utf8').replace(/question: (J’ai ma carte CPx|Avez-vous la carte CPx) \?/, `question: ${wording} ?`));
    const svg = /<svg id="logigramme-reactivation"[\s\S]*?<\/svg>/.exec(await getOnceChanged('/parcours/reactivation/vue-d-ensemble/', wording))?.[0] ?? '';
    expect(svg).toContain(wording);
  }
}, 60_000);

it('tells an open page to reload when a YAML flow changes', async () => {
  // What the page's own Vite client listens to.
  const socket = new WebSocket(base.replace('http', 'ws'), 'vite-hmr');
  const messages: { type: string }[] = [];
  socket.addEventListener('message', (event) => messages.push(JSON.parse(String(event.data)) as { type: string }));
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve);
    socket.addEventListener('error', reject);
  });
  try {
    const file = join(copy, 'flows', 'suppression.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n# modifié\n`);
    for (let i = 0; i < 40 && !messages.some((m) => m.type === 'full-reload'); i++) await new Promise((r) => setTimeout(r, 200));
    expect(messages.map((m) => m.type)).toContain('full-reload');
  } finally {
    socket.close();
  }
});

it('shows a checking error in the page, with its place, instead of a blank screen', async () => {
  const file = join(copy, 'flows', 'activation.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^start: carte$/m, 'start: carte-inconnue'));
  const html = await getOnceChanged('/', 'Les parcours contiennent des erreurs');
  expect(html).toContain('Les parcours contiennent des erreurs');
  expect(html).toMatch(/flows\/activation\.yaml:\d+:\d+/);
  expect(html).toContain('carte-inconnue');
});

it('answers every page of a flow with a schema error 200 with the error panel, and brings them back once fixed', async () => {
  // The previous test's error, fixed: only this flow is broken now.
  const activation = join(copy, 'flows', 'activation.yaml');
  writeFileSync(activation, readFileSync(activation, 'utf8').replace(/^start: carte-inconnue$/m, 'start: carte'));
  const file = join(copy, 'flows', 'suppression.yaml');
  const good = readFileSync(file, 'utf8');
  // A schema error: a question without its answers. The flow no longer loads at all.
  writeFileSync(file, good.replace('question: Depuis quel appareil ?', 'question: Depuis quel appareil ?\n    answer: oubli'));
  await getOnceChanged('/parcours/suppression/appareil/', 'Les parcours contiennent des erreurs');
  const pages = ['/parcours/suppression/', '/parcours/suppression/appareil/', '/parcours/suppression/vue-d-ensemble/', '/', '/procedures/suppression-telephone/'];
  for (const page of pages) {
    const response = await fetch(`${base}${page}`);
    const html = await response.text();
    expect(response.status, page).toBe(200);
    expect(html, page).toContain('Les parcours contiennent des erreurs');
    expect(html, page).toMatch(/flows\/suppression\.yaml:\d+:\d+/);
  }
  writeFileSync(file, good);
  await getOnceChanged('/parcours/suppression/appareil/', 'Depuis quel appareil');
  const response = await fetch(`${base}/parcours/suppression/appareil/`);
  expect(response.status).toBe(200);
  expect(await response.text()).toContain('Depuis quel appareil');
}, 90_000);

it('advertises no Astro upgrade: the toolkit pins its Astro, and Astro never asks the registry', () => {
  expect(output).toContain('ready in');
  expect(output).not.toMatch(/New version of Astro|@astrojs\/upgrade/);
  expect(lastUpdateCheck()).toBe(0);
});
