/**
 * The colours of a site and of its sheets, as CSS custom properties: the site's colour
 * (parcours.yaml, site.color) on every page and on the national sheets, each brand's own on its
 * sheets and pages. Written as a stylesheet (the integration serves it as a CSS file), never as
 * inline style attributes: the pages' Content-Security-Policy allows no inline style.
 */
import type { Config } from './config.ts';
import type { Brand } from './model.ts';
import { contrast, cssString, textOn } from './print.ts';

/** The accent of a site without a colour of its own (site.css has the same). */
export const DEFAULT_ACCENT = '#1f3f73';

/** The site's colour, or the default one. */
export const siteAccent = (config: Pick<Config, 'site'>): string => config.site.color ?? DEFAULT_ACCENT;

/** A brand's colour; a brand without one takes the site's. */
export const brandAccent = (brand: Pick<Brand, 'color'> | undefined, config: Pick<Config, 'site'>): string => brand?.color ?? siteAccent(config);

const hex = (n: number) => Math.round(n).toString(16).padStart(2, '0');

/** `color` mixed with white, `share` of it kept (0: white, 1: the colour). */
function tint(color: string, share: number): string {
  const channel = (i: number) => parseInt(color.slice(i, i + 2), 16) * share + 255 * (1 - share);
  return `#${hex(channel(1))}${hex(channel(3))}${hex(channel(5))}`;
}

/** The custom properties one colour sets (site.css and sheet.css read them). */
export function accentProperties(accent: string): Record<string, string> {
  // Accent as text (links, labels): itself when it reads on white, else black.
  const text = contrast(accent, '#ffffff') >= 4.5 ? accent : '#000000';
  // The pale background of answers and callouts: as light as needed for that text to stay readable on it.
  const soft = [tint(accent, 0.08), tint(accent, 0.04), '#ffffff'].find((c) => contrast(text, c) >= 4.5)!;
  return { '--accent': accent, '--accent-ink': textOn(accent), '--accent-text': text, '--accent-soft': soft };
}

const rule = (selector: string, accent: string) =>
  `${selector} { ${Object.entries(accentProperties(accent))
    .map(([name, value]) => `${name}: ${value};`)
    .join(' ')} }`;

/**
 * The theme: the site's colour on every page (only when one is set: site.css holds the
 * default), then each brand's on what carries `data-brand="<id>"` (its sheets, its pages).
 */
export function themeCss(config: Pick<Config, 'site'>, brands: Iterable<Pick<Brand, 'id' | 'color'>>): string {
  const rules = config.site.color ? [rule(':root', config.site.color)] : [];
  for (const brand of [...brands].sort((a, b) => a.id.localeCompare(b.id))) rules.push(rule(`[data-brand=${cssString(brand.id)}]`, brandAccent(brand, config)));
  return `/* Parcours : les couleurs du site et des marques (parcours.yaml, flows/brands/). */\n${rules.join('\n')}\n`;
}
