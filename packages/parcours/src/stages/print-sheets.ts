/**
 * The sheets stage of a build: print every "Fiche pratique" from the built site, then the
 * recueils (all sheets; and one per brand), each ONE document printed by Chromium from its own
 * page of the site (src/pages/fiches/[recueil].astro, made of the sheets' components): a cover,
 * a table of contents with page numbers, the sheets in the order of the journeys, tagged and
 * bookmarked as a whole.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  basePath,
  frenchSpacing,
  procedureUrl,
  recueilFile,
  recueilsOf,
  recueilTitle as titleOf,
  sheetPrintUrl,
  sheetsInJourneyOrder,
  sheetTitle,
  sheetUrl,
  shortAddress,
  type Origin,
  type Project,
  type Recueil,
  type Sheet,
} from '../core/index.ts';
import { openPrinter, printPdfs, PrintTabs, type Printer, type PrintJob, type PrintStats, type SheetLayout } from '../render/pdf.ts';
import { serveDir } from '../render/static-server.ts';
import { frenchDate, sourceDates } from './source-date.ts';

export interface PrintedSheet {
  sheet: Sheet;
  /** Path inside the site folder, e.g. `fiches/activation-carte.pdf`. */
  file: string;
  title: string;
  /** Undefined when the sheet has no true date (see source-date.ts): none is printed. */
  date: Date | undefined;
  /** How the sheet was laid out on its pages. */
  layout: SheetLayout;
}

export interface PrintedRecueil {
  recueil: Recueil;
  /** Path inside the site folder, e.g. `fiches/recueil.pdf`. */
  file: string;
  title: string;
}

/** A sheet that needs more than two pages: what the editor should shorten. */
export interface SheetWarning {
  /** The procedure's id and its file. */
  procedure: string;
  file: string;
  sheet: string;
  pages: number;
  /** The last step that ends on page 2 (1-based), and its beginning. */
  step: number;
  /** Where that step is written (file and path in it: the loader's `locate` gives line and column). */
  origin: Origin;
  stepLabel: string;
  /** The height of what lies beyond page 2, in millimetres. */
  overflowMm: number;
  /** The warning, in French, for the build's output. */
  message: string;
}

/** The layout report kept beside the cache, for `parcours check` (which cannot print). */
export const LAYOUT_REPORT = 'mise-en-page.json';

/**
 * Sheets in a recueil from which recueils are printed one at a time. A recueil's page holds all
 * its sheets, laid out and printed at once: 134 sheets take a quarter of a gigabyte in their
 * tab, and two such recueils at once made the highest memory of a build of 500 journeys (1,123
 * to 1,253 MiB instead of about 1,000, docs/mesures.md). One at a time, each finished in the
 * build's thread before the next prints (../render/pdf.ts, FINISH_APART_BYTES), in new tabs.
 * Smaller recueils (a content of three journeys: 10 sheets) print two at a time, in the sheets'
 * tabs.
 */
export const RECUEIL_ALONE_FROM_SHEETS = 40;

/** The HTML of a built page and of the stylesheets it links: what its print depends on. */
function pageInputs(siteDir: string, page: string, base: string): string {
  const html = readFileSync(join(siteDir, page, 'index.html'), 'utf8');
  // Addressed under the path the site is published under ("/aide/_astro/x.css" is "_astro/x.css" in siteDir).
  const css = [...html.matchAll(/<link[^>]+href="(\/[^"]+\.css)"/g)].map((m) => readFileSync(join(siteDir, m[1]!.slice(base.length)), 'utf8'));
  // Their digest: a recueil's page holds all its sheets and their pictures, megabytes that the
  // print's key would otherwise copy and escape (printKey's JSON) before hashing them.
  return createHash('sha256').update([html, ...css].join('\n')).digest('hex');
}

/** The French warning for a sheet longer than two pages. */
export function overflowWarning(sheet: Sheet, layout: SheetLayout): SheetWarning | undefined {
  if (layout.pages <= 2 || !layout.page2End) return undefined;
  const { step, label } = layout.page2End;
  const overflowMm = layout.overflowMm ?? 0;
  return {
    procedure: sheet.procedure.id,
    file: sheet.procedure.origin.file,
    sheet: sheet.name,
    pages: layout.pages,
    step,
    origin: sheet.procedure.steps[step - 1]?.origin ?? sheet.procedure.origin,
    stepLabel: label,
    overflowMm,
    message: frenchSpacing(
      `La fiche « ${sheetTitle(sheet)} » (${sheet.procedure.origin.file}) tient sur ${layout.pages} pages au lieu de deux : ` +
        `la page 2 se termine à l’étape ${step}${label ? ` (« ${label} »)` : ''}, et ${overflowMm}\u00a0mm de contenu passent au-delà. ` +
        'Raccourcissez les étapes suivantes ou scindez la procédure.',
    ),
  };
}

