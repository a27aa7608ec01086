/**
 * The one form of a printed PDF (src/render/pdf-canonical.ts): Chromium sometimes writes a link
 * made of several inline pieces (an address cut by `<wbr>`) as one annotation, sometimes as one
 * per piece, and everything after it shifts. After the finishing, both give the same bytes: the
 * pieces on a line are one annotation, as wide as Chromium makes an uncut link; a link over two
 * lines keeps one per line; the structure keys and object numbers have no gap; qpdf finds the
 * file sound.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/render/browser.ts';
import { canonicalize } from '../../src/render/pdf-canonical.ts';
import { markArtifacts } from '../../src/render/pdf-tags.ts';
import { hasQpdf } from '../pdf/read-pdf.ts';

const N = (name: string) => PDFName.of(name);

/** Link annotations of a PDF: page, address, rectangle, structure key. */
async function links(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return doc.getPages().flatMap((page, i) =>
    (page.node.lookupMaybe(N('Annots'), PDFArray)?.asArray() ?? []).map((ref) => {
      const annot = doc.context.lookup(ref, PDFDict);
      const uri = annot.lookup(N('A'), PDFDict).lookup(N('URI'))!.toString();
      const rect = annot.lookup(N('Rect'), PDFArray).asArray().map((n) => (n as PDFNumber).asNumber());
      return { page: i + 1, uri, rect, key: (annot.get(N('StructParent')) as PDFNumber | undefined)?.asNumber() };
    }),
  );
}

// What Address.astro writes: the pieces of an address, each unbreakable, with a <wbr> between.
const cut = (address: string) => address.split(/(?<=[.@])/).map((piece) => `<span style="white-space:nowrap">${piece}</span>`).join('<wbr>');
const page = (body: string) =>
  `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Liens</title><style>body{font:16px sans-serif;margin:40px} p{margin:0 0 24px}</style></head><body>${body}</body></html>`;
const ADDRESSES = ['support-cartes@example.fr', 'assistance.regionale@sante.example.org', 'aide@example.fr'];

describe('the finishing of a print (Chromium)', () => {
  let print: (html: string) => Promise<Uint8Array>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const launched = await launchBrowser();
    close = launched.close;
    print = async (html) => {
      const tab = await launched.browser.newPage();
      await tab.setContent(html, { waitUntil: 'load' });
      const pdf = await tab.pdf({ format: 'A4', tagged: true, printBackground: true });
      await tab.close();
      return pdf;
    };
  });
  afterAll(async () => close?.());

  const finish = async (bytes: Uint8Array) => {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    canonicalize(doc);
    return doc.save();
  };
  const cutPage = page(ADDRESSES.map((a) => `<p><a href="mailto:${a}">${cut(a)}</a></p>`).join(''));
  const wholePage = page(ADDRESSES.map((a) => `<p><a href="mailto:${a}">${a}</a></p>`).join(''));

  it('joins the pieces of a link on one line into one annotation, as wide as the uncut link', async () => {
    const raw = await links(await print(cutPage));
    // Chromium cut at least one of them here (else this test would show nothing).
    expect(raw.length).toBeGreaterThan(ADDRESSES.length);
    const finished = await links(await finish(await print(cutPage)));
    const whole = await links(await print(wholePage));
    expect(whole).toHaveLength(ADDRESSES.length);
    expect(finished.map(({ uri, rect }) => ({ uri, rect }))).toEqual(whole.map(({ uri, rect }) => ({ uri, rect })));
  });

  it('keeps one annotation per line for a link that wraps', async () => {
    const address = 'assistance.regionale@sante.example.org';
    const narrow = page(`<p style="width:9em"><a href="mailto:${address}">${cut(address)}</a></p>`);
    const finished = await links(await finish(await print(narrow)));
    const lines = new Set(finished.map((l) => l.rect[1]));
    expect(lines.size).toBeGreaterThan(1);
    expect(finished).toHaveLength(lines.size);
  });

  it('leaves the structure whole: one OBJR per annotation, keys and object numbers without gaps, qpdf --check clean', async () => {
    const bytes = await finish(await print(cutPage));
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const root = doc.catalog.lookup(N('StructTreeRoot'), PDFDict);
    const nums = root.lookup(N('ParentTree'), PDFDict).lookup(N('Nums'), PDFArray);
    const keys = nums.asArray().filter((_, i) => i % 2 === 0).map((k) => (k as PDFNumber).asNumber());
    expect(keys).toEqual(keys.map((_, i) => i));
    expect((root.get(N('ParentTreeNextKey')) as PDFNumber).asNumber()).toBe(keys.length);
    const numbers = doc.context.enumerateIndirectObjects().map(([ref]) => ref.objectNumber);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    // Every annotation's key leads to the Link element that holds an OBJR to it, and only one.
    for (const pageRef of doc.getPages()) {
      for (const ref of pageRef.node.lookup(N('Annots'), PDFArray).asArray()) {
        const key = (doc.context.lookup(ref, PDFDict).get(N('StructParent')) as PDFNumber).asNumber();
        const element = doc.context.lookup(nums.get(2 * keys.indexOf(key) + 1) as PDFRef, PDFDict);
        expect(element.get(N('S'))?.toString()).toBe('/Link');
        const objrs = element
          .lookup(N('K'), PDFArray)
          .asArray()
          .map((kid) => (kid instanceof PDFRef ? doc.context.lookup(kid) : kid))
          .filter((kid): kid is PDFDict => kid instanceof PDFDict && kid.get(N('Type'))?.toString() === '/OBJR');
        expect(objrs.map((o) => o.get(N('Obj')))).toEqual([ref]);
      }
    }
    if (hasQpdf) {
      const file = join(mkdtempSync(join(tmpdir(), 'parcours-canon-')), 'liens.pdf');
      writeFileSync(file, bytes);
      expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toMatch(/No syntax or stream encoding errors found/);
    }
  });
});

