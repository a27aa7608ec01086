/**
 * The toolkit carries no identity of its first content: no e-CPS or ANS wording in src/,
 * except the examples the schemas show editors (hover and completion).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { configSchema } from '../../src/core/schema/config.ts';
import { SCHEMAS } from '../../src/core/schema/definitions.ts';
import { TOOLKIT } from '../helpers/cli.ts';

/** Every string under an `examples` key of the schemas. */
function examples(value: unknown, inExamples = false, out = new Set<string>()): Set<string> {
  if (typeof value === 'string' && inExamples) out.add(value);
  else if (Array.isArray(value)) for (const item of value) examples(item, inExamples, out);
  else if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) examples(inner, inExamples || key === 'examples', out);
  return out;
}

it('src/ has no e-CPS or ANS wording outside the schemas’ examples', () => {
  const allowed = examples([configSchema, ...Object.values(SCHEMAS)]);
  const found: string[] = [];
  const src = join(TOOLKIT, 'src');
  for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' }).sort()) {
    if (!/\.(ts|astro|mjs|css|json)$/.test(file)) continue;
    readFileSync(join(src, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!/e-CPS|\bANS\b|CPx|asipsante/.test(line)) return;
        // The string literals of the line that hold the wording must all be schema examples.
        const literals = [...line.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!).filter((s) => /e-CPS|\bANS\b|CPx|asipsante/.test(s));
        const isSchema = file.startsWith(join('core', 'schema'));
        if (!isSchema || !literals.length || literals.some((s) => !allowed.has(s))) found.push(`src/${file}:${i + 1}: ${line.trim()}`);
      });
  }
  expect(found).toEqual([]);
});
