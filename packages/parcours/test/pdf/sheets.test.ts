/**
 * The printed e-CPS sheets and recueils, read back with poppler (pdftotext, pdfinfo, pdffonts,
 * pdftoppm) and pdf-lib: every step, contact, brand and address is there as real text; A4,
 * tagged to PDF/UA's rules (standard types or a RoleMap, artifacts, /Alt, /Contents, XMP),
 * fonts embedded; pages used well; the recueil a document (cover, contents, journey order,
 * nested bookmarks); byte-identical across builds.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { frenchSpacing, loadFlows, paperLinks, parseInline, plainText, procedureUrl, recueilFile, recueilsOf, sheetAddresses, sheetsInJourneyOrder, sheetsOf, sheetUrl, shortAddress, type Inline, type Sheet } from '../../src/core/index.ts';
import { loadConfig } from '../../src/core/config.ts';
import { frenchDate, sourceDate } from '../../src/stages/source-date.ts';
import { runBuild } from '../helpers/build.ts';
import { TEST_SITE_URL } from '../helpers/build-site.ts';
import { ECPS, ROOT, TOOLKIT } from '../helpers/cli.ts';
import { bytesOf, flatten, fonts, glyphRuns, hasQpdf, linkAnnotations, unmarkedPainting, outline, pageCount, pdfinfo, pdftotext, plainSpaces, printedAddress, structDump, structTree, words } from './read-pdf.ts';

const siteDir = inject('siteDir');
// Who the e-CPS project says it is (parcours.yaml): the sheets and recueils carry it.
const { config } = loadConfig(ECPS);
const IDENTITY = { siteName: config!.site.name, title: config!.sheets.collectionTitle, author: config!.publisher.name };
const { project } = loadFlows(join(ECPS, 'flows'));
const sheets = sheetsInJourneyOrder(project, sheetsOf(project));
const pdfPath = (name: string) => join(siteDir, sheetUrl(name));
// Compared without any spacing (lines wrap where the page wants) and without hyphens
// (pdftotext drops a hyphen that ends a line, taking it for a word break).
const squash = (s: string) => frenchSpacing(s).replace(/[\s\u00a0\u202f]+/g, '').replace(/-/g, '');
const MM = 72 / 25.4;
const sheetTitle = (s: Sheet) => `${s.brand ? `${s.brand.name} : ` : ''}${s.procedure.title}`;
const same = (a: string, b: string) => plainSpaces(frenchSpacing(a)) === plainSpaces(frenchSpacing(b));
/** A text as the sheet prints it: markup gone, bare addresses without their scheme (see shortAddress). */
const printed = (t: string) =>
  parseInline(t)
    .map(function flat(n: Inline): string {
      if (n.type === 'text') return n.value;
      const inner = n.children.map(flat).join('');
      return n.type === 'link' && (inner === n.href || `mailto:${inner}` === n.href) ? shortAddress(n.href) : inner;
    })
    .join('');
/** The text a screen reader gets: the strings of `pdfinfo -struct-text`, joined. */
const taggedText = (file: string) => [...structDump(file, '-struct-text').out.matchAll(/^\s*"(.*)"$/gm)].map((m) => m[1]).join('');

/** The headings of a sheet, in the order the page has them: what its bookmarks must say. */
function headingsOf(sheet: Sheet): string[] {
  const p = sheet.procedure;
  return [
    sheetTitle(sheet),
    ...(p.prerequisites.length ? ['Avant de commencer'] : []),
    'Étapes',
    ...p.steps.filter((s) => s.title).map((s) => plainText(s.title!)),
    ...(paperLinks(sheet).length ? ['Pour aller plus loin'] : []),
    ...(sheet.contacts.length ? ['En cas de problème', ...sheet.contacts.map((c) => c.name)] : []),
  ].map((t) => plainSpaces(frenchSpacing(t)));
}

