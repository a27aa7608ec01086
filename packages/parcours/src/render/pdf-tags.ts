/**
 * PDF/UA finishing of Chromium's tagged PDFs, with pdf-lib's low-level objects:
 * - content that is neither tagged nor an artifact (the running band and footer drawn in the
 *   page margins, the decorative step numbers, backgrounds) is wrapped in `/Artifact` marked
 *   content, so a screen reader skips it and every mark on the page is accounted for;
 * - the structure types Chromium takes from PDF 2.0 (Strong, Em, Aside…) get a RoleMap to
 *   standard PDF 1.7 types; a <figure> around a picture and its caption becomes a Div (a
 *   Figure must carry an /Alt, and the picture inside carries it);
 * - links get /Contents (their text), pages /Tabs /S, bookmarks the heading texts as written
 *   (Chromium drops the space where a heading wraps), and the document XMP metadata with the
 *   PDF/UA identifier.
 */
import { decodePDFRawStream, PDFArray, PDFDict, PDFHeader, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';

// ---------------------------------------------------------------------------------------------
// Content streams: find what is drawn outside any marked content, and mark it as an artifact.

interface Op {
  name: string;
  /** Offset of the operator's first operand (or of the operator when it has none). */
  start: number;
  /** Offset just after the operator. */
  end: number;
}

const isSpace = (c: number) => c === 0 || c === 9 || c === 10 || c === 12 || c === 13 || c === 32;
const DELIMITERS = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));
const isRegular = (c: number) => !isSpace(c) && !DELIMITERS.has(c);

/** What a content stream's token is, to its readers: an operand (a string, an array or dictionary mark…), a name, a bare word (a number, a keyword or an operator), or a closing `>`/`>>`. */
export type TokenKind = 'operand' | 'name' | 'word' | 'close';

/**
 * Walks the tokens of a content stream, skipping comments and whitespace; stops early when
 * `visit` returns false. Strings, hexadecimal strings and names are whole tokens: a `/` or a
 * keyword inside a string is not one.
 */
export function scanContent(bytes: Uint8Array, visit: (kind: TokenKind, start: number, end: number) => boolean | void): void {
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i]!;
    const start = i;
    let kind: TokenKind;
    if (isSpace(c)) {
      i++;
      continue;
    } else if (c === 0x25 /* % */) {
      while (i < bytes.length && bytes[i] !== 10 && bytes[i] !== 13) i++;
      continue;
    } else if (c === 0x28 /* ( */) {
      kind = 'operand';
      let depth = 0;
      do {
        if (bytes[i] === 0x5c /* \ */) i++;
        else if (bytes[i] === 0x28) depth++;
        else if (bytes[i] === 0x29) depth--;
        i++;
      } while (depth > 0 && i < bytes.length);
    } else if (c === 0x3c /* < */) {
      kind = 'operand';
      if (bytes[i + 1] === 0x3c) i += 2;
      else {
        while (i < bytes.length && bytes[i] !== 0x3e) i++;
        i++;
      }
    } else if (c === 0x3e /* > */) {
      kind = 'close';
      i += bytes[i + 1] === 0x3e ? 2 : 1;
    } else if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) {
      kind = 'operand';
      i++;
    } else if (c === 0x2f /* / */) {
      kind = 'name';
      i++;
      while (i < bytes.length && isRegular(bytes[i]!)) i++;
    } else {
      kind = 'word';
      while (i < bytes.length && isRegular(bytes[i]!)) i++;
    }
    if (visit(kind, start, i) === false) return;
  }
}

/**
 * Whether the word at `start`–`end` is a number, read from its bytes (most words of a content
 * stream are coordinates: making each a string first took a tenth of a recueil's finishing).
 * A number is `[+-]?(\d+\.?\d*|\.\d+)`.
 */
function isNumber(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  if (bytes[i] === 0x2b /* + */ || bytes[i] === 0x2d /* - */) i++;
  let digits = 0;
  let dots = 0;
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c === 0x2e /* . */ && dots === 0) dots++;
    else return false;
  }
  return digits > 0;
}

/** A word's first byte that no operator starts with: a digit, a sign or a point. */
const startsLikeNumber = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;

