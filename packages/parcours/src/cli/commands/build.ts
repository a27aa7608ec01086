/**
 * `parcours build` (`npm run build`): builds the content project into its output folder,
 * printing each stage (from STAGES) with its progress and time, then a summary. The machine-
 * readable account is `<out>/.parcours/build.json`.
 */
import { Build } from '../../stages/build.ts';
import { STAGES, type StageReport } from '../../stages/index.ts';
import { resolveSettings } from '../../settings/settings.ts';
import { useChromium } from '../../render/browser.ts';
import type { CliOptions } from '../main.ts';
import { writeProjectSchemas } from '../editor-schemas.ts';
import { formatDiagnostic, formatTotals, green, red } from '../format.ts';

const seconds = (s: number) => `${s.toFixed(1).replace('.', ',')} s`;

/** What each stage says when it ends, in French. */
function stageLine(report: StageReport): string {
  const c = report.counts;
  switch (report.id) {
    case 'check':
      return `${c.flows} parcours, ${c.procedures} procédures, ${c.contacts} contacts`;
    case 'diagrams':
      return `${c.diagrams} (${c.rendered} dessinés, ${c.reused} repris du cache)`;
    case 'site':
      return `${c.pages} pages`;
    case 'search':
      return `${c.pages} pages indexées${c.offline ? `, ${c.offline} fichiers gardés pour la lecture hors ligne` : ''}`;
    case 'sheets':
      return `${c.sheets} fiches et ${c.recueils} recueil${c.recueils === 1 ? '' : 's'} (${c.printed} imprimés, ${c.reused} repris du cache)`;
  }
}

export async function buildCommand(options: CliOptions): Promise<number> {
  const resolved = resolveSettings({ content: options.content, ...(options.out ? { out: options.out } : {}) });
  if (!resolved.ok) {
    for (const d of resolved.diagnostics) console.error(`${formatDiagnostic(d)}\n`);
    console.error(red('✘ Construction arrêtée : la configuration du projet a des erreurs.'));
    return resolved.diagnostics.some((d) => d.code === 'config-missing') ? 2 : 1;
  }
  const { settings } = resolved;
  useChromium(resolved.settings.chromium);
  const out = settings.outDir;
  const build = new Build(settings);
  const tty = process.stdout.isTTY;
  const number = (id: string) => `[${STAGES.findIndex((s) => s.id === id) + 1}/${STAGES.length}]`;
  const label = (id: string) => `${number(id)} ${STAGES.find((s) => s.id === id)!.label}`;
  const stop = (reason: string, code: number): number => {
    build.abort();
    console.error(red(`✘ Construction arrêtée : ${reason}`));
    console.error(`${out} n’a pas été modifié.`);
    return code;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => process.exit(stop(signal === 'SIGINT' ? 'interrompue (Ctrl-C).' : 'interrompue.', 130)));
  }
  try {
    const outcome = await build.run(
      { force: options.force },
      {
        progress: (id, done, total) => {
          if (tty) process.stdout.write(`\r${label(id)} ${done}/${total}`);
        },
        stageDone: (report) => process.stdout.write(`${tty ? '\r\u001b[K' : ''}${label(report.id)} : ${stageLine(report)} (${seconds(report.seconds)})\n`),
        sheetWarnings: (warnings) => {
          for (const d of warnings) console.log(`${formatDiagnostic(d)}\n`);
        },
        diagnostics: (diagnostics, result) => {
          // The editor's project schemas follow the content the build just loaded.
          try {
            writeProjectSchemas(result.project);
          } catch {
            // A read-only project only costs the editor its completion; the build goes on.
          }
          for (const d of diagnostics) console.log(`${formatDiagnostic(d)}\n`);
          if (diagnostics.some((d) => d.severity === 'error')) console.error(formatTotals(diagnostics, result.project.files.length));
        },
      },
    );
    if (!outcome.ok) return stop(outcome.message, 1);
    const { summary } = outcome;
    if (summary.upToDate) {
      console.log(green(`✔ Rien n’a changé depuis la dernière construction : ${out} est à jour (${seconds(summary.seconds)}).`));
      return 0;
    }
    const reused = (id: string) => summary.stages.find((s) => s.id === id)?.counts.reused ?? 0;
    const t = summary.totals;
    console.log(
      green(
        `✔ ${out} : ${t.flows} parcours, ${t.pages} pages, ${t.diagrams} logigrammes (${reused('diagrams')} repris), ${t.sheets} fiches et leurs recueils (${reused('sheets')} PDF repris) en ${seconds(summary.seconds)}.`,
      ),
    );
    return 0;
  } catch (error) {
    return stop(error instanceof Error ? error.message : String(error), 1);
  }
}
