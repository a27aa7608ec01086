/**
 * V8's memory options, and which processes of a build get them: those that hold a large
 * site's memory (Astro's, Chromium's pages), only when the content has many journeys; the
 * build's own Node always (bin/parcours.js reads ./node-memory-flags.json before anything is
 * known of the content, and its options cost a small build nothing measurable).
 */
import { readdirSync } from 'node:fs';
import NODE_MEMORY_FLAGS from './node-memory-flags.json' with { type: 'json' };

/**
 * Journeys (YAML files directly under flows/) from which a build gives V8's memory options to
 * Astro's processes (./node-memory-flags.json, as the build's own Node has them from
 * bin/parcours.js) and to Chromium's pages (render/browser.ts, V8_MEMORY_FLAGS). They keep a
 * large build within a gigabyte: rendering the 11,150 pages of 500 journeys, Astro's process
 * keeps 74 MB alive but held 330 to 350 MB, and 230 with them; two Mermaid pages, 431 MB
 * instead of 684. A small build pays for them in time instead, with no memory to save: Astro's
 * process collects garbage more often while it loads (a three-journey content's site stage: 2.4 s
 * instead of 2.0), and the drawing takes 6 % longer (docs/mesures.md). Counted from the folder
 * (one listing, no file read): Chromium and Astro start while the content is checked. Fifty
 * journeys make about RENDER_APART_PAGES pages (./site.ts).
 */
export const MEMORY_OPTIONS_FROM_JOURNEYS = 50;

/** Whether a flows folder holds at least MEMORY_OPTIONS_FROM_JOURNEYS journeys (one listing, no file read). */
export function manyJourneys(flowsDir: string): boolean {
  try {
    return readdirSync(flowsDir).filter((name) => /\.ya?ml$/i.test(name)).length >= MEMORY_OPTIONS_FROM_JOURNEYS;
  } catch {
    return false;
  }
}

/**
 * The Node options of Astro's processes: the build's own (they inherit its command line and
 * NODE_OPTIONS), with the memory options added for many journeys, and taken out otherwise (but
 * those NODE_OPTIONS gives, the user's choice).
 */
export function siteProcessOptions(flowsDir: string, execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): string[] {
  const names = NODE_MEMORY_FLAGS.map((flag) => flag.split('=')[0]!);
  const nameOf = (option: string) => option.split('=')[0]!;
  if (!manyJourneys(flowsDir)) return execArgv.filter((option) => !names.includes(nameOf(option)));
  const given = new Set([...execArgv, ...nodeOptions.split(/\s+/)].map(nameOf));
  return [...execArgv, ...NODE_MEMORY_FLAGS.filter((flag) => !given.has(nameOf(flag)))];
}