/** The operators of a content stream with their byte ranges; undefined if it holds an inline image (left alone). */
export function contentOps(bytes: Uint8Array): Op[] | undefined {
  const ops: Op[] = [];
  let operandStart = -1;
  let inlineImage = false;
  scanContent(bytes, (kind, start, end) => {
    if (kind === 'close') return;
    const number = kind === 'word' && startsLikeNumber(bytes[start]!) && isNumber(bytes, start, end);
    const token = kind === 'word' && !number ? Buffer.from(bytes.subarray(start, end)).toString('latin1') : '';
    if (kind !== 'word' || number || token === 'true' || token === 'false' || token === 'null') {
      if (operandStart < 0) operandStart = start;
    } else if (token === 'BI') {
      inlineImage = true;
      return false;
    } else {
      ops.push({ name: token, start: operandStart >= 0 ? operandStart : start, end });
      operandStart = -1;
    }
  });
  return inlineImage ? undefined : ops;
}

const BARRIERS = new Set(['BT', 'ET', 'q', 'Q', 'BX', 'EX']);
const PATH_CONTINUE = new Set(['l', 'c', 'v', 'y', 'h', 'W', 'W*']);
const PATH_PAINT = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*']);
const SHOW = new Set(['Tj', 'TJ', "'", '"', 'Do', 'sh']);

/**
 * The byte ranges drawn outside any marked content: runs of painting operators (a path from
 * its first point to its painting, shown text, an image, a shading), cut at BT/ET, q/Q and
 * marked content so that each range nests properly.
 */
export function unmarkedRanges(ops: Op[]): [number, number][] {
  const ranges: [number, number][] = [];
  let depth = 0;
  let runStart = -1;
  let runEnd = -1;
  let pathStart = -1;
  const close = () => {
    if (runStart >= 0 && runEnd > runStart) ranges.push([runStart, runEnd]);
    runStart = runEnd = pathStart = -1;
  };
  for (const op of ops) {
    const name = op.name;
    if (name === 'BDC' || name === 'BMC') {
      close();
      depth++;
    } else if (name === 'EMC') {
      close();
      depth = Math.max(0, depth - 1);
    } else if (depth > 0) {
      continue;
    } else if (BARRIERS.has(name)) {
      close();
    } else if (name === 'm' || name === 're') {
      if (pathStart < 0) pathStart = op.start;
    } else if (PATH_CONTINUE.has(name)) {
      continue;
    } else if (PATH_PAINT.has(name)) {
      if (pathStart >= 0) {
        if (runStart < 0) runStart = pathStart;
        runEnd = op.end;
      }
      pathStart = -1;
    } else if (name === 'n') {
      pathStart = -1;
    } else if (SHOW.has(name)) {
      if (runStart < 0) runStart = op.start;
      runEnd = op.end;
    }
  }
  close();
  return ranges;
}

// Chromium draws a no-break space with the space glyph inside `/Span <</ActualText <feff00a0>>> BDC … EMC`:
// the text is a space either way, and readers (poppler among them) lose the rest of the
// enclosing tagged text after such a nested sequence.
const SPACE_ACTUAL_TEXT = /^\/Span\s*<<\s*\/ActualText\s*<feff(?:00a0|202f|2009)>\s*>>\s*BDC$/i;

/**
 * A content stream with its unmarked drawing wrapped in `/Artifact BMC … EMC`, and the
 * ActualText wrappers of no-break spaces removed (their glyph stays).
 */
export function markArtifactsIn(bytes: Uint8Array): Uint8Array {
  const ops = contentOps(bytes);
  if (!ops) return bytes;
  const edits: { at: number; to: number; insert: string }[] = [];
  // Wrappers to drop: the BDC and its matching EMC.
  const stack: boolean[] = [];
  const kept: Op[] = [];
  for (const op of ops) {
    if (op.name === 'BDC' || op.name === 'BMC') {
      const drop = op.name === 'BDC' && SPACE_ACTUAL_TEXT.test(Buffer.from(bytes.subarray(op.start, op.end)).toString('latin1'));
      stack.push(drop);
      if (drop) {
        edits.push({ at: op.start, to: op.end, insert: '' });
        continue;
      }
    } else if (op.name === 'EMC' && stack.pop()) {
      edits.push({ at: op.start, to: op.end, insert: '' });
      continue;
    }
    kept.push(op);
  }
  for (const [start, end] of unmarkedRanges(kept)) edits.push({ at: start, to: start, insert: '/Artifact BMC\n' }, { at: end, to: end, insert: '\nEMC\n' });
  if (!edits.length) return bytes;
  edits.sort((a, b) => a.at - b.at || a.to - b.to);
  const parts: Uint8Array[] = [];
  let last = 0;
  for (const edit of edits) {
    parts.push(bytes.subarray(last, edit.at), Buffer.from(edit.insert, 'latin1'));
    last = Math.max(last, edit.to);
  }
  parts.push(bytes.subarray(last));
  return Buffer.concat(parts);
}

