/**
 * The toolkit ships no word of its first content project: another agency's editor, site and
 * sheets must never show e-CPS names, examples or addresses. Read over what `npm pack` puts in
 * the tarball, and over every source file (dist/, the compiled output, is made from them).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { TOOLKIT } from '../helpers/cli.ts';

/** The e-CPS content's own words: its product, its card, its agency, a region, its addresses. */
const WORDS = [/e-?CPS/i, /\bCPx\b/i, /\bANS\b/, /\bPACA\b/i, /asip-?sant/i, /\besante\b/i];

/** The files `npm pack` would put in the tarball (its own list, without running prepack). */
function packed(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: TOOLKIT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
}

const sources = readdirSync(join(TOOLKIT, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(ts|astro|css|js|json)$/.test(f))
  .map((f) => `src/${f.split('\\').join('/')}`);

it('no shipped file holds a word of the e-CPS content', () => {
  const files = packed();
  // The tarball holds the toolkit's parts (and, when packed, dist/ compiled from src/).
  for (const part of ['bin/parcours.js', 'schema/flow.schema.json', 'templates/nouveau-projet/parcours.yaml', 'src/core/load.ts', 'src/site/layouts/Base.astro']) {
    expect(files).toContain(part);
  }
  // The package's README and changelog speak to people and may name the toolkit's first project.
  const read = [...new Set([...files.filter((f) => !/^[^/]+\.md$/.test(f)), ...sources])].sort();
  const found: string[] = [];
  for (const file of read) {
    const bytes = readFileSync(join(TOOLKIT, file));
    if (bytes.includes(0)) continue; // a picture or an icon: no text
    const lines = bytes.toString('utf8').split('\n');
    lines.forEach((line, i) => {
      for (const word of WORDS) if (word.test(line)) found.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`);
    });
  }
  expect(found).toEqual([]);
});
