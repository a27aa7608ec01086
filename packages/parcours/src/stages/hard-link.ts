/**
 * A file put in a second place without copying its bytes: a hard link, the same file under
 * two names. The output, the page store and the last output share files this way; nothing
 * writes one of them in place (everything is replaced through a rename), so sharing is safe.
 */
import { constants, copyFileSync, linkSync } from 'node:fs';

/** Why a link cannot be made that copying would get round: another file system, one without links, too many links. */
const CANNOT_LINK = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EMLINK', 'ENOSYS']);

/** Links `to` to `from`; false when the file systems cannot share the file (then copy or write it). */
export function linkIfPossible(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (error) {
    if (CANNOT_LINK.has((error as NodeJS.ErrnoException).code ?? '')) return false;
    throw error;
  }
}

/** Puts `from` at `to` as the same file where the file systems allow, else as a copy (a clone where the file system can). */
export function linkOrCopy(from: string, to: string): void {
  if (!linkIfPossible(from, to)) copyFileSync(from, to, constants.COPYFILE_FICLONE);
}
