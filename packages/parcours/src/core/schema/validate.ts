import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import * as prebuilt from './validators.generated.mjs';
import { closest, q, type Diagnostic, type DiagnosticCode } from '../diagnostics.ts';
import { renamedField, renamedFieldMessage } from '../format-changes.ts';
import type { DataPath } from '../model.ts';
import type { ParsedYaml } from '../yaml.ts';
import { ADDRESS_PATTERN, EMAIL_PATTERN, PHONE_PATTERN } from '../addresses.ts';
import { configSchema } from './config.ts';
import { EDITOR_KEYWORDS, ID_PATTERN, NODE_KINDS, NON_BLANK_PATTERN, SCHEMAS, type FileKind } from './definitions.ts';
import { FORMAT_PATTERNS } from './formats.ts';

/**
 * Patterns the editors' schemas may put on addresses, e-mails and phone numbers: a value
 * that fails one is reported by the semantic check, with a message of its own (not twice).
 */
const ADDRESS_PATTERNS = new Set([ADDRESS_PATTERN, EMAIL_PATTERN, PHONE_PATTERN, ...FORMAT_PATTERNS]);

type Validators = Record<FileKind | 'config', ValidateFunction>;
let validators: Validators | undefined;

/** The schemas the content is validated against, by kind. */
export const VALIDATED_SCHEMAS = { flow: SCHEMAS.flow, procedure: SCHEMAS.procedure, contacts: SCHEMAS.contacts, brand: SCHEMAS.brand, config: configSchema } as const;

const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false } as const;

/**
 * The ajv that compiles them (here, or scripts/write-schemas.ts for ./validators.generated.mjs,
 * `code` then asking for the source). Ajv is loaded only then: the validators compiled ahead
 * need none of it, and loading it cost every process that reads content 30 ms at its start
 * (the build's, and Astro's, before the site is bundled).
 */
export function validatorsAjv(code?: { source: true; esm: true }): Ajv2020 {
  const { Ajv2020: Compiler } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const ajv = new Compiler({ ...AJV_OPTIONS, ...(code ? { code } : {}) });
  // What only the editor reads (messages, snippets): annotations for ajv.
  ajv.addVocabulary([...EDITOR_KEYWORDS]);
  return ajv;
}

/**
 * What validators are made from: the schemas and ajv's options. (Ajv's version is pinned, with
 * the shrinkwrap: the test that writes the file again says when an upgrade changes it.)
 */
export function validatorsDigest(): string {
  return createHash('sha256').update(JSON.stringify([AJV_OPTIONS, EDITOR_KEYWORDS, VALIDATED_SCHEMAS])).digest('hex');
}

/**
 * The validators, once per process: those compiled ahead into ./validators.generated.mjs
 * (written with the schemas by scripts/write-schemas.ts) when they were made from these very schemas;
 * else compiled now (120 ms at every command's start, more than validating every flow).
 */
export function compiledValidators(): Validators {
  if (!validators) {
    if (prebuilt.digest === validatorsDigest()) validators = { flow: prebuilt.flow, procedure: prebuilt.procedure, contacts: prebuilt.contacts, brand: prebuilt.brand, config: prebuilt.config };
    else {
      const ajv = validatorsAjv();
      validators = Object.fromEntries(Object.entries(VALIDATED_SCHEMAS).map(([kind, schema]) => [kind, ajv.compile(schema)])) as Validators;
    }
  }
  return validators;
}

const KIND_KEYS = Object.keys(NODE_KINDS);

/** "nœud « carte », réponse 2": where in the file, in words, for messages. */
export function describePath(path: DataPath): string {
  const parts: string[] = [];
  const numbered: Record<string, string> = {
    answers: 'réponse',
    steps: 'étape',
    callouts: 'encadré',
    pictures: 'image',
    items: 'élément',
    prerequisites: 'prérequis',
    links: 'lien',
    related: 'parcours lié',
  };
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const next = path[i + 1];
    if (segment === 'nodes' && next !== undefined) {
      parts.push(`nœud ${q(next)}`);
      i++;
    } else if (segment === 'contacts' && typeof next === 'string') {
      parts.push(`contact ${q(next)}`);
      i++;
    } else if (typeof segment === 'string' && numbered[segment] && typeof next === 'number') {
      parts.push(`${numbered[segment]} ${next + 1}`);
      i++;
    } else {
      parts.push(`champ ${q(segment)}`);
    }
  }
  return parts.join(', ');
}

const inWords = (path: DataPath) => (path.length ? ` (${describePath(path)})` : '');

