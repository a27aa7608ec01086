/**
 * Which Parcours language server the extension starts: the one of the toolkit the project
 * installed (node_modules/parcours, the same checker as its `parcours check`), else the one
 * the extension carries (for a project whose `npm ci` has not run yet). No VS Code here, so
 * that the choice can be tested on its own.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ServerChoice =
  /** `node <bin> lsp`: the project's own toolkit. */
  | { kind: 'project'; bin: string; version: string; project: string }
  /** The server bundled in the extension (server/parcours-lsp.cjs), with why. */
  | { kind: 'bundled'; module: string; reason: string };

/** The toolkit a project would run (`npx parcours`), as Node finds it from the project's folder. */
export function toolkitOf(project: string): { root: string; version: string } | undefined {
  try {
    const manifest = createRequire(join(project, 'parcours.yaml')).resolve('parcours/package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    return { root: dirname(manifest), version };
  } catch {
    return undefined;
  }
}

/** Whether a toolkit has the language server (compiled, or its sources in its own repository). */
const hasServer = (root: string) => existsSync(join(root, 'dist', 'lsp', 'server.js')) || existsSync(join(root, 'src', 'lsp', 'server.ts'));

/**
 * @param projects the content projects open in the editor (folders with a parcours.yaml)
 * @param bundled the extension's own server module
 */
export function chooseServer(projects: string[], bundled: string): ServerChoice {
  for (const project of projects) {
    const toolkit = toolkitOf(project);
    if (toolkit && hasServer(toolkit.root)) return { kind: 'project', bin: join(toolkit.root, 'bin', 'parcours.js'), version: toolkit.version, project };
    if (toolkit) return { kind: 'bundled', module: bundled, reason: `la boîte à outils du projet (parcours ${toolkit.version}) n’a pas encore de serveur de langage` };
  }
  return {
    kind: 'bundled',
    module: bundled,
    reason: projects.length ? 'la boîte à outils n’est pas installée dans le projet (lancez «\u202fnpm ci\u202f»)' : 'aucun projet Parcours (parcours.yaml) dans les dossiers ouverts',
  };
}
