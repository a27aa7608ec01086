/**
 * `parcours dev` (`npm run dev`): Astro's dev server on the content project, with the Parcours
 * integration watching it (an edit reloads the model once, errors show in every page).
 */
import { astroConfig } from '../../astro/astro-config.ts';
import { resolveSettings, type SettingsOptions } from '../../settings/settings.ts';
import { useChromium } from '../../render/chromium-choice.ts';
import type { CliOptions } from '../main.ts';
import { formatDiagnostic } from '../format.ts';
import type { CliContext } from '../io.ts';

export async function devCommand(options: CliOptions, cli: CliContext): Promise<number> {
  const settingsOptions: SettingsOptions = { content: options.content, cwd: cli.io.cwd, env: cli.env };
  const resolved = resolveSettings(settingsOptions);
  if (!resolved.ok) {
    for (const d of resolved.diagnostics) cli.err(`${formatDiagnostic(d, cli.paint)}\n\n`);
    return resolved.diagnostics.some((d) => d.code === 'config-missing') ? 2 : 1;
  }
  // Astro's check for a newer version would advertise an upgrade the toolkit pins against, and
  // its telemetry reach the network: both off for this process (Astro reads these variables;
  // its preferences are the user's own, not the toolkit's to change).
  process.env.ASTRO_DISABLE_UPDATE_CHECK = 'true';
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  const { dev } = await import('astro');
  useChromium(resolved.settings.chromium);
  const port = options.args[0] && /^\d+$/.test(options.args[0]) ? Number(options.args[0]) : undefined;
  await dev({ ...astroConfig(resolved.settings, { settingsOptions }), configFile: false, ...(port ? { server: { port } } : {}) });
  // The server runs until the process is stopped.
  return await new Promise<number>(() => {});
}
