/**
 * Pagefind's process runs below the build's priority (src/stages/search.ts, `yieldToBuild`):
 * the real Pagefind, started by the real index of a small site, watched in /proc while it works.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { indexSite, SEARCH_NICENESS } from '../../src/stages/search.ts';
import { descendants } from '../build/processes.ts';

const pagefindChildren = () => descendants(process.pid).filter((p) => p.ppid === process.pid && p.cmdline.includes('pagefind')).map((p) => p.pid);

it.runIf(process.platform === 'linux')('Pagefind indexes at a lower priority than the build, which keeps its own', async () => {
  const site = mkdtempSync(join(tmpdir(), 'parcours-priorite-'));
  for (let i = 0; i < 300; i++) {
    mkdirSync(join(site, `page-${i}`));
    writeFileSync(join(site, `page-${i}`, 'index.html'), `<!doctype html><html lang="fr"><title>Page ${i}</title><main data-pagefind-body><h1>Page ${i}</h1><p>${'Une étape de la procédure, décrite en détail. '.repeat(40)}</p></main></html>`);
  }
  const before = getPriority();
  const seen = new Map<number, number>();
  let indexing = true;
  const indexed = indexSite(site, 'fr').finally(() => (indexing = false));
  while (indexing) {
    for (const pid of pagefindChildren()) {
      try {
        seen.set(pid, getPriority(pid));
      } catch {
        // Ended between the two reads.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  expect(await indexed).toBe(300);
  // Pagefind's process was seen, and at the lower priority (set as soon as it started).
  expect(seen.size).toBeGreaterThan(0);
  expect([...seen.values()].every((priority) => priority === SEARCH_NICENESS)).toBe(true);
  expect(getPriority()).toBe(before);
});
