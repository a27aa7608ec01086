/**
 * The JSON Schemas editors use: in step with their source, accepting every real file,
 * refusing an unknown field at its position, and referenced from every file's first line.
 */
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, matchesGlob, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { discover, loadFlows } from '../../src/core/index.ts';
import { SCHEMAS, type FileKind } from '../../src/core/schema/definitions.ts';
import { schemaFileText } from '../../src/core/schema/files.ts';
import { prebuiltValidatorsText } from '../../src/core/schema/prebuilt.ts';
import { compiledValidators, VALIDATED_SCHEMAS, validatorsAjv, validatorsDigest } from '../../src/core/schema/validate.ts';
import { projectSchemaFiles } from '../../src/core/schema/project-schemas.ts';
import { ECPS, TOOLKIT } from '../helpers/cli.ts';

const SETTINGS = JSON.parse(readFileSync(join(ECPS, '.vscode', 'settings.json'), 'utf8')) as { 'yaml.schemas': Record<string, string[]> };

/** yaml-language-server's reading of a `yaml.schemas` glob list (yamlSchemaService.ts: `**\/` before each, `!` excludes). */
function matchesLikeTheServer(globs: string[], path: string): boolean {
  const file = `/projet/${path}`;
  const matches = (glob: string) => matchesGlob(file, `**/${glob.replace(/^\//, '')}`);
  return globs.some((g) => !g.startsWith('!') && matches(g)) && !globs.some((g) => g.startsWith('!') && matches(g.slice(1)));
}

const kinds = Object.keys(SCHEMAS) as FileKind[];
const realFiles = discover(join(ECPS, 'flows'));

