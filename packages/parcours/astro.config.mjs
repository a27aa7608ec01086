// For Astro's own commands run in the toolkit's folder (`astro check` in `npm run typecheck`):
// the same configuration `parcours build` and `parcours dev` use, for the content project in
// PARCOURS_CONTENT, else the toolkit's own second fixture project (the toolkit's folder holds
// no content of its own). Not shipped in the package.
import { defineConfig } from 'astro/config';
import { astroConfig } from './src/astro/astro-config.ts';
import { resolveSettings } from './src/settings/settings.ts';

const resolved = resolveSettings(process.env.PARCOURS_CONTENT ? {} : { content: new URL('./test/fixtures/agence-ouest', import.meta.url).pathname });
if (!resolved.ok) throw new Error(resolved.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join('\n'));
export default defineConfig(astroConfig(resolved.settings, { settingsOptions: {} }));
