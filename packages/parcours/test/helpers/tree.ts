/** Comparing built sites file by file, byte for byte. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { SUMMARY_FILE } from '../../src/stages/index.ts';

/**
 * Every file under `dir` (relative `/`-separated paths, sorted), with its bytes. The build's own
 * account (.parcours/build.json) records how long each stage took: it is about the build, not
 * part of the site, and never the same twice.
 */
export function tree(dir: string): Map<string, Buffer> {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(sep).join('/'))
    .filter((f) => statSync(join(dir, f)).isFile() && f !== SUMMARY_FILE)
    .sort();
  return new Map(files.map((f) => [f, readFileSync(join(dir, f))]));
}

/** The files whose bytes differ between two trees, or that only one of them has. */
export function differences(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  return names.filter((name) => !a.get(name) || !b.get(name) || !a.get(name)!.equals(b.get(name)!));
}

/** Every folder under `dir` (relative `/`-separated paths, sorted): a build leaves none empty that a build from scratch would not have. */
export function folders(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(sep).join('/'))
    .filter((f) => statSync(join(dir, f)).isDirectory())
    .sort();
}
