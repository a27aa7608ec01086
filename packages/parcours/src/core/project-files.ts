/**
 * The content project is a boundary: every file the build reads from it (flows, pictures,
 * logos, pages) must be, once its symbolic links are resolved, a regular file inside the
 * project, of a bounded size. A link to /etc/passwd, a flow linked from another project, a
 * named pipe (which would block a read forever), /dev/zero (which never ends) or a folder are
 * refused here, with a reason an editor can act on, before anything reads them.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, type Stats } from 'node:fs';
import { relative, isAbsolute, sep } from 'node:path';
import { q } from './diagnostics.ts';

export type FileProblem =
  | { kind: 'missing' }
  | { kind: 'dangling-link'; target: string }
  | { kind: 'outside'; real: string }
  | { kind: 'not-a-file'; what: string }
  | { kind: 'too-large'; size: number; limit: number }
  | { kind: 'unreadable' };

export type ProjectFile = { ok: true; bytes: Buffer; real: string } | { ok: false; problem: FileProblem };

/** What a file system entry that is not a regular file is, in French. */
function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'un dossier';
  if (stat.isFIFO()) return 'un tube nommé (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'un périphérique';
  if (stat.isSocket()) return 'une socket';
  return 'un fichier spécial';
}

/** Whether `path` lies inside `root` (both already resolved). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The real path of the project folder (itself possibly reached through a link). */
function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return root;
  }
}

/** Why `path` cannot be followed: missing, or a link to nothing (and where it points). */
function missing(path: string): FileProblem {
  try {
    if (lstatSync(path).isSymbolicLink()) return { kind: 'dangling-link', target: readlinkSync(path) };
  } catch {
    return { kind: 'missing' };
  }
  return { kind: 'missing' };
}

/**
 * Reads a file of the project: its real path must lie inside `root`, it must be a regular file
 * (checked on the opened descriptor, opened without blocking, so a pipe swapped in meanwhile
 * cannot hang the read) of at most `maxBytes`.
 */
export function readProjectFile(path: string, root: string, maxBytes: number): ProjectFile {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, problem: code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP' ? missing(path) : { kind: 'unreadable' } };
  }
  if (!isInside(real, realRoot(root))) return { ok: false, problem: { kind: 'outside', real } };
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return { ok: false, problem: { kind: 'not-a-file', what: 'un dossier' } };
    return { ok: false, problem: code === 'ENOENT' ? missing(path) : { kind: 'unreadable' } };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, problem: { kind: 'not-a-file', what: kindOf(stat) } };
    if (stat.size > maxBytes) return { ok: false, problem: { kind: 'too-large', size: stat.size, limit: maxBytes } };
    // Never more than the limit, even if the file grows while it is read.
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { ok: true, bytes: bytes.subarray(0, read), real };
  } catch {
    return { ok: false, problem: { kind: 'unreadable' } };
  } finally {
    closeSync(fd);
  }
}

/** Megabytes as French readers write them: « 2,5 Mo ». */
export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',').replace(/,0$/, '')} Mo`;

/**
 * A file problem in the editor's words: what is wrong with `what` (« Le fichier », « L’image
 * « … » »), and how to fix it.
 */
export function describeFileProblem(problem: FileProblem, what: string): { message: string; hint: string } {
  switch (problem.kind) {
    case 'missing':
      return { message: `${what} est introuvable.`, hint: 'Vérifiez le chemin : il est relatif au fichier qui le cite.' };
    case 'dangling-link':
      return { message: `${what} est un lien vers ${q(problem.target)}, qui n’existe pas.`, hint: 'Remplacez le lien par le fichier lui-même, ou supprimez-le.' };
    case 'outside':
      return {
        message: `${what} renvoie hors du projet (lien symbolique vers ${q(problem.real)}).`,
        hint: 'Copiez le fichier dans le projet au lieu d’y faire un lien : rien de ce qui est hors du projet n’est publié.',
      };
    case 'not-a-file':
      return { message: `${what} n’est pas un fichier ordinaire mais ${problem.what}.`, hint: 'Indiquez un vrai fichier, enregistré dans le projet.' };
    case 'too-large':
      return {
        message: `${what} pèse ${megabytes(problem.size)}, pour ${megabytes(problem.limit)} au plus.`,
        hint: 'Réduisez-le : une capture d’écran enregistrée en PNG ou en JPEG tient en quelques centaines de kilo-octets.',
      };
    case 'unreadable':
      return { message: `${what} est illisible.`, hint: 'Vérifiez que vous avez le droit de lire ce fichier.' };
  }
}
