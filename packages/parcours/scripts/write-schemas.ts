/**
 * Writes the shared JSON Schemas of src/core/schema/definitions.ts to schema/*.schema.json:
 * for any tool or editor, and for the test fixtures (.vscode/settings.json). A content
 * project's editor uses its own copy, with its identifiers, which `parcours check` writes to
 * .parcours/schemas/. Also src/core/schema/validators.generated.mjs, the validators compiled ahead
 * (src/core/schema/prebuilt.ts). Run after changing the schema: a test fails while these files
 * lag behind.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema } from '../src/core/schema/config.ts';
import { SCHEMAS } from '../src/core/schema/definitions.ts';
import { schemaFileText } from '../src/core/schema/files.ts';
import { prebuiltValidatorsText } from '../src/core/schema/prebuilt.ts';

const dir = join(import.meta.dirname, '..', 'schema');
for (const kind of Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[]) {
  writeFileSync(join(dir, `${kind}.schema.json`), schemaFileText(kind));
  console.log(`schema/${kind}.schema.json écrit`);
}
writeFileSync(join(dir, 'config.schema.json'), `${JSON.stringify(configSchema, null, 2)}\n`);
console.log('schema/config.schema.json écrit');
writeFileSync(join(import.meta.dirname, '..', 'src', 'core', 'schema', 'validators.generated.mjs'), prebuiltValidatorsText());
console.log('src/core/schema/validators.generated.mjs écrit');
