/**
 * `parcours init <dir>`: starts a content project the way an agency would: a parcours.yaml with
 * every setting present and explained, one small journey with a procedure, a contacts file and
 * a brand (templates/nouveau-projet/). It passes `parcours check` and builds as it is.
 */
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadFlows } from '../../core/load.ts';
import { q } from '../../core/diagnostics.ts';
import { frenchSpacing } from '../../core/typography.ts';
import { TOOLKIT_DIR } from '../../settings/settings.ts';
import type { CliOptions } from '../main.ts';
import { writeProjectSchemas } from '../editor-schemas.ts';
import type { CliContext } from '../io.ts';

const TEMPLATE = join(TOOLKIT_DIR, 'templates', 'nouveau-projet');

export function initCommand(options: CliOptions, cli: CliContext): number {
  const [target] = options.args;
  if (!target) {
    cli.err(frenchSpacing('Indiquez le dossier du nouveau projet : parcours init mon-projet\n'));
    return 2;
  }
  const dir = resolve(cli.io.cwd, target);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    cli.err(frenchSpacing(`Le dossier ${q(target)} existe déjà et n’est pas vide : choisissez un nouveau dossier.\n`));
    return 2;
  }
  cpSync(TEMPLATE, dir, { recursive: true });
  // The editor's schemas (.vscode/settings.json points at them), with the project's own ids:
  // completion works from the first file opened, before any `parcours check`.
  writeProjectSchemas(loadFlows(join(dir, 'flows'), { cwd: dir }).project);
  cli.out(
    cli.paint.green(frenchSpacing(`✔ Projet créé dans ${q(target)}.`)) +
      '\n' +
      frenchSpacing(
        [
          'Pour continuer :',
          `  parcours check --content ${target}     vérifie le projet`,
          `  parcours dev --content ${target}       aperçu en direct du site`,
          `  parcours build --content ${target}     construit le site et les fiches dans ${target}/dist/`,
          'Ouvrez parcours.yaml : chaque réglage y est expliqué.',
          '',
        ].join('\n'),
      ),
  );
  return 0;
}
