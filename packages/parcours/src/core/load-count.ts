/**
 * How many times content was loaded in this process. A build must load its content once; the
 * count lives in a process-wide slot so that a load from a bundled copy of the core (Astro
 * renders pages from its own bundle) is counted too, and the build can report the truth.
 */
const SLOT = Symbol.for('parcours.load-count');
type Slot = { [SLOT]?: number };

export function countLoad(): void {
  (globalThis as Slot)[SLOT] = ((globalThis as Slot)[SLOT] ?? 0) + 1;
}

export function loadCount(): number {
  return (globalThis as Slot)[SLOT] ?? 0;
}