export interface PrintOptions {
  /** The sheets, computed once per build (the site's sheet pages use the same list). */
  sheets: Sheet[];
  siteDir: string;
  cacheDir: string;
  /** The content project (its git history dates the sheets). */
  root: string;
  /** The publisher: author of the national sheets and of the recueils (a brand's sheet: the brand). */
  publisher: string;
  collectionTitle: string;
  /** Added to every PDF's keywords. */
  keywords: string[];
  language: string;
  /** The public address printed on the sheets; absent when the site has none (no online address then). */
  siteUrl?: string;
  sourceDateEpoch?: number;
  onProgress?: (done: number, total: number) => void;
  /** Every sheet printed (or taken from the cache), before the recueils. */
  onSheets?: () => void;
  /** The build's Chromium (shared with the diagrams; its owner closes it); else one of its own, started only if a sheet needs printing. */
  printer?: Printer;
  /** Tabs of the build's Chromium readied while the site was rendered (its owner closes them); else tabs kept from the sheets to the recueils. */
  tabs?: PrintTabs;
}

/**
 * Prints every sheet and the recueils into `siteDir/fiches/`. Returns what was printed, how
 * each sheet was laid out, and a warning for each sheet longer than two pages (as data: the
 * build prints them and counts them in its summary).
 */
