/**
 * `parcours build` (`npm run build`): builds the content project into its output folder,
 * printing each stage (from STAGES) with its progress and time, then a summary. The machine-
 * readable account is `<out>/.parcours/build.json`.
 */
import { Build } from '../../stages/build.ts';
import { STAGES, type StageReport } from '../../stages/index.ts';
import { resolveSettings } from '../../settings/settings.ts';
import { useChromium } from '../../render/chromium-choice.ts';
import type { CliOptions } from '../main.ts';
import { writeProjectSchemas } from '../editor-schemas.ts';
import { agree, formatDiagnostic, formatTotals, plural } from '../format.ts';
import type { CliContext } from '../io.ts';

const seconds = (s: number) => `${s.toFixed(1).replace('.', ',')} s`;

/** What each stage says when it ends, in French. */
function stageLine(report: StageReport): string {
  const c = report.counts;
  switch (report.id) {
    case 'check':
      return `${plural(c.flows!, 'parcours', 'parcours')}, ${plural(c.procedures!, 'procédure')}, ${plural(c.contacts!, 'contact')}`;
    case 'diagrams':
      return `${plural(c.diagrams!, 'logigramme')} (${c.rendered} ${agree(c.rendered!, 'dessiné')}, ${c.reused} repris du cache)`;
    case 'site':
      return `${plural(c.pages!, 'page')}${c.reused ? ` (${c.rendered} ${agree(c.rendered!, 'rendue')}, ${c.reused} ${agree(c.reused, 'reprise')} du cache)` : ''}`;
    case 'search': {
      // A large site's index comes in parts (site/search-parts.ts): say how many were redone.
      const parts = (c.parts ?? 1) > 1 ? ` en ${c.parts} parties (${c.partsIndexed} ${agree(c.partsIndexed!, 'refaite')}, ${c.partsReused} ${agree(c.partsReused!, 'reprise')})` : c.partsReused ? ' (index repris de la construction précédente)' : '';
      return `${plural(c.pages!, 'page')} ${agree(c.pages!, 'indexée')}${parts}${c.offline ? `, ${plural(c.offline, 'fichier')} ${agree(c.offline, 'gardé')} pour la lecture hors ligne` : ''}`;
    }
    case 'sheets':
      return `${plural(c.sheets!, 'fiche')} et ${plural(c.recueils!, 'recueil')} (${c.printed} ${agree(c.printed!, 'imprimé')}, ${c.reused} repris du cache)`;
  }
}

export async function buildCommand(options: CliOptions, cli: CliContext): Promise<number> {
  const { red, green } = cli.paint;
  // The time told is the command's: the output's check and its publishing included.
  const started = performance.now();
  const elapsed = () => seconds((performance.now() - started) / 1000);
  const resolved = resolveSettings({ content: options.content, ...(options.out ? { out: options.out } : {}), cwd: cli.io.cwd, env: cli.env });
  if (!resolved.ok) {
    for (const d of resolved.diagnostics) cli.err(`${formatDiagnostic(d, cli.paint)}\n\n`);
    cli.err(`${red('✘ Construction arrêtée : la configuration du projet a des erreurs.')}\n`);
    return resolved.diagnostics.some((d) => d.code === 'config-missing') ? 2 : 1;
  }
  const { settings } = resolved;
  useChromium(resolved.settings.chromium);
  const out = settings.outDir;
  const build = new Build(settings);
  const tty = cli.io.stdout.isTTY;
  const number = (id: string) => `[${STAGES.findIndex((s) => s.id === id) + 1}/${STAGES.length}]`;
  const label = (id: string) => `${number(id)} ${STAGES.find((s) => s.id === id)!.label}`;
  const stop = (reason: string, code: number): number => {
    build.abort();
    cli.err(`${red(`✘ Construction arrêtée : ${reason}`)}\n`);
    cli.err(`${out} n’a pas été modifié.\n`);
    return code;
  };
  // Interrupted, the build leaves the last good output as it was (the handlers go with the build).
  const interrupted = { SIGINT: () => process.exit(stop('interrompue (Ctrl-C).', 130)), SIGTERM: () => process.exit(stop('interrompue.', 130)) };
  for (const [signal, handler] of Object.entries(interrupted)) process.on(signal, handler);
  try {
    const outcome = await build.run(
      { force: options.force },
      {
        progress: (id, done, total) => {
          if (tty) cli.out(`\r${label(id)} ${done}/${total}`);
        },
        stageDone: (report) => cli.out(`${tty ? '\r\u001b[K' : ''}${label(report.id)} : ${stageLine(report)} (${seconds(report.seconds)})\n`),
        sheetWarnings: (warnings) => {
          for (const d of warnings) cli.out(`${formatDiagnostic(d, cli.paint)}\n\n`);
        },
        diagnostics: (diagnostics, result) => {
          // The editor's project schemas follow the content the build just loaded.
          try {
            writeProjectSchemas(result.project);
          } catch {
            // A read-only project only costs the editor its completion; the build goes on.
          }
          for (const d of diagnostics) cli.out(`${formatDiagnostic(d, cli.paint)}\n\n`);
          if (diagnostics.some((d) => d.severity === 'error')) cli.err(`${formatTotals(diagnostics, result.project.files.length, cli.paint)}\n`);
        },
      },
    );
    if (!outcome.ok) return stop(outcome.message, 1);
    const { summary } = outcome;
    if (summary.upToDate) {
      cli.out(`${green(`✔ Rien n’a changé depuis la dernière construction : ${out} est à jour (${elapsed()}).`)}\n`);
      return 0;
    }
    const reused = (id: string) => summary.stages.find((s) => s.id === id)?.counts.reused ?? 0;
    const t = summary.totals;
    cli.out(
      `${green(
        `✔ ${out} : ${plural(t.flows, 'parcours', 'parcours')}, ${plural(t.pages, 'page')}, ${plural(t.diagrams, 'logigramme')} (${reused('diagrams')} repris), ${plural(t.sheets, 'fiche')} et ${agree(t.sheets, 'son recueil', 'leurs recueils')} (${plural(reused('sheets'), 'PDF', 'PDF')} repris) en ${elapsed()}.`,
      )}\n`,
    );
    return 0;
  } catch (error) {
    return stop(error instanceof Error ? error.message : String(error), 1);
  } finally {
    for (const [signal, handler] of Object.entries(interrupted)) process.off(signal, handler);
  }
}
