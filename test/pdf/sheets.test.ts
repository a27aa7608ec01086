/**
 * The printed sheets, read back with poppler (pdftotext, pdfinfo, pdffonts, pdftoppm) and
 * pdf-lib: every step, contact, brand and address is there as real text; A4, titled, tagged,
 * fonts embedded, at most two pages; byte-identical across builds; the collection.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFString, PDFHexString } from 'pdf-lib';
import { describe, expect, inject, it } from 'vitest';
import { loadFlows, plainText, procedureUrl, sheetsOf, sheetUrl, RECUEIL_URL } from '../../src/core/index.ts';
import { frenchDate, sourceDate } from '../../src/stages/source-date.ts';
import { contentProject, runBuild } from '../helpers/build.ts';
import { TEST_SITE_URL } from '../helpers/build-site.ts';
import { frenchSpacing } from '../../src/core/typography.ts';
import { bookmarkTitles } from '../../src/render/pdf.ts';
import { ROOT } from '../helpers/cli.ts';

const siteDir = inject('siteDir');
const { project } = loadFlows(join(ROOT, 'flows'));
const sheets = sheetsOf(project);
const pdfPath = (name: string) => join(siteDir, sheetUrl(name));
const text = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
const info = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' });
// Compared without any spacing (lines wrap where the page wants) and without hyphens
// (pdftotext drops a hyphen that ends a line, taking it for a word break).
const squash = (s: string) => frenchSpacing(s).replace(/[\s\u00a0\u202f]+/g, '').replace(/-/g, '');

describe.each(sheets.map((s) => [s.name, s] as const))('sheet %s', (name, sheet) => {
  const file = pdfPath(name);

  it('holds every step, item, callout, prerequisite and contact as real text, and the brand and online address', () => {
    const found = squash(text(file));
    const expected: string[] = [
      sheet.procedure.title,
      ...sheet.procedure.prerequisites,
      ...sheet.procedure.steps.flatMap((s) => [s.title, s.text, ...s.items, ...s.callouts.flatMap((c) => [c.title, c.text, ...c.items])]),
      ...(sheet.procedure.outcome ? [sheet.procedure.outcome] : []),
    ].filter((t): t is string => Boolean(t));
    for (const t of expected) expect(found, t).toContain(squash(plainText(t)));
    for (const contact of sheet.contacts) {
      expect(found).toContain(squash(contact.name));
      if (contact.phone) expect(found).toContain(squash(contact.phone.number));
      if (contact.email) expect(found).toContain(squash(contact.email));
    }
    expect(found).toContain(squash(sheet.brand ? sheet.brand.name : 'Aide e-CPS'));
    if (sheet.brand?.wiki) expect(found).toContain(squash(sheet.brand.wiki));
    expect(found).toContain(squash(new URL(procedureUrl(sheet.procedure.id), TEST_SITE_URL).href));
    expect(found).toContain(`version${sheet.version}du${squash(frenchDate(sourceDate(sheet.files, ROOT)))}`);
    expect(found).toMatch(/page1\/\d/);
  });

  it('is A4, titled, tagged, in French, with its fonts embedded, on one or two pages', async () => {
    const out = info(file);
    expect(out).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(out).toMatch(/Tagged:\s+yes/);
    expect(Number(/Pages:\s+(\d+)/.exec(out)![1])).toBeLessThanOrEqual(2);
    expect(out).toContain(`Title:           Fiche pratique : ${sheet.brand ? `${sheet.brand.name} : ` : ''}${sheet.procedure.title}`);
    expect(out).toMatch(/Producer:\s+Parcours/);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line.split(/\s+/).at(-5), line).toBe('yes');
    const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
    const lang = doc.catalog.lookup(PDFName.of('Lang'));
    expect(lang instanceof PDFString || lang instanceof PDFHexString ? lang.decodeText() : '').toBe('fr-FR');
    // Its date is the content's, not the build's.
    expect(doc.getCreationDate()?.getTime()).toBe(sourceDate(sheet.files, ROOT).getTime());
  });
});

it('a brand’s sheet is named after the brand', () => {
  const paca = sheets.find((s) => s.brand?.id === 'paca')!;
  expect(paca.name).toBe('paca-activation-carte');
});

describe('the collection (recueil)', () => {
  const file = join(siteDir, RECUEIL_URL);

  it('has one bookmark per sheet, in order, and as many pages as the sheets together', async () => {
    const titles = await bookmarkTitles(readFileSync(file));
    expect(titles).toHaveLength(sheets.length);
    const pages = sheets.reduce((sum, s) => sum + Number(/Pages:\s+(\d+)/.exec(info(pdfPath(s.name)))![1]), 0);
    expect(Number(/Pages:\s+(\d+)/.exec(info(file))![1])).toBe(pages);
    for (const sheet of sheets) expect(titles.some((t) => t.endsWith(sheet.procedure.title))).toBe(true);
    // Bookmarks point at pages of the file.
    const doc = await PDFDocument.load(readFileSync(file));
    expect(doc.catalog.get(PDFName.of('PageMode'))?.toString()).toBe('/UseOutlines');
  });
});

describe('printing', () => {
  it('two builds from a clean cache give byte-identical PDFs, and an unchanged sheet is not printed again', () => {
    // The real content in the repository (its git history dates the sheets), built twice.
    const copies = [0, 1].map(() => join(mkdtempSync(join(tmpdir(), 'parcours-site-')), 'dist'));
    const cacheDirs = copies.map(() => mkdtempSync(join(tmpdir(), 'parcours-fiches-')));
    const build = (i: number, args: string[] = []) => runBuild(ROOT, copies[i]!, { env: { PARCOURS_CACHE: cacheDirs[i]!, PARCOURS_SITE_URL: TEST_SITE_URL }, args });
    const printed = (run: ReturnType<typeof build>) => run.summary?.stages.find((s) => s.id === 'sheets')?.counts;
    const first = build(0);
    const second = build(1);
    expect(first.status, first.stderr).toBe(0);
    expect(printed(first)).toEqual({ sheets: sheets.length, printed: sheets.length, reused: 0, browsers: 1 });
    expect(printed(second)?.printed).toBe(sheets.length);
    for (const sheet of sheets) {
      const a = readFileSync(join(copies[0]!, sheetUrl(sheet.name)));
      const b = readFileSync(join(copies[1]!, sheetUrl(sheet.name)));
      expect(a.equals(b), sheet.name).toBe(true);
    }
    expect(readFileSync(join(copies[0]!, RECUEIL_URL)).equals(readFileSync(join(copies[1]!, RECUEIL_URL)))).toBe(true);
    const again = build(0, ['--force']);
    expect(printed(again)).toEqual({ sheets: sheets.length, printed: 0, reused: sheets.length, browsers: 0 });
  }, 240_000);

  it('dates come from SOURCE_DATE_EPOCH when set', () => {
    expect(sourceDate([], ROOT, 1700000000).toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(frenchDate(new Date(Date.UTC(2026, 10, 23)))).toBe('23 novembre 2026');
  });
});

describe('pictures of the sheets (kept in test-results/fiches/ for a person to look at)', () => {
  it.each(sheets.map((s) => s.name))('%s, page 1 as PNG', (name) => {
    const out = join(ROOT, 'test-results', 'fiches');
    mkdirSync(out, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdfPath(name), join(out, name)]);
    expect(readFileSync(join(out, `${name}.png`)).subarray(1, 4).toString()).toBe('PNG');
  });
});