describe.each(sheets.map((s) => [s.name, s] as const))('sheet %s', (name, sheet) => {
  const file = pdfPath(name);
  const bytes = bytesOf(file);
  const pages = pageCount(file);

  it('holds every step, item, callout, prerequisite and contact as real text, and the brand and online address', () => {
    const found = squash(pdftotext(file));
    const expected: string[] = [
      sheet.procedure.title,
      ...sheet.procedure.prerequisites,
      ...sheet.procedure.steps.flatMap((s) => [s.title, s.text, ...s.items, ...s.callouts.flatMap((c) => [c.title, c.text, ...c.items])]),
      ...(sheet.procedure.outcome ? [sheet.procedure.outcome] : []),
    ].filter((t): t is string => Boolean(t));
    for (const t of expected) expect(found, t).toContain(squash(printed(t)));
    for (const contact of sheet.contacts) {
      expect(found).toContain(squash(contact.name));
      if (contact.phone) expect(found).toContain(squash(contact.phone.number));
      if (contact.email) expect(found).toContain(squash(contact.email));
    }
    expect(found).toContain(squash(sheet.brand ? sheet.brand.name : IDENTITY.siteName));
    expect(found).toContain(squash(shortAddress(new URL(procedureUrl(sheet.procedure.id), TEST_SITE_URL).href)));
    expect(found).toContain(`version${sheet.version}du${squash(frenchDate(sourceDate(sheet.files, ROOT)!))}`);
    expect(found).toMatch(/page1\/\d/);
  });

  it('is A4, titled, tagged, in French, with its fonts embedded once, on one or two pages', () => {
    const out = pdfinfo(file);
    // A4 as Chromium prints it: 210 × 297 mm to the 1/300 inch.
    const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts \(A4\)/.exec(out)!.slice(1).map(Number);
    expect(Math.abs(w! - 595.28)).toBeLessThan(1);
    expect(Math.abs(h! - 841.89)).toBeLessThan(1);
    expect(out).toMatch(/Tagged:\s+yes/);
    expect(pages).toBeLessThanOrEqual(2);
    expect(out).toContain(`Title:           Fiche pratique : ${sheetTitle(sheet)}`);
    expect(out).toMatch(/Producer:\s+Parcours/);
    expect(out).toMatch(/PDF version:\s+1\.7/);
    const list = fonts(file);
    expect(list.length).toBeGreaterThan(0);
    for (const f of list) expect(f.embedded, f.name).toBe(true);
    const names = list.map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
    expect(new Set(names).size, names.join(', ')).toBe(names.length);
  });

  it('uses its pages: one page, or a last page whose content reaches a third of the page', () => {
    const last = words(file).at(-1)!;
    // The body: below the running band (top margin, 15 mm) and above the footer (13 mm).
    const body = last.words.filter((w) => w.yMin > 15 * MM && w.yMax < last.height - 13 * MM);
    expect(body.length).toBeGreaterThan(0);
    const bottom = Math.max(...body.map((w) => w.yMax));
    // The measure before printing said the same (the build's layout report).
    const measured = (JSON.parse(readFileSync(join(ECPS, '.cache', 'fiches', 'mise-en-page.json'), 'utf8')) as { sheet: string; layout: { pages: number; lastPageFill: number } }[]).find((r) => r.sheet === name)!;
    expect(measured.layout.pages).toBe(pages);
    // …and where the last page ends, within the padding and border of the box that closes it.
    const measuredBottom = 15 * MM + measured.layout.lastPageFill * (297 - 15 - 13) * MM;
    expect(measuredBottom - bottom).toBeGreaterThanOrEqual(-1);
    expect(measuredBottom - bottom).toBeLessThan(8 * MM);
    if (pages > 1) expect(bottom / last.height, `last page ends at ${Math.round((bottom / last.height) * 100)} %`).toBeGreaterThanOrEqual(1 / 3);
  });

  it('prints every address of its links once, breaking only after « / » or « . »; amounts, phone numbers and e-CPS on one line', () => {
    const text = plainSpaces(pdftotext(file));
    for (const url of sheetAddresses(sheet)) {
      const address = shortAddress(url);
      const count = [...text.matchAll(printedAddress(address))].length;
      // The brand's wiki is in the running band, once on every page; any other address once.
      expect(count, address).toBe(sheet.brand?.wiki === url ? pages : 1);
    }
    expect(text).not.toMatch(/e-\s*\n\s*CPS/);
    for (const contact of sheet.contacts) {
      if (contact.phone) expect(text).toContain(contact.phone.number);
      if (contact.phone?.cost) expect(text).toContain(plainSpaces(frenchSpacing(contact.phone.cost)));
    }
  });

  it('is tagged with standard types or a RoleMap, its band and footer are artifacts, its QR code a Figure with /Alt', async () => {
    const { out, err } = structDump(file);
    expect(err).not.toMatch(/wrong type|Syntax Error/);
    expect(out).toMatch(/^Document/);
    const { root, roleMap } = await structTree(bytes);
    const STANDARD = new Set('Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'.split(' '));
    const all = flatten(root);
    for (const el of all) expect(STANDARD.has(el.type) || STANDARD.has(roleMap[el.type] ?? ''), el.type).toBe(true);
    // Every Figure says what it shows.
    for (const el of all.filter((e) => e.type === 'Figure')) expect(el.alt, 'Figure sans /Alt').toBeTruthy();
    const online = shortAddress(new URL(procedureUrl(sheet.procedure.id), TEST_SITE_URL).href);
    expect(all.some((e) => e.type === 'Figure' && e.alt && same(e.alt, `QR code vers la version en ligne : ${online}`))).toBe(true);
    if (sheet.brand) expect(all.some((e) => e.type === 'Figure' && e.alt === frenchSpacing(sheet.brand!.logoAlt ?? sheet.brand!.name))).toBe(true);
    // The tagged text holds the content, not the page boxes (drawn on every page, they are artifacts).
    const tagged = taggedText(file);
    expect(squash(tagged)).toContain(squash(sheet.procedure.title));
    for (const step of sheet.procedure.steps) for (const t of [step.title, step.text, ...step.items]) if (t) expect(squash(tagged)).toContain(squash(printed(t)));
    expect(tagged).not.toContain('FICHE PRATIQUE');
    expect(tagged).not.toMatch(/page \d+ \/ \d+/);
    expect(pdftotext(file)).toContain('FICHE PRATIQUE');
  });

  it.runIf(hasQpdf)('passes qpdf’s check, and every mark on its pages is tagged content or an artifact', () => {
    expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
    expect(unmarkedPainting(file)).toEqual([]);
  });

  it('has XMP metadata with title, language and the PDF/UA identifier; links with /Contents; bookmarks that read as the headings', async () => {
    const xmp = pdfinfo(file, '-meta');
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(xmp).toContain(`<rdf:li xml:lang="x-default">Fiche pratique : ${sheetTitle(sheet)}</rdf:li>`);
    expect(xmp).toMatch(/<dc:language><rdf:Bag><rdf:li>fr-FR<\/rdf:li>/);
    const links = await linkAnnotations(bytes);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(link.contents, link.uri).toBeTruthy();
      expect(link.tabs).toBe('/S');
    }
    expect((await outline(bytes)).map((b) => plainSpaces(b.title))).toEqual(headingsOf(sheet));
  });
});