export async function printSheets(
  project: Project,
  options: PrintOptions,
): Promise<{ printed: PrintedSheet[]; recueils: PrintedRecueil[]; collection: string; warnings: SheetWarning[]; stats: PrintStats; sizes: Map<string, number> }> {
  const identity = { title: options.collectionTitle, author: options.publisher };
  const siteUrl = options.siteUrl;
  const sheets = sheetsInJourneyOrder(project, options.sheets);
  const dateOf = sourceDates(options.root, options.sourceDateEpoch);
  const dates = new Map(sheets.map((s) => [s.name, dateOf(s.files, s.procedure.reviewed)]));
  const footerOf = (sheet: Sheet) => {
    const date = dates.get(sheet.name);
    const version = `version ${sheet.version}${date ? ` du ${frenchDate(date)}` : ''}`;
    return siteUrl ? `Version en ligne : ${shortAddress(new URL(procedureUrl(sheet.procedure.id), siteUrl).href)} — ${version}` : `Fiche pratique, ${version}`;
  };
  const recueils = recueilsOf(project, sheets);
  // The latest of the sheets' dates; none when no sheet has one.
  const latestOf = (list: Sheet[]) => {
    const times = list.map((s) => dates.get(s.name)?.getTime()).filter((t): t is number => t !== undefined);
    return times.length ? new Date(Math.max(...times)) : undefined;
  };
  const recueilTitle = (r: Recueil) => titleOf(r, identity.title);

  // Served under the path the site is published under: the print pages' stylesheets are addressed from it.
  const base = basePath(siteUrl);
  const server = await serveDir(options.siteDir, { base, unchanging: true });
  const own = options.printer || options.tabs ? undefined : openPrinter();
  // The sheets' tabs print the recueils after them.
  const tabs = options.tabs ?? new PrintTabs(options.printer ?? own!);
  try {
    const jobs: PrintJob[] = sheets.map((sheet) => ({
      name: sheet.name,
      url: `${server.url}/${sheetPrintUrl(sheet.name)}`,
      inputs: pageInputs(options.siteDir, sheetPrintUrl(sheet.name), base),
      footer: footerOf(sheet),
      meta: {
        title: `Fiche pratique : ${sheetTitle(sheet)}`,
        author: sheet.brand?.name ?? identity.author,
        subject: sheet.procedure.description ?? sheet.procedure.title,
        keywords: [...options.keywords, 'fiche pratique', sheet.procedure.id, ...(sheet.brand ? [sheet.brand.name] : [])],
        date: dates.get(sheet.name),
      },
    }));
    // The sheets first: the recueils lay each sheet out as it was fitted alone.
    const printedSheets = await printPdfs(jobs, { cacheDir: options.cacheDir, tabs, ...(options.onProgress ? { onProgress: (done) => options.onProgress!(done, jobs.length + recueils.length) } : {}) });
    options.onSheets?.();
    const fits = Object.fromEntries([...printedSheets.layouts].map(([name, list]) => [name, list[0]!]));
    // Large recueils in new tabs (a tab kept from the sheets holds more than a new one), one at a time.
    const large = recueils.some((recueil) => recueil.sheets.length >= RECUEIL_ALONE_FROM_SHEETS);
    if (large) await tabs.retire();
    const recueilJobs: PrintJob[] = recueils.map((recueil) => ({
      name: recueil.name,
      url: `${server.url}/${sheetPrintUrl(recueil.name)}`,
      inputs: pageInputs(options.siteDir, sheetPrintUrl(recueil.name), base),
      footer: '',
      footers: Object.fromEntries(recueil.sheets.map((s) => [s.name, footerOf(s)])),
      toc: true,
      // The cover's date: the latest of its sheets' (their content's history, known here only).
      // No date on the cover when no sheet has a true one (never « 1 janvier 2000 »).
      texts: { date: ((date) => (date ? ` — ${frenchDate(date)}` : ''))(latestOf(recueil.sheets)) },
      fits: Object.fromEntries(recueil.sheets.map((s) => [s.name, fits[s.name]!])),
      meta: {
        title: recueilTitle(recueil),
        author: identity.author,
        subject: `${recueil.sheets.length} fiches pratiques en un seul document, dans l’ordre des parcours`,
        keywords: [...options.keywords, 'fiches pratiques', 'recueil', ...(recueil.brand ? [recueil.brand.name] : [])],
        date: latestOf(recueil.sheets),
      },
    }));
    const printedRecueilPdfs = await printPdfs(recueilJobs, { cacheDir: options.cacheDir, tabs, concurrency: large ? 1 : 2, ...(options.onProgress ? { onProgress: (done) => options.onProgress!(jobs.length + done, jobs.length + recueils.length) } : {}) });
    const pdfs = new Map([...printedSheets.pdfs, ...printedRecueilPdfs.pdfs]);
    const layouts = printedSheets.layouts;
    const stats: PrintStats = {
      printed: printedSheets.stats.printed + printedRecueilPdfs.stats.printed,
      reused: printedSheets.stats.reused + printedRecueilPdfs.stats.reused,
      browserStarted: printedSheets.stats.browserStarted || printedRecueilPdfs.stats.browserStarted,
    };
    mkdirSync(join(options.siteDir, 'fiches'), { recursive: true });
    // Each PDF's length as written: the output's check compares it with the file on disk.
    const sizes = new Map<string, number>();
    const write = (file: string, pdf: Uint8Array) => {
      writeFileSync(join(options.siteDir, file), pdf);
      sizes.set(file, pdf.length);
    };
    const printed: PrintedSheet[] = sheets.map((sheet) => {
      const file = sheetUrl(sheet.name);
      write(file, pdfs.get(sheet.name)!);
      return { sheet, file, title: `Fiche pratique : ${sheetTitle(sheet)}`, date: dates.get(sheet.name), layout: layouts.get(sheet.name)![0]! };
    });
    const printedRecueils: PrintedRecueil[] = recueils.map((recueil) => {
      const file = recueilFile(recueil.name);
      write(file, pdfs.get(recueil.name)!);
      return { recueil, file, title: recueilTitle(recueil) };
    });
    const warnings = printed.map((p) => overflowWarning(p.sheet, p.layout)).filter((w): w is SheetWarning => w !== undefined);
    // For `parcours check`: the last build's layout of each sheet version.
    writeFileSync(
      join(options.cacheDir, LAYOUT_REPORT),
      `${JSON.stringify(printed.map((p) => ({ sheet: p.sheet.name, procedure: p.sheet.procedure.id, version: p.sheet.version, layout: p.layout, warning: overflowWarning(p.sheet, p.layout)?.message })), null, 2)}\n`,
    );
    return { printed, recueils: printedRecueils, collection: recueilFile('recueil'), warnings, stats, sizes };
  } finally {
    if (!options.tabs) await tabs.close();
    await own?.close();
    await server.close();
  }
}
