/**
 * The one Astro configuration of a Parcours site, for a content project's settings: used by
 * `npm run build` (with the model the build loaded), `npm run dev`, and astro.config.mjs (for
 * Astro's own commands, `astro check` among them). The pages and components are the toolkit's
 * (src/pages, src/site); the content comes from the content project through the integration.
 */
import { join } from 'node:path';
import mdx from '@astrojs/mdx';
import type { AstroInlineConfig } from 'astro';
import { passthroughImageService } from 'astro/config';
import { basePath } from '../core/urls.ts';
import type { Settings, SettingsOptions } from '../settings/settings.ts';
import { TOOLKIT_DIR } from '../settings/toolkit-dir.ts';
import frenchTypography from './french-typography.ts';
import parcours, { type Preloaded } from './integration.ts';

export function astroConfig(settings: Settings, extra: { preloaded?: Preloaded | Promise<Preloaded>; settingsOptions?: SettingsOptions; outDir?: string; dataKey?: string } = {}): AstroInlineConfig {
  return {
    root: TOOLKIT_DIR,
    srcDir: `${TOOLKIT_DIR}/src`,
    publicDir: `${TOOLKIT_DIR}/public`,
    outDir: extra.outDir ?? settings.outDir,
    // Astro's and Vite's caches in the project's cache folder: the toolkit's may be read-only (node_modules).
    cacheDir: join(settings.cacheDir, 'astro'),
    // The public address, when configured (Astro needs none to build).
    ...(settings.siteUrl ? { site: settings.siteUrl } : {}),
    // Published under a path (https://host/aide/): every page, asset and link lives under it.
    base: basePath(settings.siteUrl),
    integrations: [
      mdx(),
      parcours({ settings, ...(extra.preloaded ? { preloaded: extra.preloaded } : {}), ...(extra.settingsOptions ? { settingsOptions: extra.settingsOptions } : {}), ...(extra.dataKey ? { dataKey: extra.dataKey } : {}) }),
      frenchTypography(),
    ],
    // Stylesheets as files: the Content-Security-Policy then needs no inline style for the site's own CSS.
    build: { format: 'directory', inlineStylesheets: 'never' },
    // A picture in an MDX page is published as it is (checked by `parcours check`, named by its
    // content): no Sharp to load from wherever the build's bundle runs, the same bytes every time.
    image: { service: passthroughImageService() },
    // No telemetry, no network: builds must work offline and give the same bytes each time.
    devToolbar: { enabled: false },
    vite: {
      cacheDir: join(settings.cacheDir, 'vite'),
      server: {
        // The content project may live outside the toolkit (--content).
        fs: { allow: [TOOLKIT_DIR, settings.contentDir] },
        // A build while `npm run dev` runs writes thousands of files: nothing the dev server serves.
        watch: { ignored: ['**/dist/**', '**/.dist-*/**', '**/.cache/**', '**/test-results/**', '**/.parcours/**'] },
      },
    },
  };
}
