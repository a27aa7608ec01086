/** Comparing built sites file by file, byte for byte. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

/** The first lines where two texts part (a few around each), for a failure's message. */
function firstParting(a: string, b: string, limit = 6): string[] {
  const [left, right] = [a.split('\n'), b.split('\n')];
  const lines: string[] = [];
  for (let i = 0; i < Math.max(left.length, right.length) && lines.length < 2 * limit; i++) {
    if (left[i] !== right[i]) lines.push(`  ${i + 1} < ${left[i]?.slice(0, 160) ?? '(fin)'}`, `  ${i + 1} > ${right[i]?.slice(0, 160) ?? '(fin)'}`);
  }
  return lines;
}

const tool = (command: string, args: string[], encoding: BufferEncoding = 'utf8') => {
  const run = spawnSync(command, args, { encoding, maxBuffer: 256 * 1024 * 1024 });
  return run.status === 0 ? run.stdout : `(${command} : ${run.error?.message ?? run.stderr.trim()})`;
};

/**
 * How the files two outputs do not share differ, in words a failure can print: for a PDF, its
 * pages and text (poppler) and its objects in qpdf's plain form; otherwise the first lines
 * that part. Rare differences (a print under a heavy load) are then told by the log alone.
 */
export function explainDifferences(a: string, b: string, names: string[]): string {
  return names
    .map((name) => {
      const [left, right] = [join(a, name), join(b, name)];
      if (!existsSync(left) || !existsSync(right)) return `${name} : seulement dans ${existsSync(left) ? a : b}`;
      const sizes = `${statSync(left).size} et ${statSync(right).size} octets`;
      if (!name.endsWith('.pdf')) return [`${name} (${sizes}) :`, ...firstParting(readFileSync(left, 'latin1'), readFileSync(right, 'latin1'))].join('\n');
      const pages = (file: string) => /^Pages:\s+(\d+)/m.exec(tool('pdfinfo', [file]))?.[1] ?? '?';
      const text = (file: string) => tool('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-']);
      // (Without qpdf's notes of the objects' first numbers: they differ whenever anything does.)
      const plain = (file: string) => tool('qpdf', ['--qdf', '--object-streams=disable', '--normalize-content=y', file, '-'], 'latin1').replace(/^%% Original object ID: .*\n/gm, '');
      return [
        `${name} (${sizes}, ${pages(left)} et ${pages(right)} pages) :`,
        'texte :',
        ...firstParting(text(left), text(right)),
        'objets (qpdf --qdf) :',
        ...firstParting(plain(left), plain(right), 10),
      ].join('\n');
    })
    .join('\n\n');
}
