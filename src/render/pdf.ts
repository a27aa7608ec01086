/**
 * Printing the sheets: ONE headless Chromium prints every sheet's page to an A4 PDF (two pages
 * in parallel), then pdf-lib sets what Chromium cannot (title, author, subject, keywords,
 * language, producer, fixed dates) and builds the collection with one bookmark per sheet.
 * PDFs are cached by a hash of everything that goes into them: an unchanged sheet is not
 * printed again, and a build where none changed starts no browser.
 */
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString, type PDFRef } from 'pdf-lib';
import { launchBrowser } from './browser.ts';
import { splitByCache, writeAtomic } from './disk-cache.ts';

/** Bump when printing or stamping changes, so cached PDFs are printed again. */
const PRINTER_VERSION = 1;

export interface PdfMeta {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  /** Creation and modification date: the content's date, never "now". */
  date: Date;
}

export interface PrintJob {
  name: string;
  /** The page to print (served locally). */
  url: string;
  /** Everything the page's look depends on (its HTML and CSS), for the cache key. */
  inputs: string;
  /** The footer's left part: online address, version, date. */
  footer: string;
  meta: PdfMeta;
}

export interface PrintStats {
  printed: number;
  reused: number;
  browserStarted: boolean;
}

const MARGIN = { top: '12mm', bottom: '16mm', left: '13mm', right: '13mm' };

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Chromium's footer: its own little document, so it carries its own font size and spacing. */
function footerTemplate(left: string): string {
  return `<div style="font-family:'Liberation Sans',Arial,sans-serif;font-size:7.5pt;color:#333;width:100%;padding:0 13mm;display:flex;justify-content:space-between;gap:6mm">
<span>${escapeHtml(left)}</span><span style="white-space:nowrap">page <span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
}

/** The options every sheet is printed with (also what the benchmark's naive way uses). */
export function pdfOptions(footer: string) {
  return {
    format: 'A4',
    printBackground: true,
    margin: MARGIN,
    displayHeaderFooter: true,
    headerTemplate: '<span></span>',
    footerTemplate: footerTemplate(footer),
    tagged: true,
    outline: true,
  } as const;
}

export function printKey(job: PrintJob): string {
  return createHash('sha256')
    .update(JSON.stringify({ inputs: job.inputs, footer: job.footer, meta: { ...job.meta, date: job.meta.date.toISOString() }, printer: PRINTER_VERSION, margin: MARGIN }))
    .digest('hex');
}

/** Sets the metadata Chromium leaves out or stamps with "now"; keeps the tags it wrote. */
export async function stampPdf(bytes: Uint8Array, meta: PdfMeta): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  setMeta(doc, meta);
  return doc.save();
}

function setMeta(doc: PDFDocument, meta: PdfMeta): void {
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setProducer('Parcours (Chromium, pdf-lib)');
  doc.setCreator('Parcours');
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  doc.setLanguage('fr-FR');
}

/** Prints every job, from the cache when possible; the browser starts only for what is missing. */
export async function printPdfs(
  jobs: PrintJob[],
  options: { cacheDir: string; concurrency?: number; onProgress?: (done: number, total: number) => void },
): Promise<{ pdfs: Map<string, Uint8Array>; stats: PrintStats }> {
  const pdfs = new Map<string, Uint8Array>();
  const { hits, misses: missing } = splitByCache(jobs, options.cacheDir, printKey, '.pdf');
  let done = 0;
  for (const { item, data } of hits) {
    pdfs.set(item.name, data);
    options.onProgress?.(++done, jobs.length);
  }
  const stats: PrintStats = { printed: missing.length, reused: jobs.length - missing.length, browserStarted: missing.length > 0 };
  if (missing.length === 0) return { pdfs, stats };

  const { browser, close } = await launchBrowser();
  try {
    let next = 0;
    const worker = async () => {
      const page = await browser.newPage();
      while (next < missing.length) {
        const { item: job, file } = missing[next++]!;
        await page.goto(job.url, { waitUntil: 'load' });
        const raw = await page.pdf(pdfOptions(job.footer));
        const pdf = await stampPdf(raw, job.meta);
        writeAtomic(file, pdf);
        pdfs.set(job.name, pdf);
        options.onProgress?.(++done, jobs.length);
      }
      await page.close();
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 2, missing.length)) }, worker));
  } finally {
    await close();
  }
  return { pdfs, stats };
}

/**
 * All sheets in one file, in the order given, with one bookmark per sheet pointing at its
 * first page. (Copying pages drops Chromium's structure tags: the single sheets keep theirs.)
 */
export async function buildCollection(sheets: { title: string; pdf: Uint8Array }[], meta: PdfMeta): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const firstPages: PDFRef[] = [];
  for (const sheet of sheets) {
    const source = await PDFDocument.load(sheet.pdf, { updateMetadata: false });
    const pages = await doc.copyPages(source, source.getPageIndices());
    pages.forEach((page, i) => {
      doc.addPage(page);
      if (i === 0) firstPages.push(page.ref);
    });
  }
  // The outline (bookmarks), written as PDF dictionaries: pdf-lib has no API for it.
  const outlinesRef = doc.context.nextRef();
  const itemRefs = sheets.map(() => doc.context.nextRef());
  sheets.forEach((sheet, i) => {
    const item = doc.context.obj({}) as PDFDict;
    item.set(PDFName.of('Title'), PDFHexString.fromText(sheet.title));
    item.set(PDFName.of('Parent'), outlinesRef);
    if (i > 0) item.set(PDFName.of('Prev'), itemRefs[i - 1]!);
    if (i < sheets.length - 1) item.set(PDFName.of('Next'), itemRefs[i + 1]!);
    const dest = PDFArray.withContext(doc.context);
    dest.push(firstPages[i]!);
    dest.push(PDFName.of('Fit'));
    item.set(PDFName.of('Dest'), dest);
    doc.context.assign(itemRefs[i]!, item);
  });
  const outlines = doc.context.obj({}) as PDFDict;
  outlines.set(PDFName.of('Type'), PDFName.of('Outlines'));
  if (itemRefs.length) {
    outlines.set(PDFName.of('First'), itemRefs[0]!);
    outlines.set(PDFName.of('Last'), itemRefs[itemRefs.length - 1]!);
  }
  outlines.set(PDFName.of('Count'), PDFNumber.of(itemRefs.length));
  doc.context.assign(outlinesRef, outlines);
  doc.catalog.set(PDFName.of('Outlines'), outlinesRef);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  setMeta(doc, meta);
  return doc.save();
}

/** The titles of a PDF's top-level bookmarks (for tests and checks). */
export async function bookmarkTitles(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const titles: string[] = [];
  let item = outlines?.lookupMaybe(PDFName.of('First'), PDFDict);
  while (item) {
    const title = item.lookup(PDFName.of('Title'));
    titles.push(title instanceof PDFHexString || title instanceof PDFString ? title.decodeText() : String(title));
    item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
  }
  return titles;
}
