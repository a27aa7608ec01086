/**
 * The sheets stage of a build: print every "Fiche pratique" from the built site, then the
 * recueils (all sheets; and one per brand), each ONE document printed by Chromium from one
 * HTML page made of the sheets' own pages: a cover, a table of contents with page numbers,
 * the sheets in the order of the journeys, tagged and bookmarked as a whole.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  frenchSpacing,
  keepTogether,
  procedureUrl,
  recueilFile,
  recueilsOf,
  sheetPrintUrl,
  sheetsInJourneyOrder,
  sheetUrl,
  shortAddress,
  wordmarkSvg,
  type Origin,
  type Project,
  type Recueil,
  type Sheet,
} from '../core/index.ts';
import { openPrinter, printPdfs, type Printer, type PrintJob, type PrintStats, type SheetLayout } from '../render/pdf.ts';
import { serveDir } from '../render/static-server.ts';
import { frenchDate, sourceDate } from './source-date.ts';

export interface PrintedSheet {
  sheet: Sheet;
  /** Path inside the site folder, e.g. `fiches/activation-carte.pdf`. */
  file: string;
  title: string;
  date: Date;
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

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The HTML of a built page and of the stylesheets it links: what its print depends on. */
function pageInputs(siteDir: string, page: string): string {
  const html = readFileSync(join(siteDir, page, 'index.html'), 'utf8');
  const css = [...html.matchAll(/<link[^>]+href="(\/[^"]+\.css)"/g)].map((m) => readFileSync(join(siteDir, m[1]!), 'utf8'));
  return [html, ...css].join('\n');
}

const sheetTitle = (sheet: Sheet) => `${sheet.brand ? `${sheet.brand.name} : ` : ''}${sheet.procedure.title}`;

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

