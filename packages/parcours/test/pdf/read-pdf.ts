/**
 * Reading printed PDFs back for the tests, with poppler and pdf-lib only (never with the code
 * that wrote them): words with their boxes, the tagged text, the structure elements, links,
 * bookmarks, fonts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';

export const pdftotext = (file: string, ...args: string[]) => execFileSync('pdftotext', ['-enc', 'UTF-8', ...args, file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
export const pdfinfo = (file: string, ...args: string[]) => execFileSync('pdfinfo', [...args, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
export const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(pdfinfo(file))![1]);

/** `pdfinfo -struct`, with what poppler says on stderr (e.g. « StructElem object is wrong type »). */
export function structDump(file: string, option = '-struct'): { out: string; err: string } {
  try {
    const out = execFileSync('pdfinfo', [option, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    // execFileSync gives stderr only on failure: run again to catch warnings printed on success.
    const err = execFileSync('sh', ['-c', `pdfinfo ${option} "$1" 2>&1 >/dev/null`, 'sh', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return { out, err };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { out: e.stdout ?? '', err: e.stderr ?? String(error) };
  }
}

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}
export interface PageWords {
  width: number;
  height: number;
  words: Word[];
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Every word of every page with its box (points, from the top left), from `pdftotext -bbox`. */
export function words(file: string): PageWords[] {
  const html = pdftotext(file, '-bbox');
  return [...html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((p) => ({
    width: Number(p[1]),
    height: Number(p[2]),
    words: [...p[3]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((w) => ({
      xMin: Number(w[1]),
      yMin: Number(w[2]),
      xMax: Number(w[3]),
      yMax: Number(w[4]),
      text: unescape(w[5]!),
    })),
  }));
}

export const textOf = (o: PDFObject | undefined): string | undefined =>
  o instanceof PDFHexString || o instanceof PDFString ? o.decodeText() : undefined;

export interface StructElement {
  type: string;
  alt?: string;
  kids: StructElement[];
}

/** The structure tree as pdf-lib reads it (types as written, /Alt), and the RoleMap. */
export async function structTree(bytes: Uint8Array): Promise<{ root: StructElement[]; roleMap: Record<string, string> }> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  const resolve = (o: PDFObject | undefined) => (o instanceof PDFRef ? doc.context.lookup(o) : o);
  const walk = (node: PDFDict): StructElement[] => {
    const k = resolve(node.get(PDFName.of('K')));
    const kids = k instanceof PDFArray ? k.asArray().map(resolve) : k ? [k] : [];
    return kids
      .filter((kid): kid is PDFDict => kid instanceof PDFDict && kid.has(PDFName.of('S')))
      .map((kid) => {
        const alt = textOf(resolve(kid.get(PDFName.of('Alt'))));
        return { type: kid.get(PDFName.of('S'))!.toString().slice(1), ...(alt !== undefined ? { alt } : {}), kids: walk(kid) };
      });
  };
  const roles = root.lookupMaybe(PDFName.of('RoleMap'), PDFDict);
  const roleMap = Object.fromEntries((roles ? [...roles.entries()] : []).map(([k, v]) => [k.toString().slice(1), v.toString().slice(1)]));
  return { root: walk(root), roleMap };
}

export const flatten = (elements: StructElement[]): StructElement[] => elements.flatMap((e) => [e, ...flatten(e.kids)]);

/** Link annotations: their address (or destination) and /Contents. */
export async function linkAnnotations(bytes: Uint8Array): Promise<{ page: number; uri?: string; contents?: string; tabs?: string }[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const out: { page: number; uri?: string; contents?: string; tabs?: string }[] = [];
  doc.getPages().forEach((page, i) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (const a of annots?.asArray() ?? []) {
      const annot = doc.context.lookup(a);
      if (!(annot instanceof PDFDict) || annot.get(PDFName.of('Subtype'))?.toString() !== '/Link') continue;
      const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
      const uri = textOf(action?.lookup(PDFName.of('URI')));
      const contents = textOf(annot.lookup(PDFName.of('Contents')));
      const tabs = page.node.get(PDFName.of('Tabs'))?.toString();
      out.push({ page: i + 1, ...(uri ? { uri } : {}), ...(contents ? { contents } : {}), ...(tabs ? { tabs } : {}) });
    }
  });
  return out;
}

/** Bookmarks, depth first: title, depth and page (1-based). */
export async function outline(bytes: Uint8Array): Promise<{ title: string; depth: number; page: number }[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const pages = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const out: { title: string; depth: number; page: number }[] = [];
  const walk = (first: PDFDict | undefined, depth: number) => {
    for (let item = first; item; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const dest = item.lookup(PDFName.of('Dest'));
      const target = dest instanceof PDFArray ? dest.get(0) : undefined;
      out.push({ title: textOf(item.lookup(PDFName.of('Title'))) ?? '', depth, page: target instanceof PDFRef ? (pages.get(target.toString()) ?? 0) : 0 });
      walk(item.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
    }
  };
  walk(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.lookupMaybe(PDFName.of('First'), PDFDict), 0);
  return out;
}

/** Fonts of a PDF, from pdffonts: name and whether embedded. */
export function fonts(file: string): { name: string; embedded: boolean }[] {
  return execFileSync('pdffonts', [file], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      return { name: cols[0]!, embedded: cols.at(-5) === 'yes' };
    });
}

export const bytesOf = (file: string) => new Uint8Array(readFileSync(file));

/**
 * A regular expression for an address as printed: a line may break only after « / » or « . »
 * (pdftotext then puts a line break there); anywhere else the address is whole.
 */
export function printedAddress(address: string): RegExp {
  const body = [...address].map((ch) => ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') + (ch === '/' || ch === '.' ? '\\s*' : '')).join('');
  return new RegExp(body, 'g');
}

/** The French typographic spaces made plain, for comparing texts. */
export const plainSpaces = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/** Whether qpdf is installed (optional: the checks that use it are skipped without it). */
export const hasQpdf = (() => {
  try {
    execFileSync('qpdf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** The pages' content streams, uncompressed by qpdf (`--qdf`), in page order. */
export function pageContents(file: string): string[] {
  const qdf = execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, '-'], { maxBuffer: 256 * 1024 * 1024 }).toString('latin1');
  return qdf
    .split(/^%% Contents for page \d+\n/m)
    .slice(1)
    .map((stream) => stream.slice(stream.indexOf('stream\n') + 7, stream.indexOf('\nendstream')));
}

/**
 * The glyphs a PDF's pages show, and how many of them are shown alone (`<0029> Tj`, moved to
 * with a `Td` of their own) rather than in a run (`<00290048…> Tj`): Chromium writes text both ways.
 */
export function glyphRuns(file: string): { glyphs: number; alone: number } {
  let glyphs = 0;
  let alone = 0;
  for (const body of pageContents(file)) {
    for (const match of body.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) {
      const count = match[1]!.length / 4;
      glyphs += count;
      if (count === 1) alone++;
    }
  }
  return { glyphs, alone };
}

/**
 * Painting operators drawn outside any marked content (neither tagged nor artifact), found in
 * qpdf's uncompressed rewrite of the file: each content stream read line by line, counting
 * BDC/BMC and EMC.
 */
export function unmarkedPainting(file: string): string[] {
  const found: string[] = [];
  for (const body of pageContents(file)) {
    let depth = 0;
    for (const line of body.split('\n')) {
      const t = line.trim();
      if (/(?:BDC|BMC)$/.test(t)) depth++;
      else if (t === 'EMC') depth--;
      else if (depth === 0 && /(?:^|\s)(?:Tj|TJ|'|"|f\*?|F|S|s|B\*?|b\*?|Do|sh)$/.test(t)) found.push(t.slice(0, 60));
    }
  }
  return found;
}
