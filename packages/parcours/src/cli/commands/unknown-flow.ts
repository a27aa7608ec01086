import { closest, q } from '../../core/diagnostics.ts';
import type { Diagnostic } from '../../core/diagnostics.ts';
import type { Project } from '../../core/model.ts';
import { frenchSpacing } from '../../core/typography.ts';
import { formatDiagnostic } from '../format.ts';
import type { CliContext } from '../io.ts';

/**
 * What `paths` and `graph` say when the flow asked for is not in the project: its own errors
 * when it exists but does not load (exit 1, the content is at fault), else the closest name
 * and every known flow (exit 2, the command was misused).
 */
export function unknownFlow(id: string, project: Project, diagnostics: Diagnostic[], cli: CliContext): number {
  const mine = diagnostics.filter((d) => project.files.some((f) => f.kind === 'flow' && f.id === id && f.file === d.file));
  if (mine.length || project.files.some((f) => f.kind === 'flow' && f.id === id)) {
    for (const d of mine) cli.err(`${formatDiagnostic(d, cli.paint)}\n\n`);
    cli.err(frenchSpacing(`Le parcours ${q(id)} a des erreurs : corrigez-les d’abord (parcours check).\n`));
    return 1;
  }
  const suggestion = closest(id, project.flows.keys());
  const known = [...project.flows.keys()];
  cli.err(
    frenchSpacing(
      `Le parcours ${q(id)} n’existe pas.${suggestion ? ` Vouliez-vous dire ${q(suggestion)} ?` : ''} ${
        known.length ? `Parcours connus : ${known.join(', ')}.` : 'Aucun parcours ne se charge dans ce dossier (parcours check dit pourquoi).'
      }\n`,
    ),
  );
  return 2;
}
