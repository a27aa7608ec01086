/**
 * The on-disk cache shared by diagrams and sheets: one file per result, named by the hash of
 * everything that went into it, written atomically so an interrupted build never leaves half
 * a file that a later build would trust.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface CacheSplit<T> {
  hits: { item: T; data: Buffer }[];
  misses: { item: T; file: string }[];
}

/** Each item with its cache file, sorted by whether that file is there already. */
function cacheFiles<T>(items: T[], dir: string, keyOf: (item: T) => string, extension: string): { hits: { item: T; file: string }[]; misses: { item: T; file: string }[] } {
  mkdirSync(dir, { recursive: true });
  const hits: { item: T; file: string }[] = [];
  const misses: { item: T; file: string }[] = [];
  for (const item of items) {
    const file = join(dir, `${keyOf(item)}${extension}`);
    (existsSync(file) ? hits : misses).push({ item, file });
  }
  return { hits, misses };
}

/** Sorts items into those already in the cache (with their bytes) and those to make. */
export function splitByCache<T>(items: T[], dir: string, keyOf: (item: T) => string, extension: string): CacheSplit<T> {
  const { hits, misses } = cacheFiles(items, dir, keyOf, extension);
  return { hits: hits.map(({ item, file }) => ({ item, data: readFileSync(file) })), misses };
}

/**
 * Like `splitByCache`, but the hits' bytes are read off this thread, a batch at a time, and
 * handed to `onHit` as they come: the misses are known at once, to start making them, and
 * whatever this thread drives meanwhile (a browser) is not held up while 37 MB of diagrams
 * are read.
 */
export function splitByCacheLater<T>(items: T[], dir: string, keyOf: (item: T) => string, extension: string): { misses: { item: T; file: string }[]; readHits: (onHit: (item: T, data: Buffer) => void) => Promise<void> } {
  const { hits, misses } = cacheFiles(items, dir, keyOf, extension);
  const readHits = async (onHit: (item: T, data: Buffer) => void) => {
    for (let start = 0; start < hits.length; start += 64) {
      const batch = hits.slice(start, start + 64);
      const data = await Promise.all(batch.map(({ file }) => readFile(file)));
      batch.forEach(({ item }, i) => onHit(item, data[i]!));
    }
  };
  return { misses, readHits };
}

/** Writes under a temporary name, then renames: readers see the whole file or none. */
export function writeAtomic(file: string, data: string | Uint8Array): void {
  writeFileSync(`${file}.${process.pid}.tmp`, data);
  renameSync(`${file}.${process.pid}.tmp`, file);
}