/** A recueil's page: a cover, the contents, then the sheets' own articles (taken from their built pages). */
function recueilHtml(recueil: Recueil, options: { siteDir: string; title: string; author: string; date: Date; language: string }): string {
  const css: string[] = [];
  const articles = recueil.sheets.map((sheet) => {
    const html = readFileSync(join(options.siteDir, sheetPrintUrl(sheet.name), 'index.html'), 'utf8');
    for (const m of html.matchAll(/<link[^>]+rel="stylesheet"[^>]*>|<link[^>]+href="\/[^"]+\.css"[^>]*>/g)) if (!css.includes(m[0])) css.push(m[0]);
    const start = html.indexOf('<article class="sheet-doc');
    const end = html.lastIndexOf('</article>');
    if (start < 0 || end < start) throw new Error(`La page de la fiche ${sheet.name} n’a pas de contenu à mettre dans le recueil.`);
    return html.slice(start, end + '</article>'.length);
  });
  const text = (t: string) => escapeHtml(frenchSpacing(t));
  // Amounts, phone numbers and short hyphenated words on one line, as in the sheets (Text.astro).
  const kept = (t: string) => keepTogether(frenchSpacing(t)).map((s) => (s.keep ? `<span class="nobr">${escapeHtml(s.text)}</span>` : escapeHtml(s.text))).join('');
  const brand = recueil.brand;
  const count = recueil.sheets.length;
  const contents = recueil.sheets
    .map((s) => `<li><a href="#fiche-${s.name}"><span class="toc-title">${kept(sheetTitle(s))}</span><span class="toc-leader" aria-hidden="true"></span><span class="toc-page" data-sheet="${s.name}"></span></a></li>`)
    .join('\n');
  return `<!doctype html>
<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'">
<title>${text(options.title)}</title>
${css.join('\n')}
<style>
.recueil-front { page: recueil-front; }
.recueil-cover { height: 240mm; display: flex; flex-direction: column; justify-content: center; gap: 4mm; break-after: page; border-left: 2.5mm solid ${brand?.color ?? '#1f3f73'}; padding-left: 10mm; }
.recueil-cover .wordmark { display: block; height: 20mm; width: auto; align-self: flex-start; }
.recueil-kicker { font-size: 11pt; font-weight: 700; text-transform: uppercase; letter-spacing: 0.06em; margin: 0; }
.recueil-cover h1 { font-size: 24pt; line-height: 1.15; margin: 0; }
.recueil-cover p { font-size: 12pt; margin: 0; }
.recueil-toc { font-size: 10.5pt; line-height: 1.4; break-after: page; }
.recueil-toc h2 { font-size: 16pt; margin: 0 0 6mm; }
.recueil-toc ol { list-style: none; margin: 0; padding: 0; }
.recueil-toc li { margin: 0 0 2.5mm; break-inside: avoid; }
.recueil-toc a { display: flex; align-items: last baseline; gap: 2mm; color: inherit; text-decoration: none; }
.toc-leader { flex: 1 1 auto; border-bottom: 0.3mm dotted #555; min-width: 8mm; }
.toc-page { flex: none; min-width: 7mm; text-align: right; font-weight: 700; }
</style>
</head>
<body class="sheet recueil">
<section class="recueil-front recueil-cover">
${brand ? wordmarkSvg(frenchSpacing(brand.name), brand.color ?? '#1f3f73') : ''}
<p class="recueil-kicker">Fiches pratiques</p>
<h1>${kept(options.title)}</h1>
<p>Publié par ${text(options.author)}${brand ? `, édition ${text(brand.name)}` : ''}</p>
<p>${count} fiche${count > 1 ? 's' : ''} — ${text(frenchDate(options.date))}</p>
</section>
<nav class="recueil-front recueil-toc" aria-labelledby="sommaire">
<h2 id="sommaire">Sommaire</h2>
<ol>
${contents}
</ol>
</nav>
${articles.join('\n')}
</body>
</html>
`;
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
  /** The build's Chromium (shared with the diagrams; its owner closes it); else one of its own, started only if a sheet needs printing. */
  printer?: Printer;
}

/**
 * Prints every sheet and the recueils into `siteDir/fiches/`. Returns what was printed, how
 * each sheet was laid out, and a warning for each sheet longer than two pages (as data: the
 * build prints them and counts them in its summary).
 */
export async function printSheets(
  project: Project,
  options: PrintOptions,
): Promise<{ printed: PrintedSheet[]; recueils: PrintedRecueil[]; collection: string; warnings: SheetWarning[]; stats: PrintStats }> {
  const identity = { title: options.collectionTitle, author: options.publisher };
  const siteUrl = options.siteUrl;
  const sheets = sheetsInJourneyOrder(project, options.sheets);
  const dates = new Map(sheets.map((s) => [s.name, sourceDate(s.files, options.root, options.sourceDateEpoch, s.procedure.reviewed)]));
  const footerOf = (sheet: Sheet) => {
    const version = `version ${sheet.version} du ${frenchDate(dates.get(sheet.name)!)}`;
    return siteUrl ? `Version en ligne : ${shortAddress(new URL(procedureUrl(sheet.procedure.id), siteUrl).href)} — ${version}` : `Fiche pratique, ${version}`;
  };
  const recueils = recueilsOf(project, sheets);
  const latestOf = (list: Sheet[]) => new Date(Math.max(...list.map((s) => dates.get(s.name)!.getTime())));
  const recueilTitle = (r: Recueil) => (r.brand ? `${identity.title} — ${r.brand.name}` : identity.title);

  // The recueils' pages, written beside the sheets' own (fiches/recueil/…), printed like them.
  for (const recueil of recueils) {
    const dir = join(options.siteDir, sheetPrintUrl(recueil.name));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.html'), recueilHtml(recueil, { siteDir: options.siteDir, title: recueilTitle(recueil), author: identity.author, date: latestOf(recueil.sheets), language: options.language }));
  }

  const server = await serveDir(options.siteDir);
  const own = options.printer ? undefined : openPrinter();
  const printer = options.printer ?? own!;
  try {
    const jobs: PrintJob[] = sheets.map((sheet) => ({
      name: sheet.name,
      url: `${server.url}/${sheetPrintUrl(sheet.name)}`,
      inputs: pageInputs(options.siteDir, sheetPrintUrl(sheet.name)),
      footer: footerOf(sheet),
      meta: {
        title: `Fiche pratique : ${sheetTitle(sheet)}`,
        author: sheet.brand?.name ?? identity.author,
        subject: sheet.procedure.description ?? sheet.procedure.title,
        keywords: [...options.keywords, 'fiche pratique', sheet.procedure.id, ...(sheet.brand ? [sheet.brand.name] : [])],
        date: dates.get(sheet.name)!,
      },
    }));
    // The sheets first: the recueils lay each sheet out as it was fitted alone.
    const printedSheets = await printPdfs(jobs, { cacheDir: options.cacheDir, printer, ...(options.onProgress ? { onProgress: (done) => options.onProgress!(done, jobs.length + recueils.length) } : {}) });
    const fits = Object.fromEntries([...printedSheets.layouts].map(([name, list]) => [name, list[0]!]));
    const recueilJobs: PrintJob[] = recueils.map((recueil) => ({
      name: recueil.name,
      url: `${server.url}/${sheetPrintUrl(recueil.name)}`,
      inputs: pageInputs(options.siteDir, sheetPrintUrl(recueil.name)),
      footer: '',
      footers: Object.fromEntries(recueil.sheets.map((s) => [s.name, footerOf(s)])),
      toc: true,
      fits: Object.fromEntries(recueil.sheets.map((s) => [s.name, fits[s.name]!])),
      meta: {
        title: recueilTitle(recueil),
        author: identity.author,
        subject: `${recueil.sheets.length} fiches pratiques en un seul document, dans l’ordre des parcours`,
        keywords: [...options.keywords, 'fiches pratiques', 'recueil', ...(recueil.brand ? [recueil.brand.name] : [])],
        date: latestOf(recueil.sheets),
      },
    }));
    const printedRecueilPdfs = await printPdfs(recueilJobs, { cacheDir: options.cacheDir, printer, ...(options.onProgress ? { onProgress: (done) => options.onProgress!(jobs.length + done, jobs.length + recueils.length) } : {}) });
    const pdfs = new Map([...printedSheets.pdfs, ...printedRecueilPdfs.pdfs]);
    const layouts = printedSheets.layouts;
    const stats: PrintStats = {
      printed: printedSheets.stats.printed + printedRecueilPdfs.stats.printed,
      reused: printedSheets.stats.reused + printedRecueilPdfs.stats.reused,
      browserStarted: printedSheets.stats.browserStarted || printedRecueilPdfs.stats.browserStarted,
    };
    mkdirSync(join(options.siteDir, 'fiches'), { recursive: true });
    const printed: PrintedSheet[] = sheets.map((sheet) => {
      const file = sheetUrl(sheet.name);
      writeFileSync(join(options.siteDir, file), pdfs.get(sheet.name)!);
      return { sheet, file, title: `Fiche pratique : ${sheetTitle(sheet)}`, date: dates.get(sheet.name)!, layout: layouts.get(sheet.name)![0]! };
    });
    const printedRecueils: PrintedRecueil[] = recueils.map((recueil) => {
      const file = recueilFile(recueil.name);
      writeFileSync(join(options.siteDir, file), pdfs.get(recueil.name)!);
      return { recueil, file, title: recueilTitle(recueil) };
    });
    const warnings = printed.map((p) => overflowWarning(p.sheet, p.layout)).filter((w): w is SheetWarning => w !== undefined);
    // For `parcours check`: the last build's layout of each sheet version.
    writeFileSync(
      join(options.cacheDir, LAYOUT_REPORT),
      `${JSON.stringify(printed.map((p) => ({ sheet: p.sheet.name, procedure: p.sheet.procedure.id, version: p.sheet.version, layout: p.layout, warning: overflowWarning(p.sheet, p.layout)?.message })), null, 2)}\n`,
    );
    return { printed, recueils: printedRecueils, collection: recueilFile('recueil'), warnings, stats };
  } finally {
    await own?.close();
    await server.close();
  }
}
