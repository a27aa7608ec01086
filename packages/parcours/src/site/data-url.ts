/** Pictures and logos are embedded as data URLs: a page or a sheet never depends on a file outside dist/. */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';

const MIME: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.svg': 'image/svg+xml', '.webp': 'image/webp', '.gif': 'image/gif' };

export function dataUrl(path: string): string {
  return `data:${MIME[extname(path).toLowerCase()] ?? 'application/octet-stream'};base64,${pictureBytes(path).toString('base64')}`;
}

/** A picture's bytes (its path checked by the loader: inside the content project). The one place the site reads a picture. */
export function pictureBytes(path: string): Buffer {
  return readFileSync(path);
}
