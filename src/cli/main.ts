#!/usr/bin/env node
/**
 * `parcours`: the command editors and CI run. Sub-commands each live in ./commands/.
 * Exit codes: 0 all good, 1 the content has errors, 2 the command was misused (unknown
 * command, option, path or flow).
 */
import { checkCommand } from './commands/check.ts';
import { graphCommand } from './commands/graph.ts';
import { pathsCommand } from './commands/paths.ts';

const USAGE = `Usage : parcours <commande> [options]

Commandes :
  check [fichiers ou dossiers…]   vérifie les parcours (par défaut : flows/)
  paths <parcours>                liste chaque chemin d’un parcours, réponse par réponse
  graph <parcours>                affiche le logigramme Mermaid d’un parcours
  help                            affiche cette aide

Options :
  --dir <dossier>   dossier des parcours pour « paths » et « graph » (par défaut : flows/)
  --json            sortie JSON, pour les outils

Codes de sortie : 0 tout va bien, 1 le contenu a des erreurs, 2 la commande est mal
employée (commande, option, chemin ou parcours inconnus).
`;

export interface CliOptions {
  json: boolean;
  dir: string;
  args: string[];
}

function parse(argv: string[]): { command: string | undefined; options: CliOptions } | { error: string } {
  const options: CliOptions = { json: false, dir: 'flows', args: [] };
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--dir') {
      const value = argv[++i];
      if (!value) return { error: 'L’option --dir attend un dossier.' };
      options.dir = value;
    } else if (arg === '--help' || arg === '-h') command = 'help';
    else if (arg.startsWith('-')) return { error: `Option inconnue : ${arg}` };
    else if (command === undefined) command = arg;
    else options.args.push(arg);
  }
  return { command, options };
}

export function main(argv: string[]): number {
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
    case 'help':
    case undefined:
      process.stdout.write(USAGE);
      return command === 'help' ? 0 : 2;
    default:
      process.stderr.write(`Commande inconnue : ${command}\n\n${USAGE}`);
      return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
