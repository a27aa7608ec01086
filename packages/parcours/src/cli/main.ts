/**
 * `parcours`: the command editors and CI run (started by bin/parcours.js, which chooses the
 * Node; importing this module runs nothing). Sub-commands each live in ./commands/.
 * Exit codes: 0 all good, 1 the content has errors, 2 the command was misused (unknown
 * command, option, path or flow).
 */
import { resolve } from 'node:path';
import type { EnvOverrides } from '../settings/env.ts';
import { contentDirOf, toolkitVersion } from '../settings/settings.ts';
import { cliContext, processIo, type CliIo } from './io.ts';

export type { CliIo } from './io.ts';

const USAGE = `Usage : parcours <commande> [options]

Commandes :
  check [fichiers ou dossiers…]   vérifie le projet : parcours.yaml et les parcours (par défaut : tout flows/)
                                  et met à jour les schémas de l’éditeur (.parcours/schemas/) ;
                                  un chemin relatif se lit depuis le projet (--content), sinon,
                                  s’il n’y existe pas, depuis le dossier courant
  paths <parcours>                liste chaque chemin d’un parcours, réponse par réponse
  graph <parcours>                affiche le logigramme Mermaid d’un parcours
  diff [<révision>]               ce que les lecteurs verront de différent depuis une révision git
                                  (par défaut : là où la branche a quitté main), pour relire une modification
  build                           construit le site, les logigrammes et les fiches (dans dist/)
  dev                             aperçu en direct du site (http://localhost:4321)
  init <dossier>                  crée le dépôt d’un projet de contenu, prêt à vérifier, construire et publier
  chromium [--install]            dit quel Chromium la construction utilise ; --install en installe un s’il n’y en a pas
  lsp                             serveur de langage pour les éditeurs (sur l’entrée et la sortie standard)
  help                            affiche cette aide (--version : la version de Parcours)

Options :
  --content <dossier>   le projet de contenu (parcours.yaml, flows/, content/) ; par défaut le dossier courant
  --out <dossier>       où « build » écrit le site (par défaut : dist/, ou build.out de parcours.yaml)
  --force               « build » refait tout, même si rien n’a changé
  --json                sortie JSON, pour les outils (check, paths, diff)
  --markdown            avec « diff » : en Markdown, logigrammes compris, pour un commentaire de merge request
  --fiches              avec « diff » : le nombre de pages de chaque fiche modifiée, avant et après (construit les deux versions)
  --watch               avec « check » : revérifie à chaque enregistrement (Ctrl+C pour arrêter)
  --install             avec « chromium » : installe Chromium s’il manque

Codes de sortie : 0 tout va bien, 1 le contenu a des erreurs, 2 la commande est mal
employée (commande, option, chemin ou parcours inconnus).
`;

/** The commands `run` knows (the CI examples and the tests check against this list). */
export const COMMANDS = ['check', 'paths', 'graph', 'diff', 'build', 'dev', 'init', 'chromium', 'lsp', 'help', 'version'] as const;

export interface CliOptions {
  json: boolean;
  markdown: boolean;
  fiches: boolean;
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

function parse(argv: string[], io: CliIo, env: EnvOverrides): { command: string | undefined; options: CliOptions } | { error: string } {
  let content: string | undefined;
  let dir: string | undefined;
  const options: Omit<CliOptions, 'content' | 'dir'> = { json: false, markdown: false, fiches: false, watch: false, force: false, install: false, args: [] };
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--markdown') options.markdown = true;
    else if (arg === '--fiches') options.fiches = true;
    else if (arg === '--watch') options.watch = true;
    else if (arg === '--force') options.force = true;
    else if (arg === '--install') options.install = true;
    else if (arg === '--stdio') continue; // `lsp`: editors add it; stdio is its only transport
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
  const contentDir = contentDirOf({ ...(content ? { content } : {}), cwd: io.cwd, env });
  // --dir: a flows folder on its own (older usage), without a project around it.
  return { command, options: { ...options, content: contentDir, dir: dir ? resolve(io.cwd, dir) : resolve(contentDir, 'flows') } };
}

/**
 * Runs one command; resolves to its exit code. `io` is the process's own by default; a test
 * gives its own streams, folder and environment, and the command touches nothing else.
 */
export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  const cli = cliContext(io);
  const parsed = parse(argv, io, cli.env);
  if ('error' in parsed) {
    cli.err(`${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  const { command, options } = parsed;
  // Each command's module is loaded only when it runs: together they bring PDF, SVG, git and
  // browser packages that one command needs at most a part of (`--version` took 1.7 s).
  switch (command) {
    case 'check':
      return (await import('./commands/check.ts')).checkCommand(options, cli);
    case 'paths':
      return (await import('./commands/paths.ts')).pathsCommand(options, cli);
    case 'graph':
      return (await import('./commands/graph.ts')).graphCommand(options, cli);
    case 'diff':
      return (await import('./commands/diff.ts')).diffCommand(options, cli);
    case 'build':
      return (await import('./commands/build.ts')).buildCommand(options, cli);
    case 'dev':
      return (await import('./commands/dev.ts')).devCommand(options, cli);
    case 'init':
      return (await import('./commands/init.ts')).initCommand(options, cli);
    case 'chromium':
      return (await import('./commands/chromium.ts')).chromiumCommand(options, cli);
    case 'lsp':
      return (await import('./commands/lsp.ts')).lspCommand();
    case 'version':
      cli.out(`parcours ${toolkitVersion()}\n`);
      return 0;
    case 'help':
    case undefined:
      cli.out(USAGE);
      return command === 'help' ? 0 : 2;
    default:
      cli.err(`Commande inconnue : ${command}\n\n${USAGE}`);
      return 2;
  }
}

