/** The site stage of a build: Astro renders every page from the model the build loaded. */
import { build } from 'astro';
import { astroConfig } from '../astro/astro-config.ts';
import type { Preloaded } from '../astro/integration.ts';
import type { Settings } from '../settings/settings.ts';

export async function buildSite(settings: Settings, preloaded: Preloaded, outDir: string): Promise<void> {
  await build({ ...astroConfig(settings, { preloaded, outDir }), configFile: false, logLevel: 'warn', mode: 'production' });
}
