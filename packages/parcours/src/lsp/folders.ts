import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE } from '../core/config.ts';

/**
 * The content projects (a folder with a parcours.yaml) in a folder an editor opened: the folder
 * itself, or up to `depth` levels below (a repository that holds several), in name order.
 */
export function projectFolders(folder: string, depth = 2): string[] {
  const found = existsSync(join(folder, CONFIG_FILE)) ? [folder] : [];
  if (depth === 0) return found;
  let names: string[] = [];
  try {
    names = readdirSync(folder, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
      .map((e) => e.name)
      .sort();
  } catch {
    return found;
  }
  return [...found, ...names.flatMap((name) => projectFolders(join(folder, name), depth - 1))];
}
