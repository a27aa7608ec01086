/** The site's and the brands' colours as a stylesheet: readable text on every accent, whatever the colour. */
import { expect, it } from 'vitest';
import { accentProperties, contrast, DEFAULT_ACCENT, themeCss } from '../../src/core/index.ts';

const site = (color?: string) => ({ site: { name: 'Aide', language: 'fr' as const, ...(color ? { color } : {}) } });

it('sets the site’s colour on every page only when one is given, and each brand’s (or the site’s) on what carries its data-brand', () => {
  expect(themeCss(site(), [])).not.toContain(':root');
  const css = themeCss(site('#0b6e4f'), [{ id: 'sud', color: '#6b2d5c' }, { id: 'nord' }]);
  expect(css).toContain(':root { --accent: #0b6e4f; --accent-ink: #ffffff; --accent-text: #0b6e4f;');
  expect(css).toContain('[data-brand="sud"] { --accent: #6b2d5c;');
  // A brand without a colour takes the site's; the brands in a stable order.
  expect(css.indexOf('[data-brand="nord"] { --accent: #0b6e4f;')).toBeLessThan(css.indexOf('[data-brand="sud"]'));
  expect(themeCss(site(), [{ id: 'nord' }])).toContain(`[data-brand="nord"] { --accent: ${DEFAULT_ACCENT};`);
});

it.each(['#1f3f73', '#0b6e4f', '#ffcc00', '#f0f0f0', '#777777', '#000000', '#ffffff'])('%s: links, labels and text on buttons stay readable (4.5:1)', (color) => {
  const p = accentProperties(color);
  expect(contrast(p['--accent-text']!, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  expect(contrast(p['--accent-text']!, p['--accent-soft']!)).toBeGreaterThanOrEqual(4.5);
  expect(contrast(p['--accent-ink']!, color)).toBeGreaterThanOrEqual(4.5);
});
