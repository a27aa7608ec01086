/**
 * The parses of a build's YAML files, kept on disk for the next build: a file whose text has
 * not changed is not parsed again. Parsing is most of the check on a large project (1 s of
 * the 1.9 s for 640 files, 500 journeys); an edited journey is one file.
 *
 * What is kept is the file's data, as the parser gave it (V8's serialisation: numbers such as
 * `.inf` and `.nan`, and keys such as `__proto__`, come back as they were). Where a value sits
 * in the file is asked only for a problem to report: the text is then parsed again, once, so
 * every line and column is the parser's own. A file that does not parse is never kept (its
 * messages are made anew each time, and a build stops on them anyway).
 *
 * An entry is named by the hash of the text, the toolkit (its parser and the limits it sets)
 * and V8's version (its serialisation format): nothing else goes into a parse.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { ParseCache } from '../core/load.ts';
import { parseYaml, type ParseResult } from '../core/yaml.ts';
import { writeAtomic } from '../render/disk-cache.ts';
import { toolkitIdentity } from './fingerprint.ts';

const EXTENSION = '.v8';

export interface DiskParses extends ParseCache {
  /** Removes the entries this build did not use (the cache stays the size of one project). */
  prune(): void;
  /** Files whose parse came from the disk, for the build's tests. */
  readonly reused: number;
}

export function diskParses(dir: string): DiskParses {
  mkdirSync(dir, { recursive: true });
  const used = new Set<string>();
  let reused = 0;
  const keyOf = (text: string) => createHash('sha256').update(`${toolkitIdentity()}\0${process.versions.v8}\0`).update(text).digest('hex');
  return {
    get(file, text): ParseResult | undefined {
      const key = keyOf(text);
      let data: unknown;
      try {
        data = deserialize(readFileSync(join(dir, `${key}${EXTENSION}`)));
      } catch {
        // Not kept, or unreadable (cut short): parsed as if it never was.
        return undefined;
      }
      used.add(key);
      reused++;
      let parsed: ParseResult | undefined;
      return {
        ok: true,
        parsed: {
          data,
          locate: (path, options) => {
            parsed ??= parseYaml(file, text);
            return parsed.ok ? parsed.parsed.locate(path, options) : { line: 1, column: 1 };
          },
        },
      };
    },
    set(_file, text, result) {
      if (!result.ok) return;
      const key = keyOf(text);
      used.add(key);
      try {
        writeAtomic(join(dir, `${key}${EXTENSION}`), serialize(result.parsed.data));
      } catch {
        // A full or read-only cache only costs the next build this parse.
      }
    },
    prune() {
      for (const name of readdirSync(dir)) {
        if (name.endsWith(EXTENSION) && !used.has(name.slice(0, -EXTENSION.length))) rmSync(join(dir, name), { force: true });
      }
    },
    get reused() {
      return reused;
    },
  };
}
