/**
 * The GitLab example of a new project (`templates/nouveau-projet/.gitlab-ci.yml`): its review
 * job keeps one comment per merge request, updated at each pipeline, as the GitHub example
 * does. The job's own script is run by bash, with curl and Node as in its image, against a
 * stand-in for GitLab's notes API on a local port (GitLab cannot run here): what matters is
 * what the script asks of the API.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TOOLKIT_DIR } from '../../src/settings/settings.ts';

const job = (parse(readFileSync(join(TOOLKIT_DIR, 'templates', 'nouveau-projet', '.gitlab-ci.yml'), 'utf8')) as { relecture: { script: string[] } }).relecture;
/** The step that publishes the comment: the one that reads the token. */
const publish = job.script.find((step) => step.includes('RELECTURE_TOKEN'))!;

type Note = { id: number; body: string; author: string };
const notes: Note[] = [];
const requests: string[] = [];
let nextId = 100;
const server = createServer((request, response) => {
  const url = new URL(request.url!, 'http://gitlab.test');
  requests.push(`${request.method} ${url.pathname}`);
  if (request.headers['private-token'] !== 'jeton-secret') return void response.writeHead(401).end('{"message":"401 Unauthorized"}');
  if (url.pathname !== '/api/v4/projects/7/merge_requests/3/notes' && !url.pathname.startsWith('/api/v4/projects/7/merge_requests/3/notes/')) return void response.writeHead(404).end();
  let text = '';
  request.on('data', (chunk) => (text += chunk)).on('end', () => {
    const body = new URLSearchParams(text).get('body') ?? '';
    const id = Number(url.pathname.split('/notes/')[1]);
    if (request.method === 'GET') return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(notes));
    if (request.method === 'POST') {
      notes.push({ id: nextId++, body, author: 'bot' });
      return void response.writeHead(201).end(JSON.stringify(notes.at(-1)));
    }
    const note = notes.find((n) => n.id === id);
    if (request.method === 'PUT' && note) {
      note.body = body;
      return void response.writeHead(200).end(JSON.stringify(note));
    }
    response.writeHead(404).end();
  });
});
let api = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`;
});
afterAll(() => server.close());

/** One pipeline: the job's step, as GitLab runs it (bash, -e and pipefail), with this report. */
function pipeline(report: string, token = 'jeton-secret'): Promise<{ status: number | null; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-relecture-'));
  writeFileSync(join(dir, 'relecture.md'), report);
  const env = { PATH: process.env.PATH, HOME: dir, CI_API_V4_URL: api, CI_PROJECT_ID: '7', CI_MERGE_REQUEST_IID: '3', RELECTURE_TOKEN: token };
  // Not spawnSync: the stand-in answers from this very process.
  const child = spawn('bash', ['-eo', 'pipefail', '-c', publish], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stderr })));
}

it('publishes one comment per merge request and updates it at the next pipeline, leaving the others’ comments alone', async () => {
  notes.push({ id: 1, body: 'Relu, merci !', author: 'responsable du support' });
  const first = await pipeline('## Relecture\n\nLe parcours « Activation » mène ailleurs.\n');
  expect(first.status, first.stderr).toBe(0);
  expect(notes.map((n) => n.id)).toEqual([1, 100]);
  expect(notes[1]!.body).toBe('<!-- relecture parcours -->\n## Relecture\n\nLe parcours « Activation » mène ailleurs.\n');

  const second = await pipeline('## Relecture\n\nAucune différence pour les lecteurs.\n');
  expect(second.status, second.stderr).toBe(0);
  // Still two comments: the review's own, rewritten; the human one as it was.
  expect(notes).toEqual([
    { id: 1, body: 'Relu, merci !', author: 'responsable du support' },
    { id: 100, body: '<!-- relecture parcours -->\n## Relecture\n\nAucune différence pour les lecteurs.\n', author: 'bot' },
  ]);
  expect(requests.slice(-2)).toEqual(['GET /api/v4/projects/7/merge_requests/3/notes', 'PUT /api/v4/projects/7/merge_requests/3/notes/100']);

  // A token GitLab refuses fails the job (curl --fail), rather than passing in silence.
  const refused = await pipeline('## Relecture\n', 'jeton-perime');
  expect(refused.status).not.toBe(0);
  expect(notes).toHaveLength(2);
});
