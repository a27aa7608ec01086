/**
 * Writes a project's own schemas (src/core/schema/project-schemas.ts) where its
 * `.vscode/settings.json` points: `.parcours/schemas/` at the project's root. `parcours check`
 * calls it at every run (and `--watch` at every save); the build and the dev server may too.
 *
 * The folder holds a `.gitignore` of its own: the schemas are derived from the content, so
 * committing them would only add conflicts between editors who add files at the same time.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../core/model.ts';
import { PROJECT_SCHEMAS_DIR, projectSchemaFiles } from '../core/schema/project-schemas.ts';

export interface SchemasWritten {
  dir: string;
  /** The files whose content changed (none when the project's identifiers did not change). */
  written: string[];
}

/**
 * Writes the project's schemas into `dir` (default: `.parcours/schemas/` beside flows/),
 * only the files whose content changed, each replaced at once so that an editor reading it
 * never sees half a file.
 *
 * @throws when the folder cannot be written (the caller says so and carries on)
 */
export function writeProjectSchemas(project: Project, dir = join(project.projectRoot, PROJECT_SCHEMAS_DIR)): SchemasWritten {
  const files = { '.gitignore': '# Écrit par « parcours check » : ces schémas se déduisent des fichiers du projet.\n*\n', ...projectSchemaFiles(project) };
  const written: string[] = [];
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, path);
    written.push(path);
  }
  return { dir, written };
}
