/**
 * `parcours dev` (`npm run dev`): Astro's dev server on the content project, with the Parcours
 * integration watching it (an edit reloads the model once, errors show in every page).
 */
import { astroConfig } from '../../astro/astro-config.ts';
import { resolveSettings } from '../../settings/settings.ts';
import { useChromium } from '../../render/browser.ts';
import type { CliOptions } from '../main.ts';
import { formatDiagnostic } from '../format.ts';

export async function devCommand(options: CliOptions): Promise<number> {
  const settingsOptions = { content: options.content };
  const resolved = resolveSettings(settingsOptions);
  if (!resolved.ok) {
    for (const d of resolved.diagnostics) console.error(`${formatDiagnostic(d)}\n`);
    return resolved.diagnostics.some((d) => d.code === 'config-missing') ? 2 : 1;
  }
  const { dev } = await import('astro');
  useChromium(resolved.settings.chromium);
  const port = options.args[0] && /^\d+$/.test(options.args[0]) ? Number(options.args[0]) : undefined;
  await dev({ ...astroConfig(resolved.settings, { settingsOptions }), configFile: false, ...(port ? { server: { port } } : {}) });
  // The server runs until the process is stopped.
  return await new Promise<number>(() => {});
}
