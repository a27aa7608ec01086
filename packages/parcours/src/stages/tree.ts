/** A folder's whole tree, as the output's files are named: relative to it, `/`-separated. */
import { readdirSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every entry under `dir`, with its type as the listing gave it (no stat each). */
export function treeEntries(dir: string): { file: string; entry: Dirent }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).map((entry) => ({ file: relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'), entry }));
}
