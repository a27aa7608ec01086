/**
 * Sheets made for the purpose (fixture-project.ts), built by the real build and read back with
 * poppler and pdf-lib: a procedure 10 % too long for one page fits on one page with its body
 * text at 9 pt or more; one that needs three pages is reported with the step where page 2
 * ends; a brand with a logo, its own contact and two-view pictures prints them side by side
 * with their alt texts in the structure tree; a branded sheet differs from a national one in
 * black and white.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frenchSpacing, loadFlows, stepsWithoutPictures, type Project } from '../../src/core/index.ts';
import { launchBrowser } from '../../src/render/browser.ts';
import { TOOLKIT } from '../helpers/cli.ts';
import { buildFixture, SLIGHTLY_LONG_STEPS, TOO_LONG_STEPS, type FixtureSite } from './fixture-project.ts';
import { bytesOf, flatten, pageCount, pdftotext, plainSpaces, structDump, structTree, words } from './read-pdf.ts';

let fixture: FixtureSite;
let project: Project;
let calibrated9pt: number;
const EPOCH = '1780000000';
const previousEpoch = process.env.SOURCE_DATE_EPOCH;
const pdf = (name: string) => join(fixture.site, 'fiches', `${name}.pdf`);
const report = () => JSON.parse(readFileSync(join(fixture.cache, 'fiches', 'mise-en-page.json'), 'utf8')) as { sheet: string; layout: { pages: number; level: number; naturalPages: number } }[];
const MM = 72 / 25.4;

/** The height pdftotext gives a word set in 9 pt Liberation Sans, printed by the same Chromium. */
async function wordHeightAt9pt(): Promise<number> {
  const { browser, close } = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setContent(`<!doctype html><html lang="fr"><body style="margin:0"><p style="font: 9pt 'Liberation Sans'; margin: 0">Étape d’essai numéro</p></body></html>`);
    const file = join(fixture.dir, 'calibrage-9pt.pdf');
    await page.pdf({ path: file, format: 'A4', printBackground: true });
    const w = words(file)[0]!.words.find((x) => x.text === 'numéro')!;
    return w.yMax - w.yMin;
  } finally {
    await close();
  }
}

beforeAll(async () => {
  process.env.SOURCE_DATE_EPOCH = EPOCH;
  fixture = await buildFixture();
  project = loadFlows(join(fixture.dir, 'flows')).project;
  calibrated9pt = await wordHeightAt9pt();
}, 600_000);

