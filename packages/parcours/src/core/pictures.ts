/**
 * The checks every picture the project names goes through (a step's picture, a brand's logo,
 * the site's logo): inside the project, and there.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { q, type DiagnosticCode } from './diagnostics.ts';

export interface PictureProblem {
  code: DiagnosticCode;
  message: string;
  hint: string;
}

/**
 * @param written the path as the editor wrote it
 * @param path the same, resolved against the file that names it
 * @param projectRoot the content project's folder
 * @param what how the message names it (« L’image », « Le logo »)
 * @param config the path is written in parcours.yaml (relative to it), not in a flows file
 */
export function pictureProblem(written: string, path: string, projectRoot: string, what: string, config = false): PictureProblem | undefined {
  const rel = relative(projectRoot, path);
  if (rel.startsWith('..') || isAbsolute(rel) || isAbsolute(written)) {
    return {
      code: 'picture-outside-project',
      message: `${what} ${q(written)} est hors du projet.`,
      hint: `Placez le fichier dans le projet (par exemple content/images/) et indiquez son chemin relatif à ${config ? 'parcours.yaml' : 'ce fichier YAML'}.`,
    };
  }
  if (!existsSync(path)) {
    const from = config ? 'à parcours.yaml (le dossier du projet)' : 'au fichier YAML qui le cite';
    return { code: 'picture-missing', message: `${what} ${q(written)} est introuvable.`, hint: `Vérifiez le chemin : il est relatif ${from}.` };
  }
  return undefined;
}