describe('schema/*.schema.json', () => {
  it.each(kinds)('%s is up to date with src/core/schema/definitions.ts (run npm run schema)', (kind) => {
    expect(readFileSync(join(TOOLKIT, 'schema', `${kind}.schema.json`), 'utf8')).toBe(schemaFileText(kind));
  });

  it('src/core/schema/validators.generated.mjs, the validators compiled ahead, is up to date with the schemas (run npm run schema), and is used', async () => {
    const file = join(TOOLKIT, 'src', 'core', 'schema', 'validators.generated.mjs');
    expect(readFileSync(file, 'utf8')).toBe(prebuiltValidatorsText());
    const prebuilt = await import(pathToFileURL(file).href);
    expect(prebuilt.digest).toBe(validatorsDigest());
  });

  it('the validators compiled ahead report what the validators compiled at once report, on valid and broken files', () => {
    const ajv = validatorsAjv();
    const samples: [keyof typeof VALIDATED_SCHEMAS, unknown][] = [
      ...realFiles.map((f) => [f.kind, parse(readFileSync(f.path, 'utf8'))] as [keyof typeof VALIDATED_SCHEMAS, unknown]),
      ['flow', { title: 3, start: 'a', nodes: { a: { question: 'Q ?', answers: [{ label: '', next: 'b', autre: 1 }] }, b: { success: '' } }, extra: true }],
      ['procedure', { title: 'T', steps: [{ title: 'x'.repeat(500) }], reviewed: '2026-13-45' }],
      ['contacts', { contacts: { support: { name: 'S', phone: 'pas un numéro', email: 'x@' } } }],
      ['config', { site: { url: 'ftp://x', language: 12 }, inconnu: 1 }],
    ];
    for (const [kind, data] of samples) {
      const compiled = ajv.compile(VALIDATED_SCHEMAS[kind]);
      compiled(data);
      const prebuilt = compiledValidators()[kind];
      prebuilt(data);
      expect(JSON.parse(JSON.stringify(prebuilt.errors ?? null)), kind).toEqual(JSON.parse(JSON.stringify(compiled.errors ?? null)));
    }
  });

  it.each(kinds)('%s is a valid draft 2020-12 schema with French descriptions', (kind) => {
    const schema = JSON.parse(readFileSync(join(TOOLKIT, 'schema', `${kind}.schema.json`), 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const ajv = new Ajv2020({ strict: false });
    expect(() => ajv.compile(schema)).not.toThrow();
    // Every declared property explains itself to the editor who hovers it.
    const missing: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const props = (node as { properties?: Record<string, { description?: string }> }).properties;
      for (const [key, value] of Object.entries(props ?? {})) if (!value.description) missing.push(`${path}.${key}`);
      for (const [key, value] of Object.entries(node)) walk(value, `${path}/${key}`);
    };
    walk(schema, kind);
    expect(missing).toEqual([]);
  });
});

describe('what the editor shows', () => {
  // yaml-language-server shows `errorMessage` for a wrong type, value or key and a missing
  // field raised by that very object, and `patternErrorMessage` for a pattern; conditions
  // (`if`) are never shown. Everything else it would say in its own words.
  const schemas = [
    ...kinds.map((kind) => [`schema/${kind}.schema.json`, JSON.parse(readFileSync(join(TOOLKIT, 'schema', `${kind}.schema.json`), 'utf8'))] as const),
    // The project's own, with its identifiers (what `parcours check` writes for the editor).
    ...Object.entries(projectSchemaFiles(loadFlows(join(ECPS, 'flows')).project)).map(([name, text]) => [`.parcours/schemas/${name} (flows/)`, JSON.parse(text)] as const),
  ];

  function problems(schema: unknown, path: string, out: string[]): string[] {
    if (!schema || typeof schema !== 'object') return out;
    if (Array.isArray(schema)) {
      schema.forEach((item, i) => problems(item, `${path}/${i}`, out));
      return out;
    }
    const s = schema as Record<string, unknown>;
    const shown = (key: string) => typeof s[key] === 'string' && (s[key] as string).length > 0;
    if ((s.type || s.enum || s.const !== undefined || s.required) && !shown('errorMessage')) out.push(`${path}: no errorMessage`);
    if (s.pattern && !shown('patternErrorMessage')) out.push(`${path}: no patternErrorMessage`);
    if (s.type === 'object' && s.properties && !s.propertyNames) out.push(`${path}: unknown keys not refused through propertyNames`);
    if (s.additionalProperties === false) out.push(`${path}: additionalProperties false (the server's own message)`);
    if (s.minLength !== undefined) out.push(`${path}: minLength (the server's own message)`);
    for (const key of ['errorMessage', 'patternErrorMessage']) {
      const message = s[key];
      if (typeof message !== 'string') continue;
      if (/ [:;!?]|[«] | [»]/.test(message)) out.push(`${path}/${key}: French spacing missing in ${JSON.stringify(message)}`);
      if (/\^|\$|\\[dsw]|\[a-z0-9]-/.test(message)) out.push(`${path}/${key}: looks like a regular expression: ${JSON.stringify(message)}`);
    }
    for (const [key, value] of Object.entries(s)) {
      if (key === 'if' || key === 'defaultSnippets' || key === 'examples' || key === 'enum') continue;
      problems(value, `${path}/${key}`, out);
    }
    return out;
  }

  it.each(schemas)('%s: every message the server lets the schema choose is the schema’s, in French', (_, schema) => {
    expect(problems(schema, '#', [])).toEqual([]);
  });
});

describe('the real files', () => {
  it('are all found', () => {
    expect(realFiles.length).toBeGreaterThanOrEqual(10);
  });

  it.each(realFiles.map((f) => [relative(ECPS, f.path), f] as const))('%s validates against the written schema and gets the project schema by its folder', (_, found) => {
    const text = readFileSync(found.path, 'utf8');
    // No `# yaml-language-server: $schema=…` line: it would win over .vscode/settings.json and
    // point to the shared schema, without the project's identifiers.
    expect(text).not.toMatch(/^#\s*yaml-language-server:/m);
    const associated = Object.entries(SETTINGS['yaml.schemas']).filter(([, globs]) => matchesLikeTheServer(globs, relative(ECPS, found.path)));
    expect(associated.map(([schema]) => schema)).toEqual([`./.parcours/schemas/${found.kind}.schema.json`]);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(join(TOOLKIT, 'schema', `${found.kind}.schema.json`), 'utf8')));
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the test fixtures get the shared schemas, not the project\'s', () => {
    const fixture = 'test/fixtures/broken/unknown-contact/flows/procedures/activation-carte.yaml';
    // The toolkit's own folder settings (packages/parcours/.vscode), for its developers.
    const toolkit = JSON.parse(readFileSync(join(TOOLKIT, '.vscode', 'settings.json'), 'utf8')) as typeof SETTINGS;
    const associated = Object.entries(toolkit['yaml.schemas']).filter(([, globs]) => matchesLikeTheServer(globs, fixture));
    expect(associated.map(([schema]) => schema)).toEqual(['./schema/procedure.schema.json']);
  });
});

describe('an unknown field', () => {
  it('is refused with its own position and the field it was probably meant to be', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parcours-schema-'));
    mkdirSync(join(dir, 'flows'));
    writeFileSync(
      join(dir, 'flows', 'essai.yaml'),
      ['title: Essai', 'start: q', 'nodes:', '  q:', '    question: Ça marche ?', '    answers:', '      - { label: Oui, next: ok }', '      - { label: Non, next: ok, color: rouge }', '  ok:', '    success: Fini', '    sucess: Fini', ''].join('\n'),
    );
    const { diagnostics } = loadFlows(join(dir, 'flows'), { cwd: dir });
    expect(diagnostics.map((d) => ({ code: d.code, file: d.file, line: d.line, column: d.column, suggestion: d.suggestion }))).toEqual([
      { code: 'schema-unknown-field', file: 'flows/essai.yaml', line: 8, column: 33, suggestion: undefined },
      { code: 'schema-unknown-field', file: 'flows/essai.yaml', line: 11, column: 5, suggestion: 'success' },
    ]);
    expect(diagnostics[0]!.message).toContain('color');
  });

  it('is refused in the real content too (a copy of a real procedure with one extra field)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parcours-schema-'));
    mkdirSync(join(dir, 'flows', 'procedures'), { recursive: true });
    for (const f of realFiles) {
      const target = join(dir, 'flows', relative(join(ECPS, 'flows'), f.path));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(f.path, target);
    }
    const file = join(dir, 'flows', 'procedures', 'activation-carte.yaml');
    const lines = readFileSync(file, 'utf8').split('\n');
    const titleLine = lines.findIndex((l) => l.startsWith('title:'));
    lines.splice(titleLine + 1, 0, 'auteur: Quelqu’un');
    writeFileSync(file, lines.join('\n'));
    const { diagnostics } = loadFlows(join(dir, 'flows'), { cwd: dir });
    expect(diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([['schema-unknown-field', 'flows/procedures/activation-carte.yaml', titleLine + 2, 1]]);
  });
});
