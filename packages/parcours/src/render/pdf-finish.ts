/**
 * The finishing of a print, from Chromium's bytes to the PDF published: pdf-lib reads them once,
 * (for a recueil: checks that each sheet starts on the page its contents say), marks what is
 * drawn outside the tags as artifacts, tidies the structure, describes the links, titles the
 * bookmarks, sets the metadata with fixed dates, writes the one form of the print, and saves.
 * Nothing here touches a browser: it runs in the build's thread or in a worker of its own
 * (./pdf-finishers.ts), the same bytes either way.
 */
import { ParseSpeeds, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { canonicalize } from './pdf-canonical.ts';
import { describeLinks, markArtifacts, outlinePages, setOutlineTitles, tidyStructure, writeXmp } from './pdf-tags.ts';

export interface PdfMeta {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  /** Creation and modification date: the content's date, never "now"; none when it has no true date. */
  date: Date | undefined;
}

/** What the finishing needs from the printed page besides its bytes. */
export interface FinishInput {
  meta: PdfMeta;
  /** Link texts by address (a link inside the document: by its `#name`). */
  links: [string, string][];
  /** Heading texts, in order: the bookmarks' titles. */
  headings: string[];
  /** A recueil: the page each sheet should start on, by name, in order (from its contents). */
  starts?: [string, number][];
}

/** The PDF finished; or, for a recueil whose sheets start elsewhere than its contents say, where they do (to number the contents again and print anew). */
export type FinishOutput = { pdf: Uint8Array; pages: number } | { starts: [string, number][] };

/**
 * How a print is read back: at once. By default pdf-lib waits for a timer every 100 objects it
 * reads (and every 50 it writes), at least a millisecond each, and gives the thread to whatever
 * else waits meanwhile: a recueil of 21,000 objects took 0.5 s to read alone, up to 2 s in a
 * build, instead of 0.2 to 0.3; written back at once too. The same objects, the same bytes.
 */
const READ_AT_ONCE = { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest } as const;

export async function finishPrint(raw: Uint8Array, input: FinishInput): Promise<FinishOutput> {
  const doc = await PDFDocument.load(raw, READ_AT_ONCE);
  if (input.starts) {
    // The numbers come from the measure; the bookmarks say where each sheet really starts.
    const actual = sheetStarts(doc, input.starts.map(([name]) => name));
    if (actual && input.starts.some(([name, page]) => actual.get(name) !== page)) return { starts: [...actual] };
  }
  markArtifacts(doc);
  tidyStructure(doc);
  describeLinks(doc, new Map(input.links));
  setOutlineTitles(doc, input.headings);
  setMeta(doc, input.meta);
  // Last: the one form of this print, however Chromium cut its links (pdf-canonical.ts).
  canonicalize(doc);
  const pdf = await doc.save({ objectsPerTick: Infinity });
  return { pdf, pages: doc.getPageCount() };
}

/** The page each sheet starts on, from its title's bookmark (the top-level ones after the cover's). */
function sheetStarts(doc: PDFDocument, names: string[]): Map<string, number> | undefined {
  const top = outlinePages(doc).filter((o) => o.depth === 0).slice(1);
  if (top.length !== names.length) return undefined;
  return new Map(names.map((name, i) => [name, top[i]!.page]));
}

const PRODUCER = 'Parcours (Chromium, pdf-lib)';

/** Sets the metadata Chromium leaves out or stamps with "now" (info dictionary and XMP); keeps the tags it wrote. */
function setMeta(doc: PDFDocument, meta: PdfMeta): void {
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setProducer(PRODUCER);
  doc.setCreator('Parcours');
  if (meta.date) {
    doc.setCreationDate(meta.date);
    doc.setModificationDate(meta.date);
  } else {
    // No true date: none at all, not the one Chromium stamps (the time of printing).
    const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
    info.delete(PDFName.of('CreationDate'));
    info.delete(PDFName.of('ModDate'));
  }
  doc.setLanguage('fr-FR');
  writeXmp(doc, { ...meta, language: 'fr-FR', producer: PRODUCER, creator: 'Parcours' });
}
