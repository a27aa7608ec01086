/**
 * The local server the sheets are printed from (and the site tests browse): it serves the
 * folder, and closing it ends every connection. Chromium's headless shell may hold a
 * connection it opened ahead without a request on it; `close` waited for it, and a build hung
 * after its last print.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { serveDir } from '../../src/render/static-server.ts';

const opened = (url: string) =>
  new Promise<Socket>((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname, () => resolve(socket)).on('error', reject);
  });

it('closes while a client holds a connection with no request on it, and one kept alive after a request', async () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-served-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Accueil</title>');
  const server = await serveDir(root);
  const silent = await opened(server.url);
  const ended = new Promise<void>((resolve) => silent.on('close', () => resolve()));
  // A request on a kept-alive connection, answered.
  const answered = await fetch(`${server.url}/`);
  expect(await answered.text()).toContain('Accueil');

  let closed = false;
  const closing = server.close().then(() => (closed = true));
  // Within a second, rather than the minutes a silent connection is otherwise given.
  await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 1_000))]);
  expect(closed).toBe(true);
  await ended;
  expect(silent.destroyed).toBe(true);
});