const TYPE_NAMES: Record<string, string> = {
  string: 'un texte',
  integer: 'un nombre entier',
  number: 'un nombre',
  array: 'une liste (des lignes commençant par « - »)',
  object: 'un ensemble de champs (des lignes `clé: valeur` indentées)',
  boolean: 'vrai ou faux (true ou false)',
};

/**
 * Turns an id-like mistake ("Méthode A") into a valid id ("methode-a"): accents dropped, lower
 * case, every run of other characters one hyphen, none at either end. One pass into one buffer:
 * a global `replace` kept a string for each of its matches, and a megabyte of "a." (half a
 * million matches) cost thirty to a hundred times what a tenth of it did.
 */
export function slugify(value: string): string {
  const text = value.normalize('NFD').toLowerCase();
  const out = new Uint8Array(text.length);
  let length = 0;
  let gap = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x300 && code <= 0x36f) continue; // a combining accent, dropped as if absent
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) {
      if (gap && length > 0) out[length++] = 0x2d;
      out[length++] = code;
      gap = false;
    } else gap = true;
  }
  return ASCII.decode(out.subarray(0, length));
}

const ASCII = new TextDecoder('latin1');

function pointerToPath(pointer: string): DataPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

interface Mapped {
  code: DiagnosticCode;
  path: DataPath;
  atKey: boolean;
  message: string;
  hint?: string;
  suggestion?: string;
}

/** A key the object does not know, with the known key it was probably meant to be. */
function unknownField(path: DataPath, field: string, parentSchema: unknown): Mapped {
  const allowed = Object.keys((parentSchema as { properties?: object }).properties ?? {});
  const renamed = renamedField(field, allowed);
  if (renamed) return { code: 'schema-renamed-field', path: [...path, field], atKey: true, ...renamedFieldMessage(renamed), suggestion: renamed.to };
  const suggestion = closest(field.trim(), allowed) ?? (allowed.includes(field.trim()) ? field.trim() : undefined);
  // A no-break space pasted into a key is invisible: say so, or the message reads as nonsense.
  const invisible = /[^\x21-\x7e]/.test(field) && /^[\x21-\x7e]+$/.test(field.trim().replace(/[\s\u00a0\u202f]/g, ''));
  return {
    code: 'schema-unknown-field',
    path: [...path, field],
    atKey: true,
    message: `Champ inconnu ${invisible ? JSON.stringify(field) : q(field)}${inWords(path)}${invisible ? ' : son nom contient une espace invisible' : ''}.`,
    hint: allowed.length ? `Les champs possibles ici sont : ${allowed.join(', ')}.` : 'Retirez ce champ.',
    ...(suggestion ? { suggestion } : {}),
  };
}

/** Ids that files define, by kind (their names), for suggestions: see `validateSchema`. */
export type KnownIds = Partial<Record<FileKind, ReadonlySet<string>>>;

/** The kind of file a field refers to by id, from the last keys of its path. */
function referredKind(path: DataPath): FileKind | undefined {
  const last = path[path.length - 1];
  const field = typeof last === 'number' ? path[path.length - 2] : last;
  return field === 'procedure' || field === 'variantOf' ? 'procedure' : field === 'brand' ? 'brand' : field === 'flow' || field === 'related' ? 'flow' : field === 'contacts' ? 'contacts' : undefined;
}

const BY_FILE_NAME: Partial<Record<FileKind, string>> = {
  procedure: 'Une procédure se désigne par le nom de son fichier dans flows/procedures/',
  brand: 'Une marque se désigne par le nom de son fichier dans flows/brands/',
  flow: 'Un parcours se désigne par le nom de son fichier dans flows/',
};

/**
 * An id written as a path (`procedures/tester-connexion.yaml`): the file name alone is the id.
 * Suggested only when such a file exists; never the path squashed into an id.
 */
function pathAsId(value: string, path: DataPath, known: KnownIds): Pick<Mapped, 'hint' | 'suggestion'> | undefined {
  if (!/[/\\]|\.ya?ml$/i.test(value)) return undefined;
  const name = value.split(/[/\\]/).pop()!.replace(/\.ya?ml$/i, '');
  const kind = referredKind(path);
  const byName = kind && BY_FILE_NAME[kind];
  if (!byName) {
    return { hint: 'Un identifiant s’écrit seul, sans dossier ni extension : lettres minuscules sans accent, chiffres et tirets.' };
  }
  const exists = known[kind!]?.has(name) === true && name !== value;
  return {
    hint: `${byName}, sans dossier ni extension${exists ? '.' : ` : aucun fichier ${q(`${name}.yaml`)} n’y est défini.`}`,
    ...(exists ? { suggestion: name } : {}),
  };
}

