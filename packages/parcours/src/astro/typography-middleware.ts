/** The French typography of ./french-typography.ts, applied to each HTML page as Astro renders it. */
import type { MiddlewareHandler } from 'astro';
import { typesetHtml } from './french-typography.ts';

/**
 * Where the renderer of a kept bundle (./kept-bundle.ts) takes each page's HTML, as the string
 * typeset here, by the Response that leaves this middleware (then bodiless). Set by that
 * renderer only: Astro's own build reads the body. A whole page through a Response costs its
 * checking as a string of Unicode, its encoding and its reading back (a profile of the 11,150
 * pages of 500 journeys: 0.6 s of Astro's process, docs/mesures.md).
 */
export const TYPESET_PAGES = Symbol.for('parcours.typeset-pages');

export const onRequest: MiddlewareHandler = async (_context, next) => {
  const response = await next();
  if (!response.headers.get('content-type')?.startsWith('text/html')) return response;
  const html = typesetHtml(await response.text());
  const pages = (globalThis as { [TYPESET_PAGES]?: WeakMap<Response, string> })[TYPESET_PAGES];
  if (!pages) return new Response(html, response);
  const typeset = new Response(null, response);
  pages.set(typeset, html);
  return typeset;
};
