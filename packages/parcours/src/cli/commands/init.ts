/**
 * `parcours init <dir>`: starts an agency's repository: a parcours.yaml with every setting
 * present and explained, one small journey with a procedure, a contacts file and a brand, a
 * package.json that depends on this version of the toolkit (scripts check, build, dev, diff),
 * VS Code's settings and tasks, a .gitignore, a README for the agency and the CI examples
 * (templates/nouveau-projet/). It passes `parcours check` and builds as it is, and what it
 * prints next works as written.
 */
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { loadFlows } from '../../core/load.ts';
import { q } from '../../core/diagnostics.ts';
import { frenchSpacing } from '../../core/typography.ts';
import { TOOLKIT_DIR, toolkitVersion } from '../../settings/settings.ts';
import type { CliOptions } from '../main.ts';
import { writeProjectSchemas } from '../editor-schemas.ts';
import { green } from '../format.ts';

const TEMPLATE = join(TOOLKIT_DIR, 'templates', 'nouveau-projet');

/** An npm package name from a folder name: lower case, unaccented, hyphens. */
export function packageName(folder: string): string {
  const name = folder
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '');
  return name || 'aide';
}

/** The npm scripts of a new project: each one a command of the toolkit. */
export const PROJECT_SCRIPTS = { check: 'parcours check', build: 'parcours build', dev: 'parcours dev', paths: 'parcours paths', graph: 'parcours graph', diff: 'parcours diff' };

/** The project's package.json: this toolkit's exact version (an agency upgrades on purpose). */
function packageJson(name: string, version: string): string {
  return `${JSON.stringify({ name, version: '1.0.0', private: true, type: 'module', scripts: PROJECT_SCRIPTS, dependencies: { parcours: version } }, null, 2)}\n`;
}

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
  const name = packageName(basename(dir));
  const version = toolkitVersion();
  cpSync(TEMPLATE, dir, { recursive: true });
  // npm never packs a file named .gitignore: the template holds it as `gitignore`.
  renameSync(join(dir, 'gitignore'), join(dir, '.gitignore'));
  writeFileSync(join(dir, 'package.json'), packageJson(name, version));
  const readme = join(dir, 'README.md');
  writeFileSync(readme, readFileSync(readme, 'utf8').replaceAll('{{nom}}', name).replaceAll('{{version}}', version));
  // The editor's schemas (.vscode/settings.json points at them), with the project's own ids:
  // completion works from the first file opened, before any `parcours check`.
  writeProjectSchemas(loadFlows(join(dir, 'flows'), { cwd: dir }).project);
  const shown = relative(process.cwd(), dir) || '.';
  const cd = /^[\w./-]+$/.test(shown) ? shown : `'${shown.replaceAll("'", `'\\''`)}'`;
  process.stdout.write(
    green(frenchSpacing(`✔ Projet créé dans ${q(shown)} (Parcours ${version}).`)) +
      '\n' +
      frenchSpacing(
        [
          'Pour continuer :',
          `  cd ${cd}`,
          '  npm install         installe Parcours (et le Node 24 qu’il apporte)',
          '  npm run check       vérifie le projet',
          '  npm run dev         aperçu en direct du site',
          '  npm run build       construit le site et les fiches dans dist/',
          'Ouvrez parcours.yaml : chaque réglage y est expliqué. Le README dit comment publier.',
          '',
        ].join('\n'),
      ),
  );
  return 0;
}
