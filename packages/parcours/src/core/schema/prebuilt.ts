/**
 * The text of ./validators.generated.mjs: the content's validators compiled ahead by ajv (its
 * standalone code), so that a command does not compile them at its start (120 ms of every
 * `parcours check`, `build` or `lsp`). Written by scripts/write-schemas.ts with the schemas; a
 * test fails while the file lags behind them. validate.ts uses it only when its digest is that
 * of the schemas it has, and compiles them otherwise.
 */
import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { VALIDATED_SCHEMAS, validatorsAjv, validatorsDigest } from './validate.ts';

/** Ajv's standalone code maker (a CommonJS module that is the function itself: TypeScript's two configurations here import it differently). */
const standaloneCode = createRequire(import.meta.url)('ajv/dist/standalone') as (ajv: Ajv2020, refs: Record<string, string>) => string;

export function prebuiltValidatorsText(): string {
  const ajv = validatorsAjv({ source: true, esm: true });
  for (const schema of Object.values(VALIDATED_SCHEMAS)) ajv.addSchema(schema);
  const exports: Record<string, string> = Object.fromEntries(Object.entries(VALIDATED_SCHEMAS).map(([kind, schema]) => [kind, String(schema.$id)]));
  return [
    '// Written by scripts/write-schemas.ts (ajv’s standalone code): do not edit. src/core/schema/prebuilt.ts says why.',
    standaloneCode(ajv, exports),
    `export const digest = ${JSON.stringify(validatorsDigest())};`,
    '',
  ].join('\n');
}
