/**
 * `parcours init <dir>`: starts a content project the way an agency would: a parcours.yaml with
 * every setting present and explained, one small journey with a procedure, a contacts file and
 * a brand (templates/nouveau-projet/). It passes `parcours check` and builds as it is.
 */
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { q } from '../../core/diagnostics.ts';
import { frenchSpacing } from '../../core/typography.ts';
import { TOOLKIT_DIR } from '../../settings/settings.ts';
import type { CliOptions } from '../main.ts';
import { green } from '../format.ts';

const TEMPLATE = join(TOOLKIT_DIR, 'templates', 'nouveau-projet');

export function initCommand(options: CliOptions): number {
  const [target] = options.args;
  if (!target) {
    process.stderr.write(frenchSpacing('Indiquez le dossier du nouveau projet : parcours init mon-projet\n'));
    return 2;
  }
  const dir = resolve(target);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    process.stderr.write(frenchSpacing(`Le dossier ${q(target)} existe déjà et n’est pas vide : choisissez un nouveau dossier.\n`));
    return 2;
  }
  cpSync(TEMPLATE, dir, { recursive: true });
  // Each YAML file points its editor at the toolkit's schemas, wherever the project lives.
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, file);
    if (!/\.ya?ml$/.test(file) || !statSync(path).isFile()) continue;
    const schemas = relative(dirname(path), join(TOOLKIT_DIR, 'schema')).split('\\').join('/');
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll('{{SCHEMA}}', schemas));
  }
  process.stdout.write(
    green(frenchSpacing(`✔ Projet créé dans ${q(target)}.`)) +
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
