/**
 * Pictures and logos are embedded as data URLs: a page or a sheet never depends on a file
 * outside dist/. The type is the one the content shows (check refused anything else), never
 * the one the file's name claims; the file is read as check read it (a regular file, bounded).
 */
import { describeFileProblem, readProjectFile } from '../core/project-files.ts';
import { MAX_PICTURE_BYTES, PICTURE_MIME, pictureKind } from '../core/pictures.ts';

/** A picture's bytes, read as check read it. The one place the site reads a picture. */
export function pictureBytes(path: string): Buffer {
  const read = readProjectFile(path, '/', MAX_PICTURE_BYTES);
  if (!read.ok) throw new Error(describeFileProblem(read.problem, `L’image ${path}`).message);
  return read.bytes;
}

export function dataUrl(path: string): string {
  const bytes = pictureBytes(path);
  const kind = pictureKind(bytes);
  if (!kind) throw new Error(`L’image ${path} n’est ni un PNG, ni un JPEG, ni un WebP, ni un SVG.`);
  return `data:${PICTURE_MIME[kind]};base64,${bytes.toString('base64')}`;
}