/**
 * Chromium's two ways with one cut link, built object by object in Chromium's order: the link
 * as two annotations (keys 1 and 2), or as one (key 1); a second link follows (key 3, or 2).
 */
async function chromiumLike(cutLink: boolean): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const context = doc.context;
  const page = doc.addPage([595, 842]);
  const reg = (o: PDFObject) => context.register(o);
  const annot = (uri: string, rect: number[], key: number) =>
    reg(context.obj({ Type: 'Annot', Subtype: 'Link', Rect: rect, Border: [0, 0, 0], F: 4, StructParent: key, A: { Type: 'Action', S: 'URI', URI: PDFName.of('x') } }));
  const setUri = (ref: PDFRef, uri: string) => context.lookup(ref, PDFDict).lookup(N('A'), PDFDict).set(N('URI'), PDFString.of(uri));
  const first = cutLink ? [annot('a', [81, 217.17, 189.75, 227.67], 1), annot('a', [189.75, 217.17, 195.75, 227.67], 2)] : [annot('a', [81, 217.17, 195.75, 227.67], 1)];
  first.forEach((ref) => setUri(ref, 'mailto:support-cartes@example.fr'));
  const second = annot('b', [81, 300, 150, 310], cutLink ? 3 : 2);
  setUri(second, 'https://example.fr/aide');
  page.node.set(N('Annots'), context.obj([...first, second]));
  // Drawn with resources Chromium names after their object numbers (which the cut link shifts),
  // one of them a form with resources of its own; a font given directly keeps its name. A
  // string and a comment hold the names the cut print gives (`shift`): words, not names.
  const shift = cutLink ? 0 : 1;
  const gs = reg(context.obj({ Type: 'ExtGState', ca: 0.5 }));
  const pattern = reg(context.obj({ PatternType: 2, Shading: { ShadingType: 2, ColorSpace: 'DeviceRGB', Coords: [0, 0, 10, 0], Function: { FunctionType: 2, Domain: [0, 1], C0: [1, 0, 0], C1: [0, 0, 1], N: 1 } } }));
  const form = reg(context.flateStream(`/G${gs.objectNumber} gs 0 0 5 5 re f`, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 5, 5], Resources: { ExtGState: { [`G${gs.objectNumber}`]: gs } } }));
  page.node.set(N('Resources'), context.obj({ Pattern: { [`P${pattern.objectNumber}`]: pattern }, XObject: { [`X${form.objectNumber}`]: form }, Font: { F1: { Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica' } } }));
  page.node.set(N('Contents'), reg(context.flateStream(`q /Pattern cs /P${pattern.objectNumber} scn 0 0 10 10 re f Q q /X${form.objectNumber} Do Q BT /F1 9 Tf (/P${pattern.objectNumber + shift} dans un texte) Tj ET % /X${form.objectNumber + shift}\n`)));
  page.node.set(N('StructParents'), PDFNumber.of(0));
  const rootRef = context.nextRef();
  const documentRef = context.nextRef();
  const objr = (ref: PDFRef) => context.obj({ Type: 'OBJR', Obj: ref, Pg: page.ref });
  const link1 = reg(context.obj({ Type: 'StructElem', S: 'Link', P: documentRef, K: [PDFNumber.of(0), ...first.map(objr)] }));
  const link2 = reg(context.obj({ Type: 'StructElem', S: 'Link', P: documentRef, K: [PDFNumber.of(1), objr(second)] }));
  context.assign(documentRef, context.obj({ Type: 'StructElem', S: 'Document', P: rootRef, K: [link1, link2] }));
  const nums = cutLink ? [0, [link1, link2], 1, link1, 2, link1, 3, link2] : [0, [link1, link2], 1, link1, 2, link2];
  const parentTree = reg(context.obj({ Nums: nums.map((n) => (typeof n === 'number' ? PDFNumber.of(n) : Array.isArray(n) ? context.obj(n) : n)) }));
  context.assign(rootRef, context.obj({ Type: 'StructTreeRoot', K: documentRef, ParentTree: parentTree, ParentTreeNextKey: cutLink ? 4 : 3 }));
  doc.catalog.set(N('StructTreeRoot'), rootRef);
  return doc;
}

describe('the finishing of a print (what nothing leads to)', () => {
  it('leaves out the objects nothing leads to: the content a page was given anew, the annotations joined', { timeout: 60_000 }, async () => {
    const { browser, close } = await launchBrowser();
    try {
      const tab = await browser.newPage();
      // A band drawn outside any tag: the finishing marks it as an artifact, in new content.
      const band = '<div style="background:#1f3f73;height:20px;margin-bottom:12px"></div>';
      await tab.setContent(page(band + ADDRESSES.map((a) => `<p>Écrivez à <a href="mailto:${a}">${cut(a)}</a> ou lisez <a href="https://example.fr/aide">l’aide</a>.</p>`).join('')), { waitUntil: 'load' });
      const printed = await tab.pdf({ format: 'A4', tagged: true, printBackground: true });
      const doc = await PDFDocument.load(printed, { updateMetadata: false });
      // The finishing's first step writes each page's content anew (pdf-tags.ts).
      markArtifacts(doc);
      const before = doc.context.enumerateIndirectObjects().length;
      canonicalize(doc);
      const after = doc.context.enumerateIndirectObjects().length;
      expect(after).toBeLessThan(before);
      const bytes = await doc.save();
      // qpdf writes only what the catalogue leads to: as many objects as this file holds.
      const dir = mkdtempSync(join(tmpdir(), 'parcours-canon-'));
      const [file, rewritten] = [join(dir, 'fini.pdf'), join(dir, 'qpdf.pdf')];
      writeFileSync(file, bytes);
      execFileSync('qpdf', ['--object-streams=disable', file, rewritten]);
      const objects = (path: string) => execFileSync('qpdf', ['--show-xref', path], { encoding: 'utf8' }).split('\n').filter((line) => /^\d+\/\d+: uncompressed/.test(line)).length;
      expect(objects(rewritten)).toBe(after);
      expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
    } finally {
      await close();
    }
  });
});

describe('the finishing of a print (its two forms)', () => {
  it('writes the same bytes whether Chromium cut the link or not', async () => {
    const [cutDoc, wholeDoc] = await Promise.all([chromiumLike(true), chromiumLike(false)]);
    expect(cutDoc.context.enumerateIndirectObjects().length).toBe(wholeDoc.context.enumerateIndirectObjects().length + 1);
    const before = await Promise.all([cutDoc.save({ useObjectStreams: false }), wholeDoc.save({ useObjectStreams: false })]);
    expect(Buffer.from(before[0]).equals(Buffer.from(before[1]))).toBe(false);
    canonicalize(cutDoc);
    canonicalize(wholeDoc);
    const [a, b] = await Promise.all([cutDoc.save(), wholeDoc.save()]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(await links(a)).toEqual([
      { page: 1, uri: '(mailto:support-cartes@example.fr)', rect: [81, 217.17, 195.75, 227.67], key: 1 },
      { page: 1, uri: '(https://example.fr/aide)', rect: [81, 300, 150, 310], key: 2 },
    ]);
  });

  it('names the resources after their objects’ new numbers, in their dictionaries and in the streams that draw with them', async () => {
    const doc = await chromiumLike(true);
    canonicalize(doc);
    const bytes = await doc.save();
    const read = await PDFDocument.load(bytes, { updateMetadata: false });
    const page = read.getPages()[0]!.node;
    const resources = page.lookup(N('Resources'), PDFDict);
    const named = (kind: string, dict = resources) => dict.lookup(N(kind), PDFDict).entries().map(([key, value]) => [key.asString(), (value as PDFRef).objectNumber ?? null]);
    const [[pattern, patternNumber]] = named('Pattern') as [[string, number]];
    const [[form, formNumber]] = named('XObject') as [[string, number]];
    expect([pattern, form]).toEqual([`/P${patternNumber}`, `/X${formNumber}`]);
    expect(resources.lookup(N('Font'), PDFDict).has(N('F1'))).toBe(true);
    const content = (ref: PDFObject) => Buffer.from(decodePDFRawStream(read.context.lookup(ref as PDFRef) as PDFRawStream).decode()).toString('latin1');
    const drawn = content(page.get(N('Contents'))!);
    expect(drawn).toContain(`${pattern} scn`);
    expect(drawn).toContain(`${form} Do`);
    // A name inside a string or a comment is not a name: as it was (the cut link's numbering).
    expect(drawn).toMatch(/\(\/P\d+ dans un texte\) Tj ET % \/X\d+/);
    expect(drawn).not.toContain(`(${pattern} dans`);
    const formRef = resources.lookup(N('XObject'), PDFDict).get(N(form.slice(1))) as PDFRef;
    const [[state, stateNumber]] = named('ExtGState', (read.context.lookup(formRef) as PDFRawStream).dict.lookup(N('Resources'), PDFDict)) as [[string, number]];
    expect(state).toBe(`/G${stateNumber}`);
    expect(content(formRef)).toBe(`${state} gs 0 0 5 5 re f`);
  });

  it('writes every page’s content compressed once, whether its resources could be renamed or not', async () => {
    const filterOf = (doc: PDFDocument) => doc.getPages().map((page) => (doc.context.lookup(page.node.get(N('Contents')) as PDFRef) as PDFRawStream).dict.get(N('Filter'))?.toString());
    const contentOf = (doc: PDFDocument) => Buffer.from(decodePDFRawStream(doc.context.lookup(doc.getPages()[0]!.node.get(N('Contents')) as PDFRef) as PDFRawStream).decode()).toString('latin1');
    // The page's content as markArtifacts leaves it: written anew, not compressed.
    const plain = async (content: string) => {
      const doc = await chromiumLike(false);
      doc.getPages()[0]!.node.set(N('Contents'), doc.context.register(doc.context.stream(content)));
      return doc;
    };
    const named = await plain(contentOf(await chromiumLike(false)));
    canonicalize(named);
    expect(filterOf(named)).toEqual(['/FlateDecode']);
    // An inline image: its bytes are not tokens, so no name is changed, and the content is compressed all the same.
    const inline = 'q 1 0 0 1 0 0 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \xff EI Q\n';
    const kept = await plain(inline);
    canonicalize(kept);
    expect(filterOf(kept)).toEqual(['/FlateDecode']);
    expect(contentOf(kept)).toBe(inline);
    const read = await PDFDocument.load(await kept.save(), { updateMetadata: false });
    expect(contentOf(read)).toBe(inline);
  });

  it('changes nothing in a print already in its one form', async () => {
    const doc = await chromiumLike(false);
    canonicalize(doc);
    const once = await doc.save();
    const again = await PDFDocument.load(once, { updateMetadata: false });
    canonicalize(again);
    expect(Buffer.from(await again.save()).equals(Buffer.from(once))).toBe(true);
  });
});
