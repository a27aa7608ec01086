/**
 * The toolkit's own folder (sources, Astro pages, schemas). A module of its own: Astro's
 * configuration needs it without the settings' reading of parcours.yaml (its validators and
 * YAML parser), which Astro's process does not need (it receives the settings).
 */
import { resolve } from 'node:path';

export const TOOLKIT_DIR = resolve(import.meta.dirname, '..', '..');
