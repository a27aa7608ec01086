/**
 * The Node options of Astro's processes (src/stages/memory-options.ts, `siteProcessOptions`): V8's memory
 * options keep a large site's rendering within a quarter of a gigabyte, and slow a small one
 * down; they go to Astro only when the content has MEMORY_OPTIONS_FROM_JOURNEYS journeys or more,
 * counted from the YAML files directly under flows/ (procedures, contacts and brands are not
 * journeys), and never against what NODE_OPTIONS says.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { MEMORY_OPTIONS_FROM_JOURNEYS, siteProcessOptions } from '../../src/stages/memory-options.ts';
import NODE_MEMORY_FLAGS from '../../src/stages/node-memory-flags.json' with { type: 'json' };

/** A flows folder with `journeys` journeys, and as many procedures besides. */
function flows(journeys: number): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'parcours-memory-options-')), 'flows');
  mkdirSync(join(dir, 'procedures'), { recursive: true });
  for (let i = 0; i < journeys; i++) {
    writeFileSync(join(dir, `parcours-${i}.yaml`), '');
    writeFileSync(join(dir, 'procedures', `procedure-${i}.yaml`), '');
  }
  // Not YAML: not a journey.
  writeFileSync(join(dir, 'LISEZMOI.md'), '');
  return dir;
}

it('gives the memory options to Astro for many journeys, and adds only those Node was not given', () => {
  const many = flows(MEMORY_OPTIONS_FROM_JOURNEYS);
  expect(siteProcessOptions(many, [], '')).toEqual(NODE_MEMORY_FLAGS);
  // The build's own (bin/parcours.js started it with them): inherited, not repeated.
  expect(siteProcessOptions(many, ['--enable-source-maps', ...NODE_MEMORY_FLAGS], '')).toEqual(['--enable-source-maps', ...NODE_MEMORY_FLAGS]);
  // A young generation chosen in NODE_OPTIONS stays the user's.
  expect(siteProcessOptions(many, [], '--max-semi-space-size=32')).toEqual(NODE_MEMORY_FLAGS.filter((flag) => !flag.startsWith('--max-semi-space-size')));
});

it('leaves them out for a few journeys, even when the build’s own Node has them', () => {
  const few = flows(MEMORY_OPTIONS_FROM_JOURNEYS - 1);
  expect(siteProcessOptions(few, [...NODE_MEMORY_FLAGS, '--enable-source-maps'], '')).toEqual(['--enable-source-maps']);
  expect(siteProcessOptions(join(few, 'absent'), NODE_MEMORY_FLAGS, '')).toEqual([]);
});