it('a brand’s sheet is named after the brand', () => {
  const paca = sheets.find((s) => s.brand?.id === 'paca')!;
  expect(paca.name).toBe('paca-activation-carte');
});

describe('the recueils', () => {
  const recueils = recueilsOf(project, sheets);
  const date = (list: Sheet[]) => frenchDate(new Date(Math.max(...list.map((s) => sourceDate(s.files, ROOT)!.getTime()))));

  describe.each(recueils.map((r) => [r.name, r] as const))('%s', (name, recueil) => {
    const file = join(siteDir, recueilFile(name));
    const bytes = bytesOf(file);
    const title = recueil.brand ? `${IDENTITY.title} — ${recueil.brand.name}` : IDENTITY.title;

    it('is one tagged document: cover, contents, then the sheets, each on the pages it has alone', () => {
      const out = pdfinfo(file);
      expect(out).toMatch(/Tagged:\s+yes/);
      expect(out).toContain(`Title:           ${title}`);
      const { err } = structDump(file);
      expect(err).not.toMatch(/wrong type|Syntax Error/);
      expect(pageCount(file)).toBe(2 + recueil.sheets.reduce((sum, s) => sum + pageCount(pdfPath(s.name)), 0));
      const cover = squash(pdftotext(file, '-f', '1', '-l', '1'));
      expect(cover).toContain(squash(title));
      expect(cover).toContain(squash(`Publié par ${IDENTITY.author}`));
      expect(cover).toContain(squash(`${recueil.sheets.length} fiches — ${date(recueil.sheets)}`));
    });

    it('its contents list the sheets in the order of the journeys with the page each starts on, as its nested bookmarks do', async () => {
      const marks = await outline(bytes);
      const top = marks.filter((m) => m.depth === 0);
      expect(plainSpaces(top[0]!.title)).toBe(title);
      expect(top.slice(1).map((m) => plainSpaces(m.title))).toEqual(recueil.sheets.map((s) => plainSpaces(frenchSpacing(sheetTitle(s)))));
      // Nested: the contents under the cover, each sheet's sections under it.
      expect(marks[1]).toMatchObject({ title: 'Sommaire', depth: 1 });
      for (const [i, mark] of top.slice(1).entries()) {
        const at = marks.indexOf(mark);
        expect(marks.slice(at + 1).findIndex((m) => m.depth === 1 && m.title === 'Étapes'), recueil.sheets[i]!.name).toBeGreaterThanOrEqual(0);
      }
      const contents = plainSpaces(pdftotext(file, '-f', '2', '-l', '2', '-layout'));
      expect(contents).toContain('Sommaire');
      let from = 0;
      for (const [i, sheet] of recueil.sheets.entries()) {
        // The page number stands on the entry's last line.
        const words = plainSpaces(frenchSpacing(sheetTitle(sheet))).split(' ').slice(-3).join(' ');
        const at = contents.indexOf(words, from);
        expect(at, sheet.name).toBeGreaterThan(from - 1);
        from = at;
        const line = contents.slice(at).split('\n')[0]!;
        expect(Number(/(\d+)\s*$/.exec(line)?.[1]), `${sheet.name}: ${line}`).toBe(top[i + 1]!.page);
        // A sheet starts on its page: its title is there.
        expect(squash(pdftotext(file, '-f', String(top[i + 1]!.page), '-l', String(top[i + 1]!.page)))).toContain(squash(sheet.procedure.title));
      }
    });

    it('its contents are links to the sheets, described by their text', async () => {
      const links = (await linkAnnotations(bytes)).filter((l) => l.page === 2);
      expect(links).toHaveLength(recueil.sheets.length);
      for (const [i, link] of links.entries()) expect(squash(link.contents ?? '')).toContain(squash(sheetTitle(recueil.sheets[i]!)));
    });

    it('embeds each font once', () => {
      const names = fonts(file).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
      expect(new Set(names).size, names.join(', ')).toBe(names.length);
    });
  });

  it('a brand’s recueil has its sheets in place of the national ones it varies', () => {
    const paca = recueils.find((r) => r.brand?.id === 'paca')!;
    const text = squash(pdftotext(join(siteDir, recueilFile(paca.name))));
    expect(text).toContain(squash(project.procedures.get('activation-carte-paca')!.title));
    expect(text).not.toContain(squash(project.procedures.get('activation-carte')!.title));
  });
});

