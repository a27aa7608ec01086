/** The site stage of a build: Astro renders every page from the model the build loaded. */
import { dirname } from 'node:path';
import { build } from 'astro';
import { astroConfig } from '../astro/astro-config.ts';
import type { Preloaded } from '../astro/integration.ts';
import type { Settings } from '../settings/settings.ts';

export async function buildSite(settings: Settings, preloaded: Preloaded, outDir: string): Promise<void> {
  // Astro renders into <cwd>/.astro/ when the output folder is outside the working directory,
  // then renames the files into it: across file systems that fails (EXDEV), and two builds
  // from the same folder would share it. Working from the output's own folder avoids both.
  const previous = process.cwd();
  process.chdir(dirname(outDir));
  try {
    await build({ ...astroConfig(settings, { preloaded, outDir }), configFile: false, logLevel: 'warn', mode: 'production' });
  } finally {
    process.chdir(previous);
  }
}
