/**
 * The text of schema/validators.mjs: the content's validators compiled ahead by ajv (its
 * standalone code), so that a command does not compile them at its start (120 ms of every
 * `parcours check`, `build` or `lsp`). Written by scripts/write-schemas.ts with the schemas; a
 * test fails while the file lags behind them. validate.ts uses it only when its digest is that
 * of the schemas it has, and compiles them otherwise.
 */
import standalone from 'ajv/dist/standalone/index.js';
import { VALIDATED_SCHEMAS, validatorsAjv, validatorsDigest } from './validate.ts';

export function prebuiltValidatorsText(): string {
  const ajv = validatorsAjv({ source: true, esm: true });
  for (const schema of Object.values(VALIDATED_SCHEMAS)) ajv.addSchema(schema);
  const exports: Record<string, string> = Object.fromEntries(Object.entries(VALIDATED_SCHEMAS).map(([kind, schema]) => [kind, String(schema.$id)]));
  return [
    '// Written by scripts/write-schemas.ts (ajv’s standalone code): do not edit. src/core/schema/prebuilt.ts says why.',
    // (A CommonJS module: its function is both what Node imports and its `default`.)
    standalone.default(ajv, exports),
    `export const digest = ${JSON.stringify(validatorsDigest())};`,
    '',
  ].join('\n');
}
