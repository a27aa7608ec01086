/**
 * The pixel size of a picture (see pictureSize): pages give <img> its width and height, so the layout is known before the picture loads
 * (no jump on a slow phone, and a sheet's pages are measured right). Undefined when unknown.
 */
import { pictureSize } from '../core/pictures.ts';
import { pictureBytes } from './data-url.ts';

export function imageSize(path: string): { width: number; height: number } | undefined {
  return pictureSize(pictureBytes(path));
}
