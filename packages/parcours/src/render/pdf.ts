/**
 * Printing the sheets: ONE headless Chromium prints every page (a sheet, or a recueil holding
 * them all) to A4 (two pages in parallel). Before printing, the page gets its page boxes (the
 * running band and the footer, drawn in the margins) and each sheet is fitted to its pages
 * (sheet-fit.ts); after, pdf-lib finishes what Chromium leaves out (pdf-finish.ts; a large
 * recueil in a thread of its own: pdf-finishers.ts): artifacts, RoleMap, link texts, bookmark
 * titles, metadata with fixed dates, XMP, and the one form of the print (the same page gives
 * the same bytes).
 * PDFs are cached by a hash of everything that goes into them: an unchanged sheet is not
 * printed again, and a build where none changed starts no browser.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Page } from 'puppeteer';
import { cssString, pageBoxesCss } from '../core/print.ts';
import { sharedBrowser, type SharedBrowser } from './browser.ts';
import { splitByCache, writeAtomic } from './disk-cache.ts';
import { finishPrint, type FinishInput, type PdfMeta } from './pdf-finish.ts';
import { Finishers } from './pdf-finishers.ts';
import { outlinePages } from './pdf-tags.ts';
import { fitSheetsInPage, pageFactsInPage, pagesOfInPage, type SheetLayout } from './sheet-fit.ts';

export type { SheetLayout } from './sheet-fit.ts';

/** Bump when printing or finishing changes, so cached PDFs are printed again. */
const PRINTER_VERSION = 6;

/** A4 and its margins, in millimetres: the page boxes live in the margins. */
export const PAGE = { width: 210, height: 297, top: 15, bottom: 13, side: 13 } as const;
const PX_PER_MM = 96 / 25.4;
/** The content box of a page, in CSS pixels (what the fitting measures against). */
const CONTENT = { width: (PAGE.width - 2 * PAGE.side) * PX_PER_MM, height: (PAGE.height - PAGE.top - PAGE.bottom) * PX_PER_MM };
/** The least a sheet's last page should hold. */
const MIN_LAST_FILL = 1 / 3;

export type { PdfMeta } from './pdf-finish.ts';

export interface PrintJob {
  name: string;
  /** The page to print (served locally). */
  url: string;
  /** Everything the page's look depends on (its HTML and CSS, or their digest), for the cache key. */
  inputs: string;
  /** The footer's left part: online address, version, date. */
  footer: string;
  /** A page holding several sheets (a recueil): each sheet's footer, by sheet name. */
  footers?: Record<string, string>;
  /** A recueil: number its table of contents (`.toc-page[data-sheet]`) with the pages of each sheet. */
  toc?: boolean;
  /** Texts only the printing knows (a recueil's date), set into the page's `[data-print-text="<key>"]` before it is laid out. */
  texts?: Record<string, string>;
  /** Sheets already fitted when printed alone, by name: laid out the same, without measuring again. */
  fits?: Record<string, SheetLayout>;
  meta: PdfMeta;
}

export interface PrintStats {
  printed: number;
  reused: number;
  browserStarted: boolean;
}

export interface PrintedPdf {
  pdf: Uint8Array;
  /** One per sheet in the page, as fitted. */
  layouts: SheetLayout[];
  /** Pages of the PDF. */
  pages: number;
}

/**
 * Chromium's bytes from which a print is finished in a thread of its own, when two tabs print
 * at once (the thread leaves the build's own to drive the other tab): a recueil of many sheets.
 * A sheet (60 to 200 KB, 20 ms) or a small recueil is finished in the build's thread: handing
 * it to a thread cost more than it saved (a three-journey content: its sheets 0.3 s slower, the
 * threads loading pdf-lib while Astro renders). A batch printed one page at a time (the large
 * recueils) is finished in the build's thread whatever its size: nothing else waits on it then,
 * and a thread's heap of its own was 50 MB more at a build's highest memory (500 journeys,
 * docs/mesures.md).
 */
