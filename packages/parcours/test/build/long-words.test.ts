/**
 * A very long word (a pasted reference, an address without spaces) wraps instead of widening
 * the page: on a 320 px screen no page of the site scrolls sideways, and on paper no word
 * runs past the sheet's right margin. Real build, real Chromium, the PDF read back by poppler.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../../src/render/browser.ts';
import { serveDir } from '../../src/render/static-server.ts';
import { contentProject, runBuild } from '../helpers/build.ts';

// 200 letters, no space, no hyphen: nothing to break it but the stylesheet.
const WORD = 'Anticonstitutionnellement'.repeat(8);

const FLOW = `title: Mot long
description: Un parcours dont les textes contiennent un mot de deux cents lettres.
start: question
nodes:
  question:
    question: Avez-vous lu ${WORD} ?
    help: Le mot ${WORD} ne tient sur aucun écran.
    answers:
      - { label: Oui ${WORD}, next: faire }
      - { label: Non, next: fin }
  faire: { procedure: mot-long, next: fin }
  fin: { success: C’est fini ${WORD}, text: Bravo ${WORD}. }
`;

const PROCEDURE = `title: Saisir ${WORD}
short: Saisie du mot long
description: Une procédure au mot de deux cents lettres ${WORD}.
steps:
  - title: Étape ${WORD}
    text: Saisissez ${WORD} dans le champ.
    items: [Vérifiez ${WORD}]
outcome: Le mot ${WORD} est saisi.
`;

let tmp = '';
let out = '';
let browser: LaunchedBrowser;
let server: Awaited<ReturnType<typeof serveDir>>;

beforeAll(async () => {
  // The real project (its editorial pages embed real procedures) plus the long-word journey.
  tmp = contentProject();
  const flows = join(tmp, 'flows');
  writeFileSync(join(flows, 'mot-long.yaml'), FLOW);
  mkdirSync(join(flows, 'procedures'), { recursive: true });
  writeFileSync(join(flows, 'procedures', 'mot-long.yaml'), PROCEDURE);
  out = join(tmp, 'dist');
  const run = runBuild(tmp, out);
  if (run.status !== 0) throw new Error(`The build failed:\n${run.stdout}\n${run.stderr}`);
  server = await serveDir(out);
  browser = await launchBrowser(undefined, 'browser');
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The width of a PNG, from its header. */
const pngWidth = (png: Uint8Array) => Buffer.from(png).readUInt32BE(16);

it('no page holding the long word scrolls sideways on a 320 px screen', async () => {
  const pages = readdirSync(out, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html') && readFileSync(join(out, f), 'utf8').includes(WORD))
    .sort();
  // The question, the answer's target, the procedure, the success page, the overview, the site map…
  expect(pages.length).toBeGreaterThanOrEqual(5);
  expect(pages).toContain('parcours/mot-long/index.html');
  expect(pages).toContain('procedures/mot-long/index.html');
  const page = await browser.browser.newPage();
  await page.setViewport({ width: 320, height: 640 });
  const wide: string[] = [];
  for (const file of pages) {
    await page.goto(`${server.url}/${file.replace(/index\.html$/, '')}`, { waitUntil: 'load' });
    const { scrollWidth, viewport } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, viewport: window.innerWidth }));
    if (scrollWidth > viewport) wide.push(`${file}: ${scrollWidth} px`);
  }
  expect(wide).toEqual([]);
  // What a reader sees: the whole question page, 320 px wide, the word broken over lines.
  await page.goto(`${server.url}/parcours/mot-long/`, { waitUntil: 'load' });
  const shot = await page.screenshot({ fullPage: true });
  expect(pngWidth(shot)).toBe(320);
  const lines = await page.evaluate(() => {
    const heading = document.querySelector('h1')!;
    return Math.round(heading.getBoundingClientRect().height / parseFloat(getComputedStyle(heading).lineHeight));
  });
  expect(lines).toBeGreaterThan(3);
  await page.close();
});

it('no word of the long-word sheet runs past the right margin of the A4 page', () => {
  const sheet = readdirSync(join(out, 'fiches')).find((f) => f.endsWith('mot-long.pdf'));
  expect(sheet).toBeDefined();
  const layout = execFileSync('pdftotext', ['-bbox', join(out, 'fiches', sheet!), '-'], { encoding: 'utf8' });
  const pageWidth = Number(/<page width="([\d.]+)"/.exec(layout)![1]);
  const words = [...layout.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)];
  // The word is printed whole, over several lines (clipped at the margin, it was not).
  expect(words.filter((w) => w[3]!.includes('Anticonstitutionnellement')).length).toBeGreaterThan(3);
  expect(execFileSync('pdftotext', [join(out, 'fiches', sheet!), '-'], { encoding: 'utf8' }).replace(/\s+/g, '')).toContain(WORD);
  // 13 mm of right margin (src/render/pdf.ts), less a point and a half: Chromium rounds the
  // page to 1/300 inch, and a word broken to fill its line ends exactly at the margin.
  const limit = pageWidth - (13 / 25.4) * 72 + 1.5;
  expect(words.filter((w) => Number(w[2]) > limit).map((w) => `${w[3]} (${w[2]})`)).toEqual([]);
});
