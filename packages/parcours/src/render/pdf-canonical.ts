/**
 * One PDF for one page, whatever Chromium's whim: a link whose text is made of several inline
 * pieces (an address cut by `<wbr>` so it can wrap on a phone) gets, on one line, sometimes one
 * link annotation and sometimes one per piece. Measured: one print in eight of a 117-page
 * recueil, the same HTML and CSS. Everything after it then shifts (object numbers, structure
 * keys), so the same sheet gave other bytes.
 *
 * The finishing therefore writes the one form: the pieces of a link that touch on a line become
 * one annotation (the union of their rectangles: what Chromium writes when it merges them), and
 * the structure keys and object numbers are renumbered without gaps, in their order. Chromium
 * names each resource of a page after its object number (`/P249` for the pattern that is object
 * 249): those names follow the renumbering too (seen in CI: a recueil whose pieces were joined
 * differed from another print by its resources' names alone).
 */
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFNull, PDFNumber, PDFRawStream, PDFRef, PDFStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import { scanContent } from './pdf-tags.ts';

const N = (name: string) => PDFName.of(name);

/** A link annotation's rectangle, as numbers: [x1, y1, x2, y2]. */
function rectOf(annot: PDFDict): number[] | undefined {
  const rect = annot.lookupMaybe(N('Rect'), PDFArray);
  if (!rect || rect.size() !== 4) return undefined;
  const values = rect.asArray().map((v) => (v instanceof PDFNumber ? v.asNumber() : Number.NaN));
  return values.every(Number.isFinite) ? values : undefined;
}

/** What a link leads to, as a string to compare two annotations by. */
function targetOf(annot: PDFDict): string | undefined {
  const action = annot.lookupMaybe(N('A'), PDFDict);
  const target = action?.get(N('URI')) ?? action?.get(N('D')) ?? annot.get(N('Dest'));
  return target?.toString();
}

const keyOf = (dict: PDFDict, name: string) => {
  const value = dict.get(N(name));
  return value instanceof PDFNumber ? value.asNumber() : undefined;
};

/** The parent tree's flat `/Nums` array (Chromium writes one); undefined otherwise. */
function parentNums(doc: PDFDocument): PDFArray | undefined {
  const root = doc.catalog.lookupMaybe(N('StructTreeRoot'), PDFDict);
  const tree = root?.lookupMaybe(N('ParentTree'), PDFDict);
  if (!tree || tree.has(N('Kids'))) return undefined;
  return tree.lookupMaybe(N('Nums'), PDFArray);
}

/** What each parent-tree key points to (an annotation's key: its structure element). */
function parentsByKey(nums: PDFArray): Map<number, PDFObject | undefined> {
  const parents = new Map<number, PDFObject | undefined>();
  for (let i = 0; i + 1 < nums.size(); i += 2) {
    const k = nums.get(i);
    if (k instanceof PDFNumber) parents.set(k.asNumber(), nums.get(i + 1));
  }
  return parents;
}

/**
 * Joins, on every page, the link annotations that are pieces of one link on one line: same
 * target, same structure element, same top and bottom, each starting where the previous ends.
 * The first takes the union of their rectangles; the others leave the page, the structure
 * element's kids and the parent tree. Returns how many were removed.
 */
