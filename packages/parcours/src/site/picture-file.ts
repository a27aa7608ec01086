/**
 * Pictures (step screenshots, brand logos) as files of the site, named by their content:
 * `images/<hash>.<ext>`. A page then loads them from its own origin, as a Content-Security-Policy
 * of `img-src 'self'` allows (a data: URL would need `img-src data:`); the printed sheets still
 * embed them (site/data-url.ts), as a PDF must.
 */
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import type { Project } from '../core/model.ts';
import { pictureKind } from '../core/pictures.ts';
import { pictureUrl } from '../core/urls.ts';
import { pictureBytes } from './data-url.ts';

/**
 * The file name a picture gets in the site: the same bytes, the same name, on any machine. Its
 * extension is that of what the bytes are (a host serves a file by its extension): an SVG
 * saved as ecran.png is published as an SVG, and shown.
 */
export function pictureName(path: string): string {
  const bytes = pictureBytes(path);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const kind = pictureKind(bytes);
  return `${hash}.${kind === 'jpeg' ? 'jpg' : (kind ?? extname(path).slice(1).toLowerCase())}`;
}

/** The picture's address in the site (relative to its base, as core/urls.ts gives them). */
export const pictureAddress = (path: string) => pictureUrl(pictureName(path));

/** Every picture a page of the site shows: the steps', the brands' logos and the site's own logo, each once. */
export function sitePictures(project: Project, siteLogo?: string): string[] {
  const paths = new Set<string>(siteLogo ? [siteLogo] : []);
  for (const procedure of project.procedures.values()) for (const step of procedure.steps) for (const picture of step.pictures) paths.add(picture.path);
  for (const brand of project.brands.values()) if (brand.logo) paths.add(brand.logo);
  return [...paths].sort();
}
