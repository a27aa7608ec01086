/**
 * `parcours`: the command editors and CI run (started by bin/parcours.js, which chooses the
 * Node; importing this module runs nothing). Sub-commands each live in ./commands/.
 * Exit codes: 0 all good, 1 the content has errors, 2 the command was misused (unknown
 * command, option, path or flow).
 */
import { join } from 'node:path';
import { contentDirOf, toolkitVersion } from '../settings/settings.ts';
import { buildCommand } from './commands/build.ts';
import { checkCommand } from './commands/check.ts';
import { chromiumCommand } from './commands/chromium.ts';
import { devCommand } from './commands/dev.ts';
import { graphCommand } from './commands/graph.ts';
import { initCommand } from './commands/init.ts';
import { pathsCommand } from './commands/paths.ts';

const USAGE = `Usage : parcours <commande> [options]

Commandes :
  check [fichiers ou dossiers…]   vérifie le projet : parcours.yaml et les parcours (par défaut : tout flows/)
                                  et met à jour les schémas de l’éditeur (.parcours/schemas/)
  paths <parcours>                liste chaque chemin d’un parcours, réponse par réponse
  graph <parcours>                affiche le logigramme Mermaid d’un parcours
  build                           construit le site, les logigrammes et les fiches (dans dist/)
  dev                             aperçu en direct du site (http://localhost:4321)
  init <dossier>                  crée le dépôt d’un projet de contenu, prêt à vérifier, construire et publier
  chromium [--install]            dit quel Chromium la construction utilise ; --install en installe un s’il n’y en a pas
  help                            affiche cette aide (--version : la version de Parcours)

Options :
  --content <dossier>   le projet de contenu (parcours.yaml, flows/, content/) ; par défaut le dossier courant
  --out <dossier>       où « build » écrit le site (par défaut : dist/, ou build.out de parcours.yaml)
  --force               « build » refait tout, même si rien n’a changé
  --json                sortie JSON, pour les outils (check, paths)
  --watch               avec « check » : revérifie à chaque enregistrement (Ctrl+C pour arrêter)
  --install             avec « chromium » : installe Chromium s’il manque

Codes de sortie : 0 tout va bien, 1 le contenu a des erreurs, 2 la commande est mal
employée (commande, option, chemin ou parcours inconnus).
`;

/** The commands `run` knows (the CI examples and the tests check against this list). */
export const COMMANDS = ['check', 'paths', 'graph', 'build', 'dev', 'init', 'chromium', 'help', 'version'] as const;

export interface CliOptions {
  json: boolean;
  watch: boolean;
  /** The content project (absolute). */
  content: string;
  /** Its flows folder (absolute). */
  dir: string;
  out?: string;
  force: boolean;
  /** `chromium --install`. */
  install: boolean;
  args: string[];
}

function parse(argv: string[]): { command: string | undefined; options: CliOptions } | { error: string } {
  let content: string | undefined;
  let dir: string | undefined;
  const options: Omit<CliOptions, 'content' | 'dir'> = { json: false, watch: false, force: false, install: false, args: [] };
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--watch') options.watch = true;
    else if (arg === '--force') options.force = true;
    else if (arg === '--install') options.install = true;
    else if (arg === '--content' || arg === '--dir' || arg === '--out') {
      const value = argv[++i];
      if (!value || value.startsWith('--')) return { error: `L’option ${arg} attend un dossier.` };
      if (arg === '--content') content = value;
      else if (arg === '--dir') dir = value;
      else options.out = value;
    } else if (arg === '--help' || arg === '-h') command = 'help';
    else if (arg === '--version' || arg === '-v') command = 'version';
    else if (arg.startsWith('-')) return { error: `Option inconnue : ${arg}` };
    else if (command === undefined) command = arg;
    else options.args.push(arg);
  }
  const contentDir = contentDirOf(content ? { content } : {});
  // --dir: a flows folder on its own (older usage), without a project around it.
  return { command, options: { ...options, content: contentDir, dir: dir ? join(process.cwd(), dir) : join(contentDir, 'flows') } };
}

/** Runs one command; resolves to its exit code. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parse(argv);
  if ('error' in parsed) {
    process.stderr.write(`${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  const { command, options } = parsed;
  switch (command) {
    case 'check':
      return checkCommand(options);
    case 'paths':
      return pathsCommand(options);
    case 'graph':
      return graphCommand(options);
    case 'build':
      return buildCommand(options);
    case 'dev':
      return devCommand(options);
    case 'init':
      return initCommand(options);
    case 'chromium':
      return chromiumCommand(options);
    case 'version':
      process.stdout.write(`parcours ${toolkitVersion()}\n`);
      return 0;
    case 'help':
    case undefined:
      process.stdout.write(USAGE);
      return command === 'help' ? 0 : 2;
    default:
      process.stderr.write(`Commande inconnue : ${command}\n\n${USAGE}`);
      return 2;
  }
}