afterAll(() => {
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
  if (previousEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = previousEpoch;
});

describe('fitting to the page', () => {
  it('a procedure about 10 % too long for one page comes out on one page, its body text at 9 pt or more', () => {
    const layout = report().find((r) => r.sheet === 'un-peu-longue')!.layout;
    // The premise: as designed, it is 5 to 15 % taller than a page.
    expect(layout.naturalPages).toBeGreaterThan(1.05);
    expect(layout.naturalPages).toBeLessThan(1.15);
    expect(pageCount(pdf('un-peu-longue'))).toBe(1);
    expect(layout).toMatchObject({ pages: 1 });
    expect(layout.level).toBeGreaterThan(0);
    // Every word of the steps' text is set at least as large as 9 pt text.
    const page = words(pdf('un-peu-longue'))[0]!;
    const stepWords = page.words.filter((w) => w.text === 'numéro' || w.text === 'procédure');
    expect(stepWords.length).toBeGreaterThanOrEqual(SLIGHTLY_LONG_STEPS);
    for (const w of stepWords) expect(w.yMax - w.yMin).toBeGreaterThanOrEqual(calibrated9pt - 0.01);
  });

  it('a procedure that needs three pages is reported, naming the step where page 2 ends and the overflow', () => {
    const file = pdf('trop-longue');
    expect(pageCount(file)).toBe(3);
    // The build reports it as a warning at the step's line, and keeps it in its summary.
    const warnings = fixture.summary.warnings.filter((w) => w.code === 'sheet-too-long');
    expect(warnings).toHaveLength(1);
    const warning = warnings[0]!;
    const step = Number(/l’étape (\d+)/.exec(warning.message)?.[1]);
    const overflowMm = Number(/(\d+(?:\.\d+)?)\u00a0mm/.exec(warning.message)?.[1]);
    expect(overflowMm).toBeGreaterThan(0);
    expect(step).toBeGreaterThan(1);
    expect(step).toBeLessThan(TOO_LONG_STEPS);
    expect(warning.file).toMatch(/trop-longue\.yaml$/);
    expect(warning.message).toContain('trop-longue.yaml');
    // Placed at that step in the file: the editor's Problems panel opens it there.
    const lines = readFileSync(join(fixture.dir, 'flows', 'procedures', 'trop-longue.yaml'), 'utf8').split('\n');
    expect(lines.slice(warning.line - 1, warning.line + 1).join('\n')).toContain(`numéro ${step} :`);
    expect(fixture.stdout).toContain('[sheet-too-long]');
    const warningStep = { step, overflowMm };
    // Read back: that step ends on page 2, the next one is on page 3.
    const [, page2, page3] = words(file).map((p) => p.words.map((w) => w.text).join(' '));
    expect(page2).toContain(`numéro ${warningStep.step} :`);
    expect(page3).not.toContain(`numéro ${warningStep.step} :`);
    expect(page3).toContain(`numéro ${warningStep.step + 1} :`);
    // What lies beyond page 2, as measured, is what page 3 holds (within a line).
    const last = words(file)[2]!;
    const body = last.words.filter((w) => w.yMin > 15 * MM && w.yMax < last.height - 13 * MM);
    const beyond = (Math.max(...body.map((w) => w.yMax)) - 15 * MM) / MM;
    expect(Math.abs(beyond - warningStep.overflowMm)).toBeLessThan(8);
  });
});

describe('a brand with a logo, its own contact and pictures in two views', () => {
  it('prints the logo as a Figure with its alt text, the brand’s own contact before the national one', async () => {
    const file = pdf('essai-illustree');
    const { root } = await structTree(bytesOf(file));
    const figures = flatten(root).filter((e) => e.type === 'Figure');
    expect(figures.map((f) => f.alt)).toContain(frenchSpacing('Logo du portail d’essai'));
    const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean).map((l) => l.trim().split(/\s+/));
    expect(images.some((cols) => cols[0] === '1' && cols[3] === '480' && cols[4] === '120')).toBe(true);
    const text = plainSpaces(pdftotext(file));
    expect(text.indexOf('Assistance du portail d’essai')).toBeGreaterThan(-1);
    expect(text.indexOf('Assistance du portail d’essai')).toBeLessThan(text.indexOf('Service national d’essai'));
    expect(text).toContain('wiki.essai.example/tutoriels');
  });

  it.each(['essai-illustree', 'illustree'])('%s: « Vue mobile » and « Vue ordinateur » side by side, each picture with its alt text', async (name) => {
    const file = pdf(name);
    const page = words(file)[0]!;
    const at = (text: string) => page.words.find((w) => w.text === text)!;
    const [mobile, computer] = [at('MOBILE'), at('ORDINATEUR')];
    expect(Math.abs(mobile.yMin - computer.yMin)).toBeLessThan(0.5);
    expect(computer.xMin).toBeGreaterThan(mobile.xMax);
    const { root } = await structTree(bytesOf(file));
    // The <figure> around a picture and its caption is a Div; the picture the Figure, with its /Alt.
    expect(structDump(file).err).not.toMatch(/wrong type|Syntax Error/);
    for (const figure of flatten(root).filter((e) => e.type === 'Figure')) expect(figure.alt).toBeTruthy();
    expect(flatten(root).filter((e) => e.type === 'Div' && e.kids.map((k) => k.type).join() === 'Caption,Figure').length).toBeGreaterThanOrEqual(2);
    expect(structDump(file, '-struct-text').out).toContain('"VUE MOBILE"');
    const alts = flatten(root).filter((e) => e.type === 'Figure').map((f) => plainSpaces(f.alt ?? ''));
    expect(alts).toContain(plainSpaces(frenchSpacing('Appli d’essai : l’écran mobile et son bouton Continuer')));
    expect(alts).toContain(plainSpaces(frenchSpacing('Portail d’essai : l’écran d’ordinateur et son bouton Commencer l’activation')));
    // Both pictures on page 1, and together narrower than the page's text width (184 mm).
    const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean).map((l) => l.trim().split(/\s+/));
    const shown = (w: number, h: number) => images.find((c) => c[0] === '1' && Number(c[3]) === w && Number(c[4]) === h)!;
    const widthMm = (cols: string[]) => (Number(cols[3]) / Number(cols[12])) * 25.4;
    expect(widthMm(shown(360, 720)) + widthMm(shown(1200, 750))).toBeLessThan(184);
  });

  it('a view alone takes the width it needs, not the line', () => {
    const images = execFileSync('pdfimages', ['-list', pdf('illustree')], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean).map((l) => l.trim().split(/\s+/));
    const mobiles = images.filter((c) => c[3] === '360').map((c) => (Number(c[3]) / Number(c[12])) * 25.4);
    // Step 1 (two views) and step 2 (the mobile view alone): the same size.
    expect(mobiles).toHaveLength(2);
    expect(Math.abs(mobiles[0]! - mobiles[1]!)).toBeLessThan(0.5);
    expect(mobiles[1]).toBeLessThan(60);
  });

  it('lists the steps still without a picture of the view they happen in', () => {
    const missing = stepsWithoutPictures(project).filter((m) => m.procedure.id.startsWith('illustree')).map((m) => [m.procedure.id, m.step.number, m.missing]);
    expect(missing).toEqual([
      ['illustree', 3, ['ordinateur']],
      ['illustree-essai', 2, ['ordinateur']],
    ]);
  });
});

