/** The sheets stage of a build: print every "Fiche pratique" from the built site, then the collection. */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { procedureUrl, RECUEIL_URL, sheetPrintUrl, sheetUrl, type Project, type Sheet } from '../core/index.ts';
import { buildCollection, printPdfs, type PrintStats } from '../render/pdf.ts';
import { serveDir } from '../render/static-server.ts';
import { frenchDate, sourceDate } from './source-date.ts';

export interface PrintedSheet {
  sheet: Sheet;
  /** Path inside the site folder, e.g. `fiches/activation-carte.pdf`. */
  file: string;
  title: string;
  date: Date;
}

/** The HTML of a built page and of the stylesheets it links: what its print depends on. */
function pageInputs(siteDir: string, page: string): string {
  const html = readFileSync(join(siteDir, page, 'index.html'), 'utf8');
  const css = [...html.matchAll(/<link[^>]+href="(\/[^"]+\.css)"/g)].map((m) => readFileSync(join(siteDir, m[1]!), 'utf8'));
  return [html, ...css].join('\n');
}

export async function printSheets(
  project: Project,
  options: {
    /** The sheets, computed once per build (the site's sheet pages use the same list). */
    sheets: Sheet[];
    siteDir: string;
    cacheDir: string;
    /** The content project (for the sheets' dates, from its git history). */
    root: string;
    /** The publisher: the PDFs' author (a brand's sheet: the brand). */
    publisher: string;
    collectionTitle: string;
    keywords: string[];
    /** The public address: without it, no online address in the footer. */
    siteUrl?: string;
    sourceDateEpoch?: number;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<{ printed: PrintedSheet[]; collection: string; stats: PrintStats }> {
  // National sheets first, then each brand's, for the collection's order.
  const sheets = [...options.sheets].sort((a, b) => Number(Boolean(a.brand)) - Number(Boolean(b.brand)) || a.name.localeCompare(b.name));
  const server = await serveDir(options.siteDir);
  try {
    const printed: PrintedSheet[] = [];
    const jobs = sheets.map((sheet) => {
      const date = sourceDate(sheet.files, options.root, options.sourceDateEpoch);
      const title = `Fiche pratique : ${sheet.brand ? `${sheet.brand.name} : ` : ''}${sheet.procedure.title}`;
      printed.push({ sheet, file: sheetUrl(sheet.name), title, date });
      const online = options.siteUrl ? new URL(procedureUrl(sheet.procedure.id), options.siteUrl).href : undefined;
      return {
        name: sheet.name,
        url: `${server.url}/${sheetPrintUrl(sheet.name)}`,
        inputs: pageInputs(options.siteDir, sheetPrintUrl(sheet.name)),
        footer: `${online ? `Version en ligne : ${online} — version` : 'Version'} ${sheet.version} du ${frenchDate(date)}`,
        meta: {
          title,
          author: sheet.brand?.name ?? options.publisher,
          subject: sheet.procedure.description ?? sheet.procedure.title,
          keywords: [...options.keywords, 'fiche pratique', sheet.procedure.id, ...(sheet.brand ? [sheet.brand.name] : [])],
          date,
        },
      };
    });
    const { pdfs, stats } = await printPdfs(jobs, { cacheDir: options.cacheDir, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    mkdirSync(join(options.siteDir, 'fiches'), { recursive: true });
    for (const p of printed) writeFileSync(join(options.siteDir, p.file), pdfs.get(p.sheet.name)!);
    const latest = new Date(Math.max(...printed.map((p) => p.date.getTime())));
    const collection = await buildCollection(
      printed.map((p) => ({ title: p.title, pdf: pdfs.get(p.sheet.name)! })),
      { title: options.collectionTitle, author: options.publisher, subject: `${options.collectionTitle} : toutes les fiches pratiques en un seul fichier`, keywords: [...options.keywords, 'fiches pratiques', 'recueil'], date: latest },
    );
    writeFileSync(join(options.siteDir, RECUEIL_URL), collection);
    return { printed, collection: RECUEIL_URL, stats };
  } finally {
    await server.close();
  }
}