/** Every page's content, its unmarked drawing marked as artifacts (one stream per page, uncompressed until `canonicalize`). */
export function markArtifacts(doc: PDFDocument): void {
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'));
    const streams = (contents instanceof PDFArray ? contents.asArray() : [contents]).map((o) => (o instanceof PDFRef ? doc.context.lookup(o) : o));
    if (!streams.length || !streams.every((s) => s instanceof PDFRawStream)) continue;
    const decoded = streams.map((s) => decodePDFRawStream(s as PDFRawStream).decode());
    const joined = decoded.length === 1 ? decoded[0]! : Buffer.concat(decoded.flatMap((d) => [d, Buffer.from('\n')]));
    const marked = markArtifactsIn(joined);
    if (marked === joined && decoded.length === 1) continue;
    // Left uncompressed: the finishing's last step writes every page's content compressed,
    // once (pdf-canonical.ts); compressing here too cost a fifth of a recueil's finishing.
    page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(marked)));
  }
}

// ---------------------------------------------------------------------------------------------
// The structure tree.

/** PDF 2.0 and HTML-ish types Chromium writes, and the standard PDF 1.7 type each plays. */
export const ROLE_MAP: Record<string, string> = {
  Strong: 'Span',
  Em: 'Span',
  Sub: 'Span',
  Aside: 'Div',
  DocumentFragment: 'Div',
  FENote: 'Note',
  Title: 'P',
};

const kidsOf = (doc: PDFDocument, node: PDFDict): PDFObject[] => {
  const k = node.get(PDFName.of('K'));
  const list = k instanceof PDFArray ? k.asArray() : k ? [k] : [];
  return list.map((o) => (o instanceof PDFRef ? doc.context.lookup(o) ?? o : o));
};

/** Every structure element, depth first, in reading order. */
export function structElements(doc: PDFDocument): PDFDict[] {
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const out: PDFDict[] = [];
  if (!root) return out;
  const seen = new Set<PDFDict>();
  const walk = (node: PDFDict) => {
    for (const kid of kidsOf(doc, node)) {
      if (!(kid instanceof PDFDict) || seen.has(kid) || !kid.has(PDFName.of('S'))) continue;
      seen.add(kid);
      out.push(kid);
      walk(kid);
    }
  };
  walk(root);
  return out;
}

const nameOf = (dict: PDFDict, key: string) => dict.get(PDFName.of(key))?.toString().replace(/^\//, '');

/** RoleMap for the non-standard types present; a Figure without /Alt that groups other elements becomes a Div. */
export function tidyStructure(doc: PDFDocument): void {
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return;
  const used = new Set<string>();
  for (const el of structElements(doc)) {
    const type = nameOf(el, 'S')!;
    used.add(type);
    if (type === 'Figure' && !el.has(PDFName.of('Alt')) && kidsOf(doc, el).some((k) => k instanceof PDFDict && k.has(PDFName.of('S')))) {
      el.set(PDFName.of('S'), PDFName.of('Div'));
    }
  }
  const roles = Object.entries(ROLE_MAP).filter(([from]) => used.has(from));
  if (roles.length) root.set(PDFName.of('RoleMap'), doc.context.obj(Object.fromEntries(roles.map(([from, to]) => [from, PDFName.of(to)]))));
}

/** The text of a PDF string or name. */
export const textOf = (o: PDFObject | undefined): string | undefined =>
  o instanceof PDFHexString || o instanceof PDFString ? o.decodeText() : o instanceof PDFName ? o.decodeText() : undefined;

/**
 * /Contents on every link annotation (its text, else its address), and /Tabs /S on every page
 * (the tab order follows the structure). `links` maps an address to the link's text.
 */
export function describeLinks(doc: PDFDocument, links: Map<string, string>): void {
  for (const page of doc.getPages()) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (!annots || annots.size() === 0) continue;
    page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
    for (let i = 0; i < annots.size(); i++) {
      const annot = annots.lookup(i);
      if (!(annot instanceof PDFDict) || nameOf(annot, 'Subtype') !== 'Link' || annot.has(PDFName.of('Contents'))) continue;
      const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
      const uri = action ? textOf(action.lookup(PDFName.of('URI'))) : undefined;
      const dest = textOf(annot.lookup(PDFName.of('Dest'))) ?? (action ? textOf(action.lookup(PDFName.of('D'))) : undefined);
      const label = (uri && links.get(uri)) ?? (dest && links.get(`#${dest}`)) ?? uri ?? (dest ? `Aller à « ${dest} »` : 'Lien');
      annot.set(PDFName.of('Contents'), PDFHexString.fromText(label));
    }
  }
}