function mapError(error: ErrorObject, known: KnownIds): Mapped | undefined {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  // The rule on an object's keys reports once, as `propertyNames`; its inner steps are echoes.
  if (error.schemaPath.includes('/propertyNames/')) return undefined;
  switch (error.keyword) {
    case 'if':
    case 'allOf':
      return undefined; // Echoes of the error found inside the kind's own schema.
    case 'additionalProperties':
      return unknownField(path, String(params.additionalProperty), error.parentSchema);
    case 'required': {
      const field = String(params.missingProperty);
      return {
        code: 'schema-missing-field',
        path,
        atKey: true,
        message: `Champ obligatoire manquant : ${q(field)}${inWords(path)}.`,
        hint: `Ajoutez \`${field}: …\` ici (voir le guide de rédaction).`,
      };
    }
    case 'type': {
      const expected = String(params.type);
      // The schema's own advice on writing this value, which the editor shows too.
      const advice = (error.parentSchema as { errorMessage?: string }).errorMessage;
      return {
        code: 'schema-type',
        path,
        atKey: false,
        message: `Cette valeur doit être ${TYPE_NAMES[expected] ?? expected}${inWords(path)}.`,
        hint: advice ?? (
          expected === 'string' && Array.isArray(error.data)
            ? 'Ce champ attend un seul texte, pas une liste : retirez les « - » et écrivez le texte sur la même ligne que la clé.'
            : expected === 'string'
              ? 'Un texte qui contient « : » ou commence par un caractère spécial se met entre guillemets.'
              : 'Vérifiez l’indentation et la forme de cette valeur.'),
      };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const suggestion = typeof error.data === 'string' ? closest(error.data, allowed) : undefined;
      return {
        code: 'schema-value',
        path,
        atKey: false,
        message: `Valeur ${q(String(error.data))} non permise${inWords(path)}.`,
        hint: `Valeurs possibles : ${allowed.join(', ')}.`,
        ...(suggestion ? { suggestion } : {}),
      };
    }
    case 'pattern': {
      const value = String(error.data);
      const pattern = params.pattern as string;
      // Phone numbers, e-mails and addresses: check's own rules report them, with suggestions.
      if (FORMAT_PATTERNS.has(pattern)) return undefined;
      if (pattern === NON_BLANK_PATTERN) return { code: 'schema-empty', path, atKey: false, message: `Valeur vide${inWords(path)}.`, hint: 'Écrivez une valeur ou retirez le champ.' };
      if (pattern === ID_PATTERN) {
        const slug = slugify(value);
        const asPath = pathAsId(value, path, known);
        return {
          code: 'schema-invalid-id',
          path,
          atKey: false,
          message: `Identifiant invalide : ${q(value)}${inWords(path)}.`,
          hint: 'Un identifiant ne contient que des lettres minuscules sans accent, des chiffres et des tirets.',
          ...(asPath ?? (slug && slug !== value ? { suggestion: slug } : {})),
        };
      }
      // An address, a phone number or an e-mail: the semantic check says what is wrong with it.
      if (ADDRESS_PATTERNS.has(pattern)) return undefined;
      const hint = path[path.length - 1] === 'reviewed' ? 'Une date s’écrit AAAA-MM-JJ, par exemple 2026-11-23.' : 'Une couleur s’écrit #RRGGBB, par exemple #0b6e4f.';
      return { code: 'schema-value', path, atKey: false, message: `Valeur ${q(value)} mal formée${inWords(path)}.`, hint };
    }
    case 'propertyNames': {
      // ajv reports on the object; the editor needs the key itself.
      const name = String(params.propertyName);
      // Objects with known fields refuse the others through `propertyNames` (see definitions.ts).
      if ((error.parentSchema as { properties?: object }).properties) return unknownField(path, name, error.parentSchema);
      const slug = slugify(name);
      return {
        code: 'schema-invalid-id',
        path: [...path, name],
        atKey: true,
        message: `Identifiant invalide : ${q(name)}${inWords([...path, name])}.`,
        hint: 'Un identifiant ne contient que des lettres minuscules sans accent, des chiffres et des tirets.',
        ...(slug && slug !== name ? { suggestion: slug } : {}),
      };
    }
    case 'minItems': {
      const limit = Number(params.limit);
      const last = path[path.length - 1];
      return {
        code: 'schema-too-few',
        path,
        atKey: true,
        message:
          last === 'answers'
            ? `Une question doit avoir au moins ${limit} réponses${inWords(path.slice(0, -1))}.`
            : `Il faut au moins ${limit} élément${limit > 1 ? 's' : ''} dans cette liste${inWords(path)}.`,
        hint: last === 'answers' ? 'Ajoutez une réponse, ou remplacez la question par une procédure si le lecteur n’a pas de choix à faire.' : 'Complétez la liste ou retirez le champ.',
      };
    }
    case 'minLength':
    case 'minProperties':
      return { code: 'schema-empty', path, atKey: false, message: `Valeur vide${inWords(path)}.`, hint: 'Écrivez une valeur ou retirez le champ.' };
    case 'minimum':
      return { code: 'schema-value', path, atKey: false, message: `Le nombre doit être au moins ${String(params.limit)}${inWords(path)}.` };
    default:
      return { code: 'schema-value', path, atKey: false, message: `Valeur non valide${inWords(path)} (${error.message ?? error.keyword}).` };
  }
}

