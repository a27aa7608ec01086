/**
 * The content format's changes between versions of Parcours, told by `check` where they apply
 * (« le champ X s’appelle désormais Y »), rather than left to a schema error that would not say
 * why a file that used to pass no longer does. CHANGELOG.md tells the same changes to agencies.
 */
import { q, type Diagnostic } from './diagnostics.ts';

/** A field renamed in some version: an old name met where the new one is allowed. */
export interface FieldRename {
  from: string;
  to: string;
  /** The version of Parcours that renamed it. */
  since: string;
}

/** Every rename of the format, oldest first. None so far: 1.0.0 renamed nothing. */
export const RENAMED_FIELDS: readonly FieldRename[] = [];

/** The rename that explains an unknown `field`, when its new name is allowed at that place. */
export function renamedField(field: string, allowed: readonly string[], renames: readonly FieldRename[] = RENAMED_FIELDS): FieldRename | undefined {
  return renames.find((rename) => rename.from === field && allowed.includes(rename.to));
}

/** The French message for a renamed field, as `check` prints it. */
export function renamedFieldMessage(rename: FieldRename): { message: string; hint: string } {
  return {
    message: `Le champ ${q(rename.from)} s’appelle désormais ${q(rename.to)} (depuis Parcours ${rename.since}).`,
    hint: `Remplacez ${q(rename.from)} par ${q(rename.to)} : le sens et la valeur ne changent pas.`,
  };
}

// Written in every file until 1.0.0; now the project's schemas come from .vscode/settings.json,
// and such a line (often pointing at a schema that no longer exists) would win over them.
const MODELINE = /^#\s*yaml-language-server:\s*\$schema=/;

/** Warnings for lines the format no longer needs, at their place in `text`. */
export function obsoleteLines(file: string, text: string): Diagnostic[] {
  const first = text.split('\n', 1)[0] ?? '';
  if (!MODELINE.test(first)) return [];
  return [
    {
      file,
      line: 1,
      column: 1,
      code: 'obsolete-schema-modeline',
      severity: 'warning',
      message: 'Cette ligne n’est plus utile depuis Parcours 1.0.0 : l’éditeur trouve les schémas du projet par .vscode/settings.json, et elle les remplacerait par un autre.',
      hint: 'Supprimez la ligne 1 (« # yaml-language-server: $schema=… »).',
    },
  ];
}