const FINISH_APART_BYTES = 1_000_000;

/** The options every page is printed with: the page size and margins come from the page's CSS. */
export function pdfOptions(_footer?: string) {
  return { preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false, tagged: true, outline: true } as const;
}

export function printKey(job: PrintJob): string {
  return createHash('sha256')
    .update(JSON.stringify({ inputs: job.inputs, footer: job.footer, footers: job.footers, toc: job.toc, texts: job.texts, fits: job.fits, meta: { ...job.meta, date: job.meta.date?.toISOString() ?? null }, printer: PRINTER_VERSION, page: PAGE }))
    .digest('hex');
}

interface BandFacts {
  name: string;
  kicker: string;
  bandName: string;
  wiki: string | undefined;
  accent: string;
  filled: boolean;
}

/** The page boxes of every sheet of the page, each sheet on its own named pages. */
function pageCss(bands: BandFacts[], job: PrintJob): string {
  const rules = [`@page { size: A4; margin: ${PAGE.top}mm ${PAGE.side}mm ${PAGE.bottom}mm; }`];
  bands.forEach((band, i) => {
    const page = `fiche-${i + 1}`;
    rules.push(
      pageBoxesCss({ page, band: { kicker: band.kicker, name: band.bandName, ...(band.wiki ? { wiki: band.wiki } : {}) }, accent: band.accent, filled: band.filled, footer: job.footers?.[band.name] ?? job.footer }),
      `.sheet-doc[data-sheet=${cssString(band.name)}] { page: ${page}; }`,
    );
  });
  return rules.join('\n');
}

/** Tabs set to print (media, width): settings a tab keeps from one page to the next. */
const setForPrint = new WeakSet<Page>();

/**
 * Prints one page in an open browser tab: page boxes, fitting, (table of contents,) print,
 * finishing. What the naive benchmark way calls too, so that both ways do the same work.
 */
export async function printPage(page: Page, job: PrintJob, finishers?: Finishers): Promise<PrintedPdf> {
  // Print media and the printed width before the page loads, so that it is laid out once as
  // printed; both hold for the tab's next pages (a tab prints a batch).
  if (!setForPrint.has(page)) {
    await page.emulateMediaType('print');
    await page.setViewport({ width: Math.ceil(CONTENT.width), height: Math.ceil(CONTENT.height) });
    setForPrint.add(page);
  }
  await page.goto(job.url, { waitUntil: 'load' });
  // Every picture loaded and decoded before measuring (the site's pictures load lazily); then
  // each sheet's band. One round trip, and one for the page boxes and texts below: with each
  // step its own (puppeteer's `$$eval` and `addStyleTag` several each), a tab waited on this
  // thread, busy finishing the other's print (docs/mesures.md).
  const bands: BandFacts[] = await page.evaluate(async () => {
    const images = Array.from(document.images);
    for (const img of images) img.loading = 'eager';
    await Promise.all([document.fonts.ready, ...images.map((img) => img.decode().catch(() => undefined))]);
    return Array.from(document.querySelectorAll<HTMLElement>('.sheet-doc'), ({ dataset: data }) => ({
      name: data.sheet ?? '',
      kicker: data.bandKicker ?? '',
      bandName: data.bandName ?? '',
      wiki: data.bandWiki,
      accent: data.accent ?? '#000000',
      filled: data.filled !== undefined,
    }));
  });
  await page.evaluate(
    (css: string, entries: [string, string][]) => {
      const style = document.createElement('style');
      style.textContent = css;
      document.head.append(style);
      for (const [key, text] of entries) for (const slot of document.querySelectorAll(`[data-print-text="${CSS.escape(key)}"]`)) slot.textContent = text;
    },
    pageCss(bands, job),
    Object.entries(job.texts ?? {}),
  );
  const layouts = await page.evaluate(fitSheetsInPage, { width: CONTENT.width, height: CONTENT.height, minLastFill: MIN_LAST_FILL, ...(job.fits ? { given: job.fits } : {}) });
  let starts: Map<string, number> | undefined;
  if (job.toc) {
    // Cover, then the contents, then each sheet on the pages it was fitted to.
    const front = 1 + (await page.evaluate(pagesOfInPage, { selector: '.recueil-toc', width: CONTENT.width, height: CONTENT.height }));
    starts = new Map();
    let next = front + 1;
    for (const layout of layouts) {
      starts.set(layout.name, next);
      next += layout.pages;
    }
    await numberContents(page, starts);
  }
  const facts = await page.evaluate(pageFactsInPage);
  const input: FinishInput = { meta: job.meta, links: facts.links, headings: facts.headings, ...(starts ? { starts: [...starts] } : {}) };
  // A large print in a thread of its own when the printing has some (./pdf-finishers.ts): the same bytes.
  const finish = (raw: Uint8Array, given: FinishInput) => (finishers && raw.length >= FINISH_APART_BYTES ? finishers.finish(raw, given) : finishPrint(raw, given));
  let finished = await finish(await page.pdf(pdfOptions()), input);
  if ('starts' in finished) {
    // A sheet starts elsewhere than the measure said: the contents are numbered from the PDF's bookmarks, and printed again.
    await numberContents(page, new Map(finished.starts));
    const { starts: _measured, ...numbered } = input;
    finished = await finish(await page.pdf(pdfOptions()), numbered);
    if ('starts' in finished) throw new Error('unreachable: a print without contents to check');
  }
  return { pdf: finished.pdf, layouts, pages: finished.pages };
}

