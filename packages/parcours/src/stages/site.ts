/** The site stage of a build: Astro renders every page from the model the build loaded. */
import { cpSync, renameSync, rmSync } from 'node:fs';
import { join, sep } from 'node:path';
import { build } from 'astro';
import { astroConfig } from '../astro/astro-config.ts';
import type { Preloaded } from '../astro/integration.ts';
import { TOOLKIT_DIR, type Settings } from '../settings/settings.ts';

/**
 * Renders the site into `outDir`. Astro prerenders from chunks it writes inside its output
 * folder when that folder is under the working directory, else into `<cwd>/.astro/`, then
 * renames the pages into place: those chunks import Astro's packages, so they must sit where
 * the toolkit's node_modules resolve, and a rename fails across file systems (EXDEV) while a
 * shared `.astro/` races between parallel builds. So Astro always works from the toolkit's
 * folder, into the output folder when it is inside it, else into a private folder there whose
 * result is then moved (copied across file systems) to the output folder.
 */
export async function buildSite(settings: Settings, preloaded: Preloaded, outDir: string): Promise<void> {
  const inside = outDir.startsWith(`${TOOLKIT_DIR}${sep}`);
  const target = inside ? outDir : join(TOOLKIT_DIR, `.astro-build-${process.pid}`);
  const previous = process.cwd();
  process.chdir(TOOLKIT_DIR);
  try {
    await build({ ...astroConfig(settings, { preloaded, outDir: target }), configFile: false, logLevel: 'warn', mode: 'production' });
    if (!inside) {
      try {
        renameSync(target, outDir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        cpSync(target, outDir, { recursive: true });
      }
    }
  } finally {
    process.chdir(previous);
    if (!inside) rmSync(target, { recursive: true, force: true });
  }
}
