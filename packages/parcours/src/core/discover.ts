import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import type { FileKind } from './schema/definitions.ts';

/** Sub-folders of a flows folder and the kind of file each holds; other YAML files are flows. */
export const KIND_FOLDERS: Record<string, FileKind> = {
  procedures: 'procedure',
  contacts: 'contacts',
  brands: 'brand',
};

export interface FoundFile {
  /** Absolute path. */
  path: string;
  /** As shown in messages: relative to the current directory when inside it. */
  file: string;
  kind: FileKind;
  /** The file name without its extension. */
  id: string;
}

const isYaml = (name: string) => /\.ya?ml$/i.test(name);

/** How a path is shown to the editor. */
export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !rel.startsWith(sep) ? rel.split(sep).join('/') : path;
}

/** The kind of a YAML file, from the folder it sits in. */
export function kindOf(path: string): FileKind {
  return KIND_FOLDERS[basename(dirname(path))] ?? 'flow';
}

/** The flows folder a file belongs to: its folder, or the one above for procedures/, contacts/, brands/. */
export function flowsRootOf(file: string): string {
  const dir = dirname(resolve(file));
  return KIND_FOLDERS[basename(dir)] ? dirname(dir) : dir;
}

/**
 * Every YAML file of a flows folder, sorted so that output never depends on the file system.
 *
 * @param unsaved absolute paths of files an editor holds but has not saved yet: found as if on disk
 */
export function discover(folder: string, cwd = process.cwd(), unsaved: Iterable<string> = []): FoundFile[] {
  const root = resolve(folder);
  const found: FoundFile[] = [];
  const add = (path: string) =>
    found.push({ path, file: displayPath(path, cwd), kind: kindOf(path), id: basename(path, extname(path)) });
  const pending = new Set([...unsaved].filter((path) => isYaml(path) && flowsRootOf(path) === root));
  if (!existsSync(root) && pending.size === 0) return found;
  // A YAML name that cannot be followed (a broken link) is kept: reading it reports the problem.
  const kindOfEntry = (path: string) => {
    try {
      const stat = statSync(path);
      return stat.isFile() ? 'file' : stat.isDirectory() ? 'folder' : 'other';
    } catch {
      return pending.has(path) ? 'file' : [...pending].some((p) => dirname(p) === path) ? 'folder' : 'broken';
    }
  };
  // Every YAML name is kept, whatever it is (a broken link, a pipe, a folder): reading it
  // reports the problem, at that file, rather than leaving it out without a word.
  // The names on disk, and those of unsaved files in that folder.
  const names = (dir: string) => {
    const here = new Set(existsSync(dir) ? readdirSync(dir) : []);
    for (const path of pending) if (dirname(path) === dir) here.add(basename(path));
    return [...here].sort();
  };
  for (const name of names(root)) {
    const path = join(root, name);
    const entry = kindOfEntry(path);
    if (isYaml(name)) add(path);
    else if (KIND_FOLDERS[name] && entry === 'folder') {
      for (const inner of names(path)) {
        if (isYaml(inner)) add(join(path, inner));
      }
    }
  }
  return found;
}
