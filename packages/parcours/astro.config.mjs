// For Astro's own commands (`astro check`, `astro dev`): the same configuration `npm run build`
// and `npm run dev` use, for the content project in PARCOURS_CONTENT or the current folder.
import { defineConfig } from 'astro/config';
import { astroConfig } from './src/astro/astro-config.ts';
import { resolveSettings } from './src/settings/settings.ts';

const resolved = resolveSettings();
if (!resolved.ok) throw new Error(resolved.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join('\n'));
export default defineConfig(astroConfig(resolved.settings, { settingsOptions: {} }));
