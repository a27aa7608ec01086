import { controlCharacters } from './characters.ts';
import { q, type Diagnostic } from './diagnostics.ts';
import { describeFileProblem, readProjectFile, type ProjectFile } from './project-files.ts';

/** Larger files are refused before parsing: a flow is a few kilobytes, 2 MB is already absurd. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * A file read as text; `diagnostics` holds problems that do not stop it from being parsed
 * (invisible characters), so that its other problems are reported in the same run.
 */
export type ReadResult =
  | { ok: true; text: string; diagnostics: Diagnostic[] }
  /** `text`: what could still be read, for the ids the file declares (see load.ts). */
  | { ok: false; diagnostic: Diagnostic; text?: string };

/** Past this many invisible characters in one file, the others are not listed one by one. */
const MAX_CONTROL_REPORTS = 10;

/** One diagnostic for an invisible character, the same wherever it is found (file or value). */
export function controlDiagnostic(file: string, line: number, column: number, description: string): Diagnostic {
  return {
    file,
    line,
    column,
    code: 'control-character',
    severity: 'error',
    message: `Caractère invisible interdit : ${description}.`,
    hint: 'Supprimez-le (il vient souvent d’un copier-coller) : effacez puis retapez les caractères autour de cette position. Dans VS Code, le réglage « editor.renderControlCharacters » le rend visible.',
  };
}

const fail = (file: string, code: Diagnostic['code'], message: string, hint: string, line = 1, column = 1, text?: string): ReadResult => ({
  ok: false,
  diagnostic: { file, line, column, code, severity: 'error', message, hint },
  ...(text === undefined ? {} : { text }),
});

/** Line and column (1-based) of a character offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Reads a YAML file as text, refusing what a YAML parser should never see: files outside the
 * project (`root`) once links are resolved, anything but a regular file, files too large,
 * binary files, files that are not UTF-8, empty files, and tabs used for indentation (YAML
 * forbids them; the parser's own message is obscure).
 *
 * @param root the content project: the file must lie inside it (default: anywhere)
 * @param unsaved the file's text as an editor holds it, not yet saved: checked instead of the disk's
 */
export function readSource(path: string, file: string, root = '/', unsaved?: string): ReadResult {
  const read = unsaved === undefined ? readProjectFile(path, root, MAX_FILE_BYTES) : unsavedFile(unsaved);
  if (!read.ok) {
    const { problem } = read;
    if (problem.kind === 'too-large') {
      const mb = (problem.size / 1024 / 1024).toFixed(1).replace('.', ',');
      return fail(
        file,
        'file-too-large',
        `Fichier trop volumineux (${mb} Mo ; 2 Mo au plus).`,
        'Un parcours tient en quelques kilo-octets : découpez ce fichier en plusieurs parcours ou procédures, ou vérifiez qu’il s’agit bien d’un fichier YAML.',
      );
    }
    const { message, hint } = describeFileProblem(problem, 'Ce fichier');
    const code = problem.kind === 'outside' ? 'file-outside-project' : problem.kind === 'not-a-file' ? 'file-not-regular' : 'file-unreadable';
    return fail(file, code, message, hint);
  }
  const bytes = read.bytes;
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return fail(file, 'file-binary', 'Ce fichier est binaire (il contient des octets nuls), ce n’est pas du YAML.', 'Retirez-le du dossier flows/ : les images vont dans content/images/.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const { line, column } = positionOf(before, before.length);
    return fail(
      file,
      'file-encoding',
      'Ce fichier n’est pas encodé en UTF-8 (caractère illisible ici).',
      'Enregistrez-le en UTF-8 (dans VS Code : barre d’état, « Enregistrer avec l’encodage », UTF-8).',
      line,
      column,
      new TextDecoder('utf-8').decode(bytes),
    );
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.replace(/#.*$/gm, '').trim() === '') {
    const onlyComments = text.trim() !== '';
    return fail(
      file,
      'file-empty',
      onlyComments ? 'Ce fichier ne contient que des commentaires : il ne décrit rien.' : 'Ce fichier est vide.',
      'Écrivez-y un parcours (voir le guide de rédaction du README) ou supprimez-le.',
    );
  }
  const tab = /^[ ]*\t/m.exec(text);
  if (tab) {
    const offset = tab.index + tab[0].length - 1;
    const { line, column } = positionOf(text, offset);
    return fail(
      file,
      'yaml-tab',
      `Tabulation dans l’indentation, ligne ${line}.`,
      `Le YAML s’indente avec des espaces seulement : remplacez la tabulation par des espaces (dans VS Code : « Convertir l’indentation en espaces »). ${q('\\t')} n’est permis qu’à l’intérieur d’un texte.`,
      line,
      column,
      text,
    );
  }
  const diagnostics = controlCharacters(text, true)
    .slice(0, MAX_CONTROL_REPORTS)
    .map((found) => {
      const { line, column } = positionOf(text, found.offset);
      return controlDiagnostic(file, line, column, found.description);
    });
  return { ok: true, text, diagnostics };
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return bytes.length;
}

/** An editor's unsaved text, read as a file of the project would be (bounded like one). */
function unsavedFile(text: string): ProjectFile {
  const bytes = Buffer.from(text);
  return bytes.length > MAX_FILE_BYTES ? { ok: false, problem: { kind: 'too-large', size: bytes.length, limit: MAX_FILE_BYTES } } : { ok: true, bytes, real: '' };
}
