/** The French typography of ./french-typography.ts, applied to each HTML page as Astro renders it. */
import type { MiddlewareHandler } from 'astro';
import { typesetHtml } from './french-typography.ts';

export const onRequest: MiddlewareHandler = async (_context, next) => {
  const response = await next();
  if (!response.headers.get('content-type')?.startsWith('text/html')) return response;
  return new Response(typesetHtml(await response.text()), response);
};
