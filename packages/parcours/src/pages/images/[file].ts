/** images/<hash>.<ext>: the pictures the pages show, as files (see site/picture-file.ts). */
import type { APIRoute } from 'astro';
import { site } from 'virtual:parcours/site';
import { pictureBytes } from '../../site/data-url.ts';
import { pictureName, sitePictures } from '../../site/picture-file.ts';

export function getStaticPaths() {
  return sitePictures(site().project, site().config.site.logo).map((path) => ({ params: { file: pictureName(path) }, props: { path } }));
}

export const GET: APIRoute = ({ props }) => new Response(new Uint8Array(pictureBytes((props as { path: string }).path)));