export function joinLinkPieces(doc: PDFDocument): number {
  const nums = parentNums(doc);
  if (!nums) return 0;
  const parents = parentsByKey(nums);
  const removedKeys = new Set<number>();
  let removed = 0;
  for (const page of doc.getPages()) {
    const annots = page.node.lookupMaybe(N('Annots'), PDFArray);
    if (!annots) continue;
    for (let i = annots.size() - 1; i > 0; i--) {
      const [prevRef, thisRef] = [annots.get(i - 1), annots.get(i)];
      const [prev, current] = [annots.lookup(i - 1), annots.lookup(i)];
      if (!(prevRef instanceof PDFRef) || !(thisRef instanceof PDFRef) || !(prev instanceof PDFDict) || !(current instanceof PDFDict)) continue;
      if (prev.get(N('Subtype'))?.toString() !== '/Link' || current.get(N('Subtype'))?.toString() !== '/Link') continue;
      const [a, b] = [rectOf(prev), rectOf(current)];
      const [keyA, keyB] = [keyOf(prev, 'StructParent'), keyOf(current, 'StructParent')];
      if (!a || !b || keyA === undefined || keyB === undefined) continue;
      const target = targetOf(prev);
      if (target === undefined || target !== targetOf(current)) continue;
      if (a[1] !== b[1] || a[3] !== b[3] || a[2] !== b[0]) continue;
      const element = parents.get(keyA);
      if (!(element instanceof PDFRef) || parents.get(keyB) !== element) continue;
      const elementDict = doc.context.lookup(element, PDFDict);
      const kids = elementDict.lookupMaybe(N('K'), PDFArray);
      const objr = kids?.asArray().findIndex((kid) => {
        const dict = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
        return dict instanceof PDFDict && dict.get(N('Obj')) === thisRef;
      });
      if (!kids || objr === undefined || objr < 0) continue;
      // The union, as Chromium writes a link it did not cut.
      prev.set(N('Rect'), doc.context.obj([a[0]!, a[1]!, b[2]!, a[3]!]));
      kids.remove(objr);
      annots.remove(i);
      doc.context.delete(thisRef);
      removedKeys.add(keyB);
      removed++;
    }
  }
  if (removedKeys.size) {
    for (let i = nums.size() - 2; i >= 0; i -= 2) {
      const k = nums.get(i);
      if (k instanceof PDFNumber && removedKeys.has(k.asNumber())) {
        nums.remove(i + 1);
        nums.remove(i);
      }
    }
  }
  return removed;
}

/**
 * The parent tree's keys renumbered 0, 1, 2… in their order, and every `/StructParent(s)`
 * that uses them: a key removed leaves no gap.
 */
export function compactStructKeys(doc: PDFDocument): void {
  const nums = parentNums(doc);
  if (!nums) return;
  const keys: number[] = [];
  for (let i = 0; i < nums.size(); i += 2) {
    const k = nums.get(i);
    if (!(k instanceof PDFNumber)) return;
    keys.push(k.asNumber());
  }
  const order = [...keys].sort((x, y) => x - y);
  const renumbered = new Map(order.map((key, i) => [key, i]));
  if (order.every((key, i) => key === i)) return;
  // Entries sorted by key, as a number tree's must be.
  const entries = keys.map((key, i) => [renumbered.get(key)!, nums.get(2 * i + 1)] as const).sort((x, y) => x[0] - y[0]);
  for (let i = 0; i < entries.length; i++) {
    nums.set(2 * i, PDFNumber.of(entries[i]![0]));
    nums.set(2 * i + 1, entries[i]![1]);
  }
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFStream ? object.dict : object;
    if (!(dict instanceof PDFDict)) continue;
    for (const name of ['StructParent', 'StructParents']) {
      const key = keyOf(dict, name);
      const next = key === undefined ? undefined : renumbered.get(key);
      if (next !== undefined && next !== key) dict.set(N(name), PDFNumber.of(next));
    }
  }
  const root = doc.catalog.lookupMaybe(N('StructTreeRoot'), PDFDict);
  if (root?.has(N('ParentTreeNextKey'))) root.set(N('ParentTreeNextKey'), PDFNumber.of(entries.length));
}

/** Every reference inside `object` replaced by its new number (dictionaries, arrays, streams' dictionaries). */
function rewriteRefs(object: PDFObject, renumber: (ref: PDFRef) => PDFObject): void {
  const dict = object instanceof PDFStream ? object.dict : object;
  if (dict instanceof PDFDict) {
    for (const [key, value] of dict.entries()) {
      if (value instanceof PDFRef) dict.set(key, renumber(value));
      else rewriteRefs(value, renumber);
    }
  } else if (dict instanceof PDFArray) {
    for (let i = 0; i < dict.size(); i++) {
      const value = dict.get(i);
      if (value instanceof PDFRef) dict.set(i, renumber(value));
      else rewriteRefs(value, renumber);
    }
  }
}

/**
 * The objects numbered 1, 2, 3… in their order (generation 0): an object removed leaves no
 * gap, so two prints that differ by a removed annotation are written alike. A reference to a
 * missing object becomes `null` (what the format reads it as).
 */