async function numberContents(page: Page, starts: Map<string, number>): Promise<void> {
  await page.evaluate((entries: [string, number][]) => {
    for (const [name, n] of entries) {
      const cell = document.querySelector(`.toc-page[data-sheet="${CSS.escape(name)}"]`);
      if (cell) cell.textContent = String(n);
    }
  }, [...starts]);
}

/** One Chromium for several batches of printing, started only when a batch needs it (the build's own, shared with the diagrams). */
export type Printer = SharedBrowser;

export const openPrinter = (): Printer => sharedBrowser();

/**
 * Tabs readied ahead (`ready`) while Chromium has nothing else to do (the build readies them
 * while Astro renders the site), and kept from one batch of printing to the next unless
 * retired. The first print in a browser costs a tenth of a second more than the next (Chromium
 * sets its printing up), and a new tab 45 ms (docs/mesures.md).
 */
export class PrintTabs {
  readonly #printer: Printer;
  readonly #idle: Page[] = [];
  /** A thread per tab, started when a large print needs one, to finish it (./pdf-finishers.ts). */
  readonly finishers = new Finishers(PRINTING_TABS);
  #readying: Promise<void> | undefined;
  #closed = false;

  constructor(printer: Printer) {
    this.#printer = printer;
  }

  /** Opens `count` tabs and prints an empty page in each; a failure here is left to the first real print to meet. */
  ready(count = PRINTING_TABS): Promise<void> {
    this.#readying ??= (async () => {
      const browser = await this.#printer.browser();
      const tabs = await Promise.all(
        Array.from({ length: count }, async () => {
          const page = await browser.newPage();
          await page.setContent('<!doctype html><html lang="fr"><title>Impression</title><p>Impression</p></html>');
          await page.pdf(pdfOptions());
          return page;
        }),
      );
      if (this.#closed) await Promise.all(tabs.map((page) => page.close().catch(() => undefined)));
      else this.#idle.push(...tabs);
    })().catch(() => undefined);
    return this.#readying;
  }

  /** A tab to print in: one readied or left by an earlier batch, else a new one. */
  async take(): Promise<Page> {
    await this.#readying;
    return this.#idle.pop() ?? (await (await this.#printer.browser()).newPage());
  }

  /** A tab that printed without failing, for the next batch. */
  give(page: Page): void {
    if (this.#closed) void page.close().catch(() => undefined);
    else this.#idle.push(page);
  }

  /**
   * Closes the tabs kept so far: the next batch prints in new ones. A tab that printed sixty
   * sheets keeps more memory than a new one, and a recueil printed in it adds its own.
   */
  async retire(): Promise<void> {
    await this.#readying;
    await Promise.all(this.#idle.splice(0).map((page) => page.close().catch(() => undefined)));
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([this.retire(), this.finishers.close()]);
  }
}

/** Tabs that print at once: one per core of the machine this was measured on (two). */
const PRINTING_TABS = 2;

/**
 * Prints every job, from the cache when possible; the browser starts only for what is missing
 * (`printer`: a browser shared with other batches, which the caller closes).
 */
export async function printPdfs(
  jobs: PrintJob[],
  options: { cacheDir: string; concurrency?: number; onProgress?: (done: number, total: number) => void; printer?: Printer; tabs?: PrintTabs },
): Promise<{ pdfs: Map<string, Uint8Array>; layouts: Map<string, SheetLayout[]>; stats: PrintStats }> {
  const pdfs = new Map<string, Uint8Array>();
  const layouts = new Map<string, SheetLayout[]>();
  // A cached PDF counts only with its layout report beside it (`<key>.json`).
  const reportOf = (pdfFile: string) => pdfFile.replace(/\.pdf$/, '.json');
  const split = splitByCache(jobs, options.cacheDir, printKey, '.pdf');
  const fileOf = (job: PrintJob) => join(options.cacheDir, `${printKey(job)}.pdf`);
  const hits = split.hits.filter(({ item }) => existsSync(reportOf(fileOf(item))));
  const missing = [...split.misses, ...split.hits.filter((hit) => !hits.includes(hit)).map(({ item }) => ({ item, file: fileOf(item) }))];
  let done = 0;
  for (const { item, data } of hits) {
    pdfs.set(item.name, data);
    layouts.set(item.name, JSON.parse(readFileSync(reportOf(fileOf(item)), 'utf8')) as SheetLayout[]);
    options.onProgress?.(++done, jobs.length);
  }
  const stats: PrintStats = { printed: missing.length, reused: hits.length, browserStarted: missing.length > 0 };
  if (missing.length === 0) return { pdfs, layouts, stats };

  const own = options.printer || options.tabs ? undefined : openPrinter();
  const tabs = options.tabs ?? new PrintTabs(options.printer ?? own!);
  const printing = Math.max(1, Math.min(options.concurrency ?? PRINTING_TABS, missing.length));
  // Threads to finish in only while another tab prints (FINISH_APART_BYTES).
  const finishers = printing > 1 ? tabs.finishers : undefined;
  try {
    let next = 0;
    const worker = async () => {
      const page = await tabs.take();
      try {
        while (next < missing.length) {
          const { item: job, file } = missing[next++]!;
          const printed = await printPage(page, job, finishers);
          writeAtomic(reportOf(file), `${JSON.stringify(printed.layouts, null, 2)}\n`);
          writeAtomic(file, printed.pdf);
          pdfs.set(job.name, printed.pdf);
          layouts.set(job.name, printed.layouts);
          options.onProgress?.(++done, jobs.length);
        }
      } catch (error) {
        // Not given back: a tab whose print failed may be in any state.
        await page.close().catch(() => undefined);
        throw error;
      }
      tabs.give(page);
    };
    await Promise.all(Array.from({ length: printing }, worker));
  } finally {
    if (!options.tabs) await tabs.close();
    await own?.close();
  }
  return { pdfs, layouts, stats };
}

/** The titles of a PDF's bookmarks, depth first, with their depth and page (for tests and checks). */
export async function bookmarks(bytes: Uint8Array): Promise<{ title: string; page: number; depth: number }[]> {
  return outlinePages(await PDFDocument.load(bytes, { updateMetadata: false }));
}

/** The titles of a PDF's top-level bookmarks (for tests and checks). */
export async function bookmarkTitles(bytes: Uint8Array): Promise<string[]> {
  return (await bookmarks(bytes)).filter((b) => b.depth === 0).map((b) => b.title);
}