/** Detects each flow node's kind by its naming key; ajv alone would say nothing or too much. */
function checkNodeKinds(data: unknown): { problems: Mapped[]; skip: string[] } {
  const problems: Mapped[] = [];
  const skip: string[] = [];
  const nodes = (data as { nodes?: unknown })?.nodes;
  if (!nodes || typeof nodes !== 'object' || Array.isArray(nodes)) return { problems, skip };
  for (const [id, node] of Object.entries(nodes)) {
    if (!node || typeof node !== 'object' || Array.isArray(node)) continue;
    const keys = Object.keys(node);
    const kinds = keys.filter((key) => KIND_KEYS.includes(key));
    if (kinds.length === 0) {
      // Point at the misspelt kind key when there is one, so the suggestion replaces the right word.
      const typo = keys.find((key) => closest(key, KIND_KEYS));
      const suggestion = typo === undefined ? undefined : closest(typo, KIND_KEYS);
      problems.push({
        code: 'node-kind-missing',
        path: typo === undefined ? ['nodes', id] : ['nodes', id, typo],
        atKey: true,
        message: `Le nœud ${q(id)} n’a pas de nature : il lui faut l’une des clés question, procedure, success, support ou flow.`,
        hint: 'Une question pose un choix, une procédure renvoie à des étapes, success et support terminent le parcours, flow continue dans un autre parcours.',
        ...(suggestion ? { suggestion } : {}),
      });
      skip.push(`/nodes/${id}`);
    } else if (kinds.length > 1) {
      problems.push({
        code: 'node-kind-ambiguous',
        path: ['nodes', id, kinds[1]!],
        atKey: true,
        message: `Le nœud ${q(id)} a plusieurs natures à la fois (${kinds.join(' et ')}).`,
        hint: 'Un nœud est soit une question, soit une procédure, soit une réussite, soit un support, soit un lien vers un parcours : gardez une seule de ces clés, ou faites deux nœuds (une question peut mener à chacun).',
      });
      skip.push(`/nodes/${id}`);
    }
  }
  return { problems, skip };
}

/**
 * Validates parsed data against its kind's schema; every problem becomes a located diagnostic.
 * @param known ids defined by the project's files, by kind, for suggestions
 */
export function validateSchema(file: string, kind: FileKind | 'config', parsed: ParsedYaml, known: KnownIds = {}): Diagnostic[] {
  const validate = compiledValidators()[kind];
  const kinds = kind === 'flow' ? checkNodeKinds(parsed.data) : { problems: [], skip: [] };
  validate(parsed.data);
  const mapped: Mapped[] = [...kinds.problems];
  for (const error of validate.errors ?? []) {
    if (kinds.skip.some((prefix) => error.instancePath === prefix || error.instancePath.startsWith(`${prefix}/`))) continue;
    const m = mapError(error, known);
    if (m) mapped.push(m);
  }
  // A wrong type makes the other errors at the same place meaningless.
  const typed = new Set(mapped.filter((m) => m.code === 'schema-type').map((m) => JSON.stringify(m.path)));
  const diagnostics: Diagnostic[] = [];
  for (const m of mapped) {
    if (m.code !== 'schema-type' && typed.has(JSON.stringify(m.path))) continue;
    const { line, column } = parsed.locate(m.path, { key: m.atKey });
    diagnostics.push({
      file,
      line,
      column,
      code: m.code,
      severity: 'error',
      message: m.message,
      ...(m.hint ? { hint: m.hint } : {}),
      ...(m.suggestion ? { suggestion: m.suggestion } : {}),
    });
  }
  return diagnostics;
}