describe('printing', () => {
  it('two builds from a clean cache give byte-identical PDFs, and an unchanged sheet is not printed again', () => {
    // The real content in the repository (its git history dates the sheets), built twice.
    const copies = [0, 1].map(() => join(mkdtempSync(join(tmpdir(), 'parcours-site-')), 'dist'));
    const cacheDirs = copies.map(() => mkdtempSync(join(tmpdir(), 'parcours-fiches-')));
    const build = (i: number, args: string[] = []) => runBuild(ROOT, copies[i]!, { env: { PARCOURS_CACHE: cacheDirs[i]!, PARCOURS_SITE_URL: TEST_SITE_URL }, args });
    const counts = (run: ReturnType<typeof build>) => run.summary?.stages.find((s) => s.id === 'sheets')?.counts;
    const jobs = sheets.length + recueilsOf(project, sheets).length;
    const first = build(0);
    const second = build(1);
    expect(first.status, first.stderr).toBe(0);
    // No e-CPS sheet needs more than two pages.
    expect(counts(first)).toEqual({ sheets: sheets.length, recueils: jobs - sheets.length, printed: jobs, reused: 0, browsers: 1, tooLong: 0 });
    expect(counts(second)?.printed).toBe(jobs);
    const files = readdirSync(join(copies[0]!, 'fiches')).sort();
    expect(files.length).toBe(jobs);
    for (const file of files) {
      expect(readFileSync(join(copies[0]!, 'fiches', file)).equals(readFileSync(join(copies[1]!, 'fiches', file))), file).toBe(true);
    }
    const again = build(0, ['--force']);
    expect(counts(again)).toEqual({ sheets: sheets.length, recueils: jobs - sheets.length, printed: 0, reused: jobs, browsers: 0, tooLong: 0 });
  }, 300_000);

  it('writes its text in runs, not glyph by glyph: the sheets’ font sizes are whole quarter pixels', () => {
    // At 9.5 pt (12.67 px) Chromium moved to each glyph on its own (`<0029> Tj 6.72 0 Td <002c> Tj…`):
    // six glyphs in ten, a content five times longer to write, compress and read back.
    const files = readdirSync(join(siteDir, 'fiches')).filter((file) => file.endsWith('.pdf'));
    expect(files.length).toBe(sheets.length + recueilsOf(project, sheets).length);
    for (const file of files) {
      const { glyphs, alone } = glyphRuns(join(siteDir, 'fiches', file));
      expect(glyphs, file).toBeGreaterThan(500);
      // What remains alone: letter-spaced capitals (the band) and the text of pictures.
      expect(alone / glyphs, file).toBeLessThan(0.15);
    }
  });

  it('dates come from SOURCE_DATE_EPOCH when set', () => {
    expect(sourceDate([], ROOT, 1700000000)!.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(frenchDate(new Date(Date.UTC(2026, 10, 23)))).toBe('23 novembre 2026');
  });
});

describe('pictures of the sheets (kept in test-results/fiches/ for a person to look at)', () => {
  const out = join(TOOLKIT, 'test-results', 'fiches');
  const png = (file: string, page: number, name: string) => {
    mkdirSync(out, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', String(page), '-l', String(page), '-singlefile', file, join(out, name)]);
    expect(readFileSync(join(out, `${name}.png`)).subarray(1, 4).toString()).toBe('PNG');
  };
  it.each(sheets.map((s) => s.name))('%s, page 1 as PNG', (name) => png(pdfPath(name), 1, name));
  it.each(recueilsOf(project, sheets).map((r) => r.name))('%s, cover and contents as PNG', (name) => {
    png(join(siteDir, recueilFile(name)), 1, `${name}-couverture`);
    png(join(siteDir, recueilFile(name)), 2, `${name}-sommaire`);
  });
});
