/**
 * Every page of two built sites, the e-CPS guides and a hostile one (the e-CPS content plus the
 * adversarial fixture: long labels, markup-like text, pictures, a brand with its colour), read
 * in a real Chromium on a phone, 320 and 390 px wide, served with the strict
 * Content-Security-Policy docs/publication.md recommends as an HTTP header:
 * - no page is wider than the screen (issue 18);
 * - the policy refuses nothing: no inline style or script, no data: URL;
 * - every page says what it is about (a meta description).
 */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../../src/render/browser.ts';
import { serveDir } from '../../src/render/static-server.ts';
import { contentProject, runBuild } from '../helpers/build.ts';
import { ECPS, TOOLKIT } from '../helpers/cli.ts';
import { STRICT_CSP } from '../helpers/csp.ts';


const ecpsDir = inject('siteDir');
const hostileDir = join(contentProject({ flows: [join(ECPS, 'flows'), join(TOOLKIT, 'test', 'fixtures', 'adversarial', 'flows')] }), 'dist');
let browser: LaunchedBrowser;
const servers: Record<string, Awaited<ReturnType<typeof serveDir>>> = {};

beforeAll(async () => {
  const project = join(hostileDir, '..');
  cpSync(join(TOOLKIT, 'test', 'fixtures', 'adversarial', 'images'), join(project, 'images'), { recursive: true });
  const run = runBuild(project, hostileDir);
  if (run.status !== 0) throw new Error(`The hostile site did not build:\n${run.stdout}\n${run.stderr}`);
  browser = await launchBrowser(undefined, 'browser');
  servers['e-CPS'] = await serveDir(ecpsDir, { headers: { 'content-security-policy': STRICT_CSP } });
  servers['hostile'] = await serveDir(hostileDir, { headers: { 'content-security-policy': STRICT_CSP } });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  for (const server of Object.values(servers)) await server.close();
});

const pagesOf = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => `/${f.replace(/index\.html$/, '')}`)
    .sort();

/** A page that records what the Content-Security-Policy refuses, from before its first script. */
async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
  const page = await browser.browser.newPage();
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => void violations.push(text));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (globalThis as unknown as { reportViolation: (t: string) => void }).reportViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return { page, violations };
}

describe.each(['e-CPS', 'hostile'])('every page of the %s site', (name) => {
  const dir = () => (name === 'e-CPS' ? ecpsDir : hostileDir);

  it('is no wider than a 320 or 390 px screen, and the strict policy refuses nothing on it', async () => {
    const pages = pagesOf(dir());
    expect(pages.length).toBeGreaterThan(60);
    const { page, violations } = await watchedPage();
    const wide: string[] = [];
    try {
      for (const width of [320, 390]) {
        await page.setViewport({ width, height: 700, isMobile: true, hasTouch: true });
        for (const url of pages) {
          const before = violations.length;
          await page.goto(`${servers[name]!.url}${url}`, { waitUntil: 'load' });
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          if (overflow > 0) wide.push(`${url} at ${width} px: ${overflow} px too wide`);
          if (violations.length > before) violations.push(`(on ${url})`);
        }
      }
    } finally {
      await page.close();
    }
    expect(wide).toEqual([]);
    expect(violations).toEqual([]);
  }, 600_000);

  it('has a meta description on every page', () => {
    const missing = pagesOf(dir()).filter((url) => !/<meta name="description" content="[^"]{20,}"/.test(readFileSync(join(dir(), url.endsWith('/') ? `${url}index.html` : url), 'utf8')));
    expect(missing).toEqual([]);
  });
});
