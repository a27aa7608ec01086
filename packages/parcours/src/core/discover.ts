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

/** Every YAML file of a flows folder, sorted so that output never depends on the file system. */
export function discover(root: string, cwd = process.cwd()): FoundFile[] {
  const found: FoundFile[] = [];
  const add = (path: string) =>
    found.push({ path, file: displayPath(path, cwd), kind: kindOf(path), id: basename(path, extname(path)) });
  if (!existsSync(root)) return found;
  const isFolder = (path: string) => {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  };
  // Every YAML name is kept, whatever it is (a broken link, a pipe, a folder): reading it
  // reports the problem, at that file, rather than leaving it out without a word.
  for (const name of readdirSync(root).sort()) {
    const path = join(root, name);
    if (isYaml(name)) add(path);
    else if (KIND_FOLDERS[name] && isFolder(path)) {
      for (const inner of readdirSync(path).sort()) if (isYaml(inner)) add(join(path, inner));
    }
  }
  return found;
}
