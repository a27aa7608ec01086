/**
 * marques.css: each brand's colour (parcours.yaml's brands, flows/brands/), set on its pages'
 * header by a rule rather than a style attribute, which a Content-Security-Policy without
 * 'unsafe-inline' refuses.
 */
import type { APIRoute } from 'astro';
import { site } from 'virtual:parcours/site';
import { cssString } from '../core/print.ts';

export const GET: APIRoute = () => {
  const rules = [...site().project.brands.entries()]
    // The schema allows #rrggbb only; checked again here, as this is written into a stylesheet.
    .filter(([, brand]) => brand.color && /^#[0-9a-f]{6}$/i.test(brand.color))
    .map(([id, brand]) => `[data-brand=${cssString(id)}]{--accent:${brand.color}}`);
  return new Response(`${rules.join('\n')}\n`, { headers: { 'content-type': 'text/css; charset=utf-8' } });
};
