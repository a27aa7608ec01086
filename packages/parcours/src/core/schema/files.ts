import { SCHEMAS, type FileKind } from './definitions.ts';

/** The exact text of `schema/<kind>.schema.json`, as written by `npm run schema`. */
export function schemaFileText(kind: FileKind): string {
  return `${JSON.stringify(SCHEMAS[kind], null, 2)}\n`;
}