export function compactObjectNumbers(doc: PDFDocument): void {
  const context = doc.context;
  const objects = context.enumerateIndirectObjects();
  if (objects.every(([ref], i) => ref.objectNumber === i + 1 && ref.generationNumber === 0)) return;
  const numbers = new Map(objects.map(([ref], i) => [ref, PDFRef.of(i + 1)]));
  const renumber = (ref: PDFRef): PDFObject => numbers.get(ref) ?? PDFNull;
  for (const [, object] of objects) rewriteRefs(object, renumber);
  for (const [ref] of objects) context.delete(ref);
  for (const [ref, object] of objects) context.assign(numbers.get(ref)!, object);
  context.largestObjectNumber = objects.length;
  const trailer = context.trailerInfo;
  if (trailer.Root instanceof PDFRef) trailer.Root = numbers.get(trailer.Root) ?? trailer.Root;
  if (trailer.Info instanceof PDFRef) trailer.Info = numbers.get(trailer.Info) ?? trailer.Info;
}

const RESOURCE_KINDS = ['XObject', 'Pattern', 'ExtGState', 'Font', 'Shading', 'ColorSpace', 'Properties'];

/**
 * A content stream with the names of `renamed` replaced (names only: not inside strings,
 * hexadecimal strings or comments); undefined when it holds an inline image (its bytes are not
 * tokens), whose names are then left alone.
 */
export function renameInContent(bytes: Uint8Array, renamed: ReadonlyMap<string, string>): Uint8Array | undefined {
  const pieces: Uint8Array[] = [];
  let copied = 0;
  let inlineImage = false;
  scanContent(bytes, (kind, start, end) => {
    if (kind === 'word' && end - start === 2 && bytes[start] === 0x42 /* B */ && bytes[start + 1] === 0x49 /* I */) {
      inlineImage = true;
      return false;
    }
    const next = kind === 'name' ? renamed.get(Buffer.from(bytes.subarray(start + 1, end)).toString('latin1')) : undefined;
    if (next === undefined) return;
    pieces.push(bytes.subarray(copied, start), Buffer.from(`/${next}`, 'latin1'));
    copied = end;
  });
  if (inlineImage) return undefined;
  pieces.push(bytes.subarray(copied));
  return Buffer.concat(pieces);
}

/** A stream that draws (a page's content, a form, a tiling pattern): its object and its bytes. */
interface Drawing {
  ref: PDFRef;
  stream: PDFRawStream;
  bytes: Uint8Array;
}

/**
 * Every resource named after its object's number, as Chromium names them, once the objects are
 * renumbered (`/P249` → `/P247` when two objects before it were removed), in the resources'
 * dictionaries and in the streams that draw with them. Every such stream is written again, in
 * place (compressed by pdf-lib), whether a name changed or not: the same drawing, the same bytes.
 */
export function canonicalResourceNames(doc: PDFDocument): void {
  const context = doc.context;
  const users = new Map<PDFDict, Drawing[]>();
  const seen = new Set<PDFRef>();
  const use = (resources: PDFDict | undefined, ref: PDFObject | undefined) => {
    const stream = ref instanceof PDFRef ? context.lookup(ref) : undefined;
    if (!resources || !(ref instanceof PDFRef) || !(stream instanceof PDFRawStream) || seen.has(ref)) return;
    seen.add(ref);
    users.set(resources, [...(users.get(resources) ?? []), { ref, stream, bytes: decodePDFRawStream(stream).decode() }]);
  };
  // A page's streams may be several: they divide its content only between tokens.
  for (const page of doc.getPages()) {
    const contents = page.node.get(N('Contents'));
    for (const ref of contents instanceof PDFArray ? contents.asArray() : [contents]) use(page.node.lookupMaybe(N('Resources'), PDFDict), ref);
  }
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (object instanceof PDFRawStream && object.dict.has(N('Resources'))) use(object.dict.lookupMaybe(N('Resources'), PDFDict), ref);
  }
  // Every new name decided before any is changed: a dictionary may be shared.
  const plans = [...users].map(([resources, drawings]) => {
    const renamed = new Map<string, string>();
    const kinds = RESOURCE_KINDS.flatMap((kind) => {
      const dict = resources.lookupMaybe(N(kind), PDFDict);
      return dict ? [dict] : [];
    });
    for (const dict of kinds) {
      const names = dict.entries().map(([key]) => key.asString().slice(1));
      const next = dict.entries().map(([key, value]) => {
        const name = key.asString().slice(1);
        return value instanceof PDFRef && /\d$/.test(name) ? name.replace(/\d+$/, String(value.objectNumber)) : name;
      });
      // Two names that would become one, or one name for two things (never seen): all kept.
      if (new Set(next).size !== names.length || names.some((name, i) => renamed.has(name) && renamed.get(name) !== next[i])) return undefined;
      names.forEach((name, i) => {
        if (next[i] !== name) renamed.set(name, next[i]!);
      });
    }
    const rewritten = drawings.map((drawing) => renameInContent(drawing.bytes, renamed));
    return rewritten.every((bytes) => bytes !== undefined) ? { kinds, renamed, drawings, rewritten: rewritten as Uint8Array[] } : undefined;
  });
  // A stream that could not be read (an inline image), or names that would clash: all kept
  // (a dictionary renamed under a stream that still says the old names would break the page).
  if (!plans.every((plan) => plan !== undefined)) return;
  const done = new Set<PDFDict>();
  for (const plan of plans) {
    plan.drawings.forEach(({ ref, stream }, i) => {
      writeCompressed(doc, ref, stream, plan.rewritten[i]!);
    });
    for (const dict of plan.kinds) {
      if (done.has(dict)) continue;
      done.add(dict);
      const entries = dict.entries();
      for (const [key] of entries) dict.delete(key);
      for (const [key, value] of entries) dict.set(N(plan.renamed.get(key.asString().slice(1)) ?? key.asString().slice(1)), value);
    }
  }
}