describe('black and white', () => {
  /** Mean grey (0 black, 255 white) of a band across the top of page 1, `fromMm` to `toMm` from the top. */
  function greyOfBand(file: string, fromMm: number, toMm: number): number {
    const pgm = execFileSync('pdftoppm', ['-gray', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file], { maxBuffer: 16 * 1024 * 1024 });
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.toString('latin1', 0, 40))!;
    const [width, height] = [Number(header[1]), Number(header[2])];
    const pixels = pgm.subarray(header[0].length);
    const rows = [Math.round((fromMm / 297) * height), Math.round((toMm / 297) * height)];
    let sum = 0;
    let n = 0;
    for (let y = rows[0]!; y < rows[1]!; y++) for (let x = Math.round(width * 0.1); x < width * 0.9; x++, n++) sum += pixels[y * width + x]!;
    return sum / n;
  }

  it('a branded sheet has a dark band and a wordmark or logo; a national sheet a light header', () => {
    for (const name of ['essai-illustree', 'paca-activation-carte']) expect(greyOfBand(pdf(name), 5.5, 10), name).toBeLessThan(120);
    for (const name of ['illustree', 'activation-carte']) expect(greyOfBand(pdf(name), 5.5, 10), name).toBeGreaterThan(200);
  });

  it('pictures of the fixture sheets are kept in test-results/fiches/ for a person to look at', () => {
    const out = join(TOOLKIT, 'test-results', 'fiches');
    mkdirSync(out, { recursive: true });
    for (const name of ['essai-illustree', 'illustree', 'un-peu-longue', 'trop-longue']) {
      execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdf(name), join(out, `essai-${name}`)]);
      expect(readFileSync(join(out, `essai-${name}.png`)).subarray(1, 4).toString()).toBe('PNG');
    }
  });
});
