/**
 * The diagrams under a strict Content-Security-Policy (`style-src 'self'`): the page's SVG has
 * no `<style>` and no `style=""` left (site/diagram-styles.ts moved them to diagrams/<flow>.css),
 * and every shape and label is drawn exactly as Mermaid's own markup draws it: the same
 * computed style on every element, the same pixels.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadFlows } from '../../src/core/index.ts';
import { launchBrowser, type LaunchedBrowser } from '../../src/render/browser.ts';
import { serveDir } from '../../src/render/static-server.ts';
import { splitDiagramStyles } from '../../src/site/diagram-styles.ts';
import { ECPS } from '../helpers/cli.ts';
import { STRICT_CSP } from '../helpers/csp.ts';

const siteDir = inject('siteDir');
const { project } = loadFlows(join(ECPS, 'flows'));
let browser: LaunchedBrowser;
let server: Awaited<ReturnType<typeof serveDir>>;
beforeAll(async () => {
  browser = await launchBrowser(undefined, 'browser');
  server = await serveDir(siteDir, { headers: { 'content-security-policy': STRICT_CSP } });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const PROPERTIES = [
  'fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-dashoffset', 'color', 'background-color', 'font-family', 'font-size', 'font-weight',
  'display', 'opacity', 'line-height', 'text-align', 'white-space', 'max-width', 'width', 'height', 'visibility', 'marker-end', 'transform',
];

/** Every element of the page's diagram (its `<style>` aside), with the computed style of each. */
async function drawn(page: Page): Promise<{ styles: string[]; png: Uint8Array }> {
  const styles = await page.$eval(
    '.diagram-svg svg',
    (svg, properties) =>
      [svg, ...svg.querySelectorAll('*')]
        .filter((e) => e.localName !== 'style')
        .map((e) => {
          const style = getComputedStyle(e);
          return `${e.localName}#${e.id} ${properties.map((p) => `${p}:${style.getPropertyValue(p)}`).join(';')}`;
        }),
    PROPERTIES,
  );
  const png = await (await page.$('.diagram-svg svg'))!.screenshot();
  return { styles, png };
}

describe.each([...project.flows.keys()])('the %s diagram', (flowId) => {
  it('holds no inline style in the page, and the policy refuses nothing', async () => {
    const html = readFileSync(join(siteDir, 'parcours', flowId, 'vue-d-ensemble', 'index.html'), 'utf8');
    const svg = /<svg[\s\S]*?<\/svg>/.exec(html.slice(html.indexOf('class="diagram-svg"')))![0];
    expect(svg).not.toMatch(/<style|\sstyle="/);
    expect(html).toContain(`href="/diagrams/${flowId}.css"`);
  });

  it('is drawn exactly as Mermaid’s own markup draws it: same computed styles, same pixels', async () => {
    const page = await browser.browser.newPage();
    try {
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(`${server.url}/parcours/${flowId}/vue-d-ensemble/`, { waitUntil: 'load' });
      const split = await drawn(page);
      // The same page with Mermaid's markup as it was drawn (its <style> and style attributes),
      // the policy lifted and the diagram's stylesheet gone.
      await page.setBypassCSP(true);
      await page.reload({ waitUntil: 'load' });
      const original = readFileSync(join(siteDir, 'diagrams', `${flowId}.svg`), 'utf8');
      await page.$eval(
        '.diagram-svg',
        (box, svg, sheet) => {
          document.querySelector(`link[href$="${sheet}"]`)!.remove();
          box.innerHTML = svg;
        },
        original,
        `/diagrams/${flowId}.css`,
      );
      const mermaid = await drawn(page);
      expect(split.styles.length).toBeGreaterThan(50);
      expect(split.styles).toEqual(mermaid.styles);
      expect(Buffer.from(split.png).equals(Buffer.from(mermaid.png))).toBe(true);
    } finally {
      await page.close();
    }
  });
});

it('splitting is deterministic and keeps every attribute but style', () => {
  const svg = readFileSync(join(siteDir, 'diagrams', 'activation.svg'), 'utf8');
  const once = splitDiagramStyles(svg, 'logigramme-activation');
  expect(splitDiagramStyles(svg, 'logigramme-activation')).toEqual(once);
  const attributes = (text: string) => (text.match(/\s(?!style=|class=)[\w:-]+="/g) ?? []).length;
  expect(attributes(once.svg)).toBe(attributes(svg));
  expect(once.css).toContain('#logigramme-activation');
});