/**
 * Removes the objects nothing leads to from the document's catalogue or its information: the
 * content streams the finishing replaced (`markArtifacts` writes a page's content anew), the
 * annotations it joined. Kept, they were a quarter to two fifths of a sheet's bytes. Returns
 * how many went.
 */
export function dropUnreachable(doc: PDFDocument): number {
  const context = doc.context;
  const reached = new Set<PDFRef>();
  const pending: PDFObject[] = [context.trailerInfo.Root, context.trailerInfo.Info, context.trailerInfo.Encrypt].filter((o): o is PDFObject => o !== undefined);
  while (pending.length) {
    const object = pending.pop()!;
    if (object instanceof PDFRef) {
      if (reached.has(object)) continue;
      reached.add(object);
      const target = context.lookup(object);
      if (target) pending.push(target);
      continue;
    }
    const dict = object instanceof PDFStream ? object.dict : object;
    if (dict instanceof PDFDict) for (const [, value] of dict.entries()) pending.push(value);
    else if (dict instanceof PDFArray) pending.push(...dict.asArray());
  }
  const unreached = context.enumerateIndirectObjects().filter(([ref]) => !reached.has(ref));
  for (const [ref] of unreached) context.delete(ref);
  return unreached.length;
}

/** Object `ref` made a compressed stream of `bytes`, with the entries of `stream`'s dictionary but those of its former encoding. */
function writeCompressed(doc: PDFDocument, ref: PDFRef, stream: PDFRawStream, bytes: Uint8Array): void {
  const next = doc.context.flateStream(bytes);
  for (const [key, value] of stream.dict.entries()) if (!['/Length', '/Filter', '/DecodeParms'].includes(key.asString())) next.dict.set(key, value);
  doc.context.assign(ref, next);
}

/**
 * Every page's content compressed: `markArtifacts` leaves the content it rewrites
 * uncompressed, and `canonicalResourceNames` compresses every drawing it writes again; this
 * compresses the rest (a page whose names it had to keep).
 */
export function compressPageContents(doc: PDFDocument): void {
  const context = doc.context;
  for (const page of doc.getPages()) {
    const contents = page.node.get(N('Contents'));
    for (const ref of contents instanceof PDFArray ? contents.asArray() : [contents]) {
      const stream = ref instanceof PDFRef ? context.lookup(ref) : undefined;
      if (!(ref instanceof PDFRef) || !(stream instanceof PDFRawStream) || stream.dict.has(N('Filter'))) continue;
      writeCompressed(doc, ref, stream, stream.contents);
    }
  }
}

/** The one form of a printed page's PDF: link pieces joined, nothing unreachable, keys and numbers without gaps, resources named after them, content compressed. */
export function canonicalize(doc: PDFDocument): void {
  joinLinkPieces(doc);
  dropUnreachable(doc);
  compactStructKeys(doc);
  compactObjectNumbers(doc);
  canonicalResourceNames(doc);
  compressPageContents(doc);
}