/** Every bookmark, depth first (the order of the headings they come from). */
export function outlineItems(doc: PDFDocument): PDFDict[] {
  const out: PDFDict[] = [];
  const walk = (first: PDFDict | undefined, depth: number) => {
    for (let item = first; item && depth < 32; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      out.push(item);
      walk(item.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
    }
  };
  walk(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.lookupMaybe(PDFName.of('First'), PDFDict), 0);
  return out;
}

/**
 * Bookmark titles written as the headings are (`titles`, in document order): Chromium builds
 * them from the laid-out lines and loses the space where a heading wraps. Returns false (and
 * changes nothing) when the bookmarks and headings do not match one to one.
 */
export function setOutlineTitles(doc: PDFDocument, titles: string[]): boolean {
  const items = outlineItems(doc);
  if (items.length !== titles.length) return false;
  items.forEach((item, i) => item.set(PDFName.of('Title'), PDFHexString.fromText(titles[i]!)));
  return true;
}

/** Where each bookmark points: its page number (1-based), depth first. */
export function outlinePages(doc: PDFDocument): { title: string; page: number; depth: number }[] {
  const pages = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const out: { title: string; page: number; depth: number }[] = [];
  const walk = (first: PDFDict | undefined, depth: number) => {
    for (let item = first; item && depth < 32; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const dest = item.lookup(PDFName.of('Dest'));
      const target = dest instanceof PDFArray ? dest.get(0) : undefined;
      out.push({ title: textOf(item.lookup(PDFName.of('Title'))) ?? '', page: target instanceof PDFRef ? pages.get(target.toString()) ?? 0 : 0, depth });
      walk(item.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
    }
  };
  walk(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.lookupMaybe(PDFName.of('First'), PDFDict), 0);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Metadata.

export interface XmpFacts {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  language: string;
  /** None when the content has no true date: the packet then carries no date either. */
  date: Date | undefined;
  producer: string;
  creator: string;
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The XMP packet: Dublin Core title, creator, description, language; dates; the PDF/UA-1 identifier. */
export function xmpPacket(facts: XmpFacts): string {
  const date = facts.date?.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(facts.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${xml(facts.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(facts.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>${xml(facts.language)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>${xml(facts.keywords.join(', '))}</pdf:Keywords>
   <pdf:Producer>${xml(facts.producer)}</pdf:Producer>
   <xmp:CreatorTool>${xml(facts.creator)}</xmp:CreatorTool>
${date ? `   <xmp:CreateDate>${date}</xmp:CreateDate>\n   <xmp:ModifyDate>${date}</xmp:ModifyDate>\n   <xmp:MetadataDate>${date}</xmp:MetadataDate>\n` : ''}   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** Writes the XMP metadata stream (uncompressed, as readers expect) and declares PDF 1.7, PDF/UA's base. */
export function writeXmp(doc: PDFDocument, facts: XmpFacts): void {
  const bytes = Buffer.from(xmpPacket(facts), 'utf8');
  const stream = doc.context.stream(bytes, { Type: 'Metadata', Subtype: 'XML', Length: bytes.length });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
  doc.context.header = PDFHeader.forVersion(1, 7);
  const prefs = doc.catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict) ?? doc.context.obj({});
  prefs.set(PDFName.of('DisplayDocTitle'), doc.context.obj(true));
  doc.catalog.set(PDFName.of('ViewerPreferences'), prefs);
  doc.catalog.set(PDFName.of('MarkInfo'), doc.context.obj({ Marked: true }));
}
