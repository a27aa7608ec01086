/**
 * `npm run dev` on a copy of the project: an edit to a YAML flow shows on the next request
 * without a restart, and a checking error shows in the page instead of a blank screen.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

const copy = mkdtempSync(join(tmpdir(), 'parcours-dev-'));
let server: ChildProcess | undefined;
let base = '';

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

beforeAll(async () => {
  for (const entry of ['src', 'flows', 'content', 'public', 'astro.config.mjs', 'package.json', 'tsconfig.json']) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'dev', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: copy,
    stdio: 'ignore',
    detached: true,
    // Not vitest's environment: with NODE_ENV=test and VITEST set, Astro's dev server misbehaves.
    env: Object.fromEntries(Object.entries({ ...process.env, NODE_ENV: 'development' }).filter(([key]) => !key.startsWith('VITEST'))),
  });
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
  expect(await get('/parcours/activation/')).toContain('Avez-vous une carte CPx');
});

it('draws an edited flow’s diagram again, edit after edit', async () => {
  const file = join(copy, 'flows', 'reactivation.yaml');
  // Short enough to stay on one line of the diagram's box.
  for (const wording of ['Avez-vous la carte CPx', 'Avez-vous une carte CPx']) {
    writeFileSync(file, readFileSync(file, 'utf8').replace(/question: (J’ai ma carte CPx|Avez-vous la carte CPx) \?/, `question: ${wording} ?`));
    const svg = /<svg id="logigramme-reactivation"[\s\S]*?<\/svg>/.exec(await get('/parcours/reactivation/vue-d-ensemble/'))?.[0] ?? '';
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
  const html = await get('/');
  expect(html).toContain('Les parcours contiennent des erreurs');
  expect(html).toMatch(/flows\/activation\.yaml:\d+:\d+/);
  expect(html).toContain('carte-inconnue');
});
