/**
 * The on-disk cache shared by diagrams and sheets: one file per result, named by the hash of
 * everything that went into it, written atomically so an interrupted build never leaves half
 * a file that a later build would trust.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CacheSplit<T> {
  hits: { item: T; data: Buffer }[];
  misses: { item: T; file: string }[];
}

/** Sorts items into those already in the cache (with their bytes) and those to make. */
export function splitByCache<T>(items: T[], dir: string, keyOf: (item: T) => string, extension: string): CacheSplit<T> {
  mkdirSync(dir, { recursive: true });
  const split: CacheSplit<T> = { hits: [], misses: [] };
  for (const item of items) {
    const file = join(dir, `${keyOf(item)}${extension}`);
    if (existsSync(file)) split.hits.push({ item, data: readFileSync(file) });
    else split.misses.push({ item, file });
  }
  return split;
}

/** Writes under a temporary name, then renames: readers see the whole file or none. */
export function writeAtomic(file: string, data: string | Uint8Array): void {
  writeFileSync(`${file}.${process.pid}.tmp`, data);
  renameSync(`${file}.${process.pid}.tmp`, file);
}
