import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
  '.pf_meta': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
};

/**
 * Serves a built site on 127.0.0.1 as a static host would (folder → index.html, 404 otherwise):
 * for printing the sheets from their pages, and for the tests that browse the site.
 *
 * `base`: the path the site is published under ("/aide/"), as its host would serve it: the
 * folder answers under that path only. `url` is the site's own address, without the final "/".
 * `headers`: sent with every file, as a host configured by docs/publication.md would (the
 * Content-Security-Policy header among them).
 * `unchanging`: the folder does not change while served (the sheets' print pages): the
 * browser may keep every file but the pages, and each print after the first takes the site's
 * stylesheets and pictures from its memory rather than from this server, which shares the
 * build's thread (a quarter less time to load a sheet's page, docs/mesures.md).
 */
export async function serveDir(root: string, options: { base?: string; headers?: Record<string, string>; unchanging?: boolean } = {}): Promise<{ url: string; close: () => Promise<void>; notFound: string[] }> {
  const base = (options.base ?? '/').replace(/\/?$/, '/');
  const notFound: string[] = [];
  const server: Server = createServer((request, response) => {
    const requested = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const path = `${requested}/`.startsWith(base) ? requested.slice(base.length - 1) || '/' : undefined;
    if (path === undefined) {
      notFound.push(requested);
      return void response.writeHead(404, { 'content-type': 'text/plain' }).end('404');
    }
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) return void response.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      notFound.push(requested);
      return void response.writeHead(404, { 'content-type': 'text/plain' }).end('404');
    }
    const kept = options.unchanging && extname(file) !== '.html' ? { 'cache-control': 'max-age=3600' } : {};
    response.writeHead(200, { ...options.headers, ...kept, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Every connection too, not only the idle ones: Chromium's headless shell may keep one it
      // opened ahead and never sent a request on, and `close` alone waited for it (for ever: a
      // build hung after its last print).
      server.closeAllConnections();
    });
  return { url: `http://127.0.0.1:${port}${base.slice(0, -1)}`, notFound, close };
}
