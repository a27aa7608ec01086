/**
 * The last stage before publishing: what the stages wrote is read back, and the output replaces
 * the last good one only if every file is whole and every file a page refers to is there. A
 * stage that reports success but leaves an empty search index, a PDF cut short by a full disk,
 * a page that links to a sheet that was never printed, or a diagram with Mermaid's error drawn
 * in it, stops the build here, with the file and what is wrong, in French.
 *
 * - every file: not empty, not a symbolic link (nothing in the output may lead outside it);
 * - HTML: ends with </html>; every href, src and srcset within the site names a file that exists;
 * - CSS: every url(…) within the site names a file that exists;
 * - PDF: starts with %PDF-, ends with %%EOF, and parses, with at least one page;
 * - JSON: parses; SVG: well-formed XML, without Mermaid's error text;
 * - a PDF or SVG the build wrote from bytes it had checked (the sheets stage: pdf-lib's own
 *   output, or the cache of it; the diagrams stage: the browser's XML serializer's, Mermaid's
 *   error refused) is not parsed again: its length on disk is compared with what was written.
 *   Parsing them took 2 s (134 PDFs) and 0.7 s (500 SVGs) on 500 journeys, at every build;
 * - Pagefind's index files (gzip): decompress whole.
 *
 * The pages Astro rendered are final once in the output: they are read while the recueils
 * print (`checkPagesAhead`), and at the end only found again at the length they were read.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { byCodePoint } from '../core/order.ts';
import { xmlProblem } from '../core/pictures.ts';
import { basePath } from '../core/urls.ts';
import { earlierOutput, sameAsEarlier, treeEntries, type EarlierOutput, type EntryKind, type OutputListing } from './tree.ts';

export interface OutputProblem {
  /** The file, relative to the output folder, `/`-separated. */
  file: string;
  /** What is wrong, in French. */
  problem: string;
}

/** What Mermaid draws in place of a diagram it could not draw. */
const MERMAID_ERROR = /Maximum text size in diagram exceeded|Syntax error in text|Edge limit exceeded/;
/** Pagefind's compressed files. */
const GZIP = /\.(?:pf_fragment|pf_index|pf_meta|pagefind)$/;
/** Attributes of a page that name another file. */
const REFERENCE = /\s(?:href|src|xlink:href|poster|srcset)="([^"]*)"/g;
/** CSS references to other files. */
const CSS_URL = /url\(\s*(["']?)([^"')]*)\1\s*\)/g;

const decodeEntities = (text: string) =>
  text.replace(/&(?:amp|quot|#39|#x27|lt|gt);/g, (e) => ({ '&amp;': '&', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&lt;': '<', '&gt;': '>' })[e]!);

/**
 * The file of the output a reference leads to (relative, `/`-separated), undefined when it
 * leads outside the site (another site, an e-mail, a fragment of the same page), or `outside`
 * when it climbs out of the output folder.
 */
function target(reference: string, from: string, base: string): string | 'outside' | undefined {
  const ref = decodeEntities(reference.trim());
  if (ref === '' || ref.startsWith('#') || ref.startsWith('//') || /^[a-z][a-z0-9+.-]*:/i.test(ref)) return undefined;
  let path = ref.replace(/[?#].*$/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // An escape that does not decode names the file as written.
  }
  if (path.startsWith('/')) {
    // Under a public address with a path (https://host/aide/), links start with it.
    path = base !== '/' && path.startsWith(base) ? path.slice(base.length) : path.slice(1);
  } else {
    path = posix.join(posix.dirname(from), path);
  }
  const normal = posix.normalize(path === '' ? '.' : path);
  if (normal === '..' || normal.startsWith('../')) return 'outside';
  if (normal === '.' || normal.endsWith('/') || ref.replace(/[?#].*$/, '').endsWith('/')) return posix.join(normal, 'index.html');
  return normal;
}

/** The scheme a page must never link to, whatever checked it before. */
const UNSAFE_SCHEME = /^\s*(?:javascript|vbscript|data:text\/html)/i;

/** What the stages tell the check about the files they wrote. */
export interface WrittenFacts {
  /** PDFs and SVGs written from bytes known to be whole (`/`-separated path → length written). */
  sizes?: ReadonlyMap<string, number>;
  /**
   * The last good output, checked when it was published (its folder, or the build's reading of
   * it: tree.ts). A file of this output that is the same file as there, under the same name (a
   * page linked from the page store, a part of the search index taken as it was: nothing writes
   * a file in place), was checked then, and is not read again, provided no file of the last
   * output is missing from this one (then every reference that reached it still does). 20,000
   * of the 22,000 files of 500 journeys.
   */
  previous?: string | EarlierOutput;
  /**
   * The build's one listing of the folder (tree.ts: `listOutput`, made for the offline copy),
   * and the files written after it (the service worker, Workbox's runtime, the build's
   * summary): the folder is not listed again.
   */
  listing?: OutputListing;
  writtenSince?: string[];
  /** Pages read and checked before the output was complete (`checkPagesAhead`): not read again. */
  ahead?: CheckedAhead;
}

/**
 * Pages read and checked ahead of the output's check, while the recueils print (`checkPagesAhead`):
 * their problems, and each file of the site they refer to, with the first page and reference
 * that did (whether it exists is known only once the output is complete).
 */
export interface CheckedAhead {
  /** The pages read, and their length then (a page removed or cut since is still found). */
  files: ReadonlyMap<string, number>;
  problems: OutputProblem[];
  targets: ReadonlyMap<string, { from: string; ref: string }>;
}

/** The files of `dir` that are the same files as in `previous` under the same names, or none when a file of `previous` is gone. */
function unchangedSince(dir: string, previous: string | EarlierOutput | undefined, files: Set<string>, listed: OutputListing | undefined): ReadonlySet<string> {
  const earlier = typeof previous === 'string' ? earlierOutput(previous) : previous;
  if (earlier === undefined) return new Set();
  // The build's own account is rewritten at every build, and read by no page. Pagefind's data
  // files are named after their content (a part redone leaves its old ones behind at every
  // edit), and no page or stylesheet names them: Pagefind's script finds them through its
  // index, whose files are checked whole when they change.
  for (const file of earlier.files.keys()) if (!files.has(file) && !file.startsWith('.parcours/') && !GZIP.test(file)) return new Set();
  // Taken again for the build's listing: a file cut short or removed since is read below.
  return new Set([...(listed ? listed.unchanged : files)].filter((file) => files.has(file) && sameAsEarlier(dir, file, earlier)));
}

/**
 * Every entry of `dir`: the build's listing and what it wrote since (stated now; never taken as
 * unchanged), or a listing made here.
 */
function entriesOf(dir: string, written: WrittenFacts): { listed: OutputListing | undefined; entries: { file: string; entry: EntryKind }[] } {
  const listing = written.listing?.dir === dir ? written.listing : undefined;
  if (!listing) return { listed: undefined, entries: treeEntries(dir).sort((a, b) => byCodePoint(a.file, b.file)) };
  const since = new Set(written.writtenSince ?? []);
  const entries = new Map(listing.entries.filter(({ file }) => !since.has(file)).map((e) => [e.file, e.entry] as [string, EntryKind]));
  for (const file of since) {
    const entry = lstatSync(join(dir, file), { throwIfNoEntry: false });
    // Gone already: the references to it say so.
    if (!entry) continue;
    entries.set(file, entry);
    for (let folder = posix.dirname(file); folder !== '.' && !entries.has(folder); folder = posix.dirname(folder)) entries.set(folder, lstatSync(join(dir, folder)));
  }
  return { listed: listing, entries: [...entries].map(([file, entry]) => ({ file, entry })).sort((a, b) => byCodePoint(a.file, b.file)) };
}

/**
 * The checks of one page: whole, no diagram Mermaid refused, no link that runs code; each
 * reference handed to `refer`. The page is read one byte a character (latin1): what is looked
 * for is ASCII, and a reference found is decoded from its UTF-8 bytes. Half the memory of the
 * page as a string of UTF-16 (a page with a diagram, 70 to 150 KB of UTF-8, stays among the
 * objects V8 collects young: the check reads 87 MB of pages at 500 journeys).
 */
function checkPage(bytes: Buffer, report: (problem: string) => void, refer: (ref: string) => void): void {
  const html = bytes.toString('latin1');
  if (!/<\/html>\s*$/i.test(html)) report('est tronqué (il ne finit pas par </html>)');
  if (MERMAID_ERROR.test(html) && /class="[^"]*error-/.test(html)) report('contient un logigramme que Mermaid n’a pas pu dessiner');
  for (const match of html.matchAll(REFERENCE)) {
    const raw = match[1]!;
    const value = /[\x80-\xff]/.test(raw) ? Buffer.from(raw, 'latin1').toString('utf8') : raw;
    const values = match[0].trimStart().startsWith('srcset') ? value.split(',').map((s) => s.trim().split(/\s+/)[0] ?? '') : [value];
    for (const ref of values) {
      if (UNSAFE_SCHEME.test(decodeEntities(ref))) report(`contient un lien qui exécuterait du code (${ref.slice(0, 40)})`);
      else refer(ref);
    }
  }
}

/**
 * Where references lead (`target`), each resolved once: a reference from the root does not
 * depend on the page, a relative one on its folder (276,000 references on 500 journeys, 12,000
 * different).
 */
function targets(base: string): (from: string, ref: string) => ReturnType<typeof target> {
  const resolved = new Map<string, ReturnType<typeof target>>();
  return (from, ref) => {
    const memo = ref.startsWith('/') && !ref.startsWith('//') ? ref : `${posix.dirname(from)}\0${ref}`;
    let to = resolved.get(memo);
    if (to === undefined && !resolved.has(memo)) {
      to = target(ref, from, base);
      resolved.set(memo, to);
    }
    return to;
  };
}

/** Pages read between two turns of the event loop by `checkPagesAhead`. */
const PAGES_A_TURN = 25;

/**
 * Reads and checks the pages `files` of `dir` (`/`-separated, relative) before the output is
 * complete: pages that no stage writes again (those Astro rendered, once moved into the output),
 * checked while the recueils print, on this thread but a few at a time, so that what waits on
 * it (Chromium's messages) is not held up. The output's check then takes their result instead of
 * reading them (500 journeys: 11,000 pages, 0.9 s at the end of the build).
 */
export async function checkPagesAhead(dir: string, files: readonly string[], base = '/'): Promise<CheckedAhead> {
  const checked = new Map<string, number>();
  const problems: OutputProblem[] = [];
  const found = new Map<string, { from: string; ref: string }>();
  const lead = targets(base);
  for (let i = 0; i < files.length; i++) {
    if (i % PAGES_A_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const file = files[i]!;
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dir, file));
    } catch {
      // Left to the output's check, which reads what it finds.
      continue;
    }
    checked.set(file, bytes.length);
    const report = (problem: string) => problems.push({ file, problem });
    if (bytes.length === 0) {
      report('est vide');
      continue;
    }
    checkPage(bytes, report, (ref) => {
      const to = lead(file, ref);
      if (to === 'outside') report(`renvoie hors du site (${ref})`);
      else if (to !== undefined && !found.has(to)) found.set(to, { from: file, ref });
    });
  }
  return { files: checked, problems, targets: found };
}

/**
 * Every problem of the output folder `dir` (empty when it can be published).
 * @param base the site's path under its public address (`/`, or `/aide/`)
 */
export async function verifyOutput(dir: string, base = '/', written: WrittenFacts = {}): Promise<OutputProblem[]> {
  const problems: OutputProblem[] = [];
  const files = new Set<string>();
  const kinds = new Map<string, 'file' | 'folder' | 'other'>();
  // The entries' types come with the listing (no stat each: 22,000 files on 500 journeys).
  const { listed, entries } = entriesOf(dir, written);
  for (const { file, entry } of entries) {
    if (entry.isSymbolicLink()) problems.push({ file, problem: 'est un lien symbolique (rien dans la sortie ne doit mener ailleurs)' });
    else if (entry.isDirectory()) kinds.set(file, 'folder');
    else if (!entry.isFile()) problems.push({ file, problem: 'n’est pas un fichier ordinaire' });
    else {
      kinds.set(file, 'file');
      files.add(file);
    }
  }
  // A folder stands for its index.html (/parcours/activation → parcours/activation/index.html).
  const exists = (file: string) => files.has(file) || (kinds.get(file) === 'folder' && files.has(`${file}/index.html`));
  const references: { from: string; ref: string }[] = [];

  const unchanged = unchangedSince(dir, written.previous, files, listed);
  const ahead = written.ahead;
  const gone = new Set<string>();
  for (const file of files) {
    if (unchanged.has(file)) continue;
    const readAhead = ahead?.files.get(file);
    if (readAhead !== undefined) {
      // Read while the recueils printed: still there, and as long.
      const now = lstatSync(join(dir, file), { throwIfNoEntry: false });
      if (!now) {
        problems.push({ file, problem: 'a disparu pendant la construction' });
        files.delete(file);
        gone.add(file);
      } else if (now.size !== readAhead) problems.push({ file, problem: `n’a plus la longueur lue (${now.size} octets au lieu de ${readAhead})` });
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dir, file));
    } catch (error) {
      // Listed by the build, gone since (tree.ts: `listOutput`): a reference to it is one to nothing.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      problems.push({ file, problem: 'a disparu pendant la construction' });
      files.delete(file);
      continue;
    }
    const report = (problem: string) => problems.push({ file, problem });
    // Written from bytes the build had checked: its length on disk is all there is to compare.
    const size = written.sizes?.get(file);
    const checkLength = (expected: number) => {
      if (bytes.length !== expected) report(`n’a pas la longueur écrite (${bytes.length} octets au lieu de ${expected})`);
    };
    if (bytes.length === 0) {
      report('est vide');
      continue;
    }
    if (file.endsWith('.html')) {
      checkPage(bytes, report, (ref) => references.push({ from: file, ref }));
    } else if (file.endsWith('.css')) {
      for (const match of bytes.toString('utf8').matchAll(CSS_URL)) references.push({ from: file, ref: match[2]! });
    } else if (file.endsWith('.pdf')) {
      const head = bytes.subarray(0, 5).toString('latin1');
      const tail = bytes.subarray(Math.max(0, bytes.length - 32)).toString('latin1').trimEnd();
      if (head !== '%PDF-') report('n’est pas un PDF (il ne commence pas par %PDF-)');
      else if (!tail.endsWith('%%EOF')) report('est tronqué (il ne finit pas par %%EOF)');
      else if (size !== undefined) checkLength(size);
      else {
        try {
          const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
          if (pdf.getPageCount() === 0) report('est un PDF sans page');
        } catch (error) {
          report(`est un PDF illisible (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
        }
      }
    } else if (file.endsWith('.json')) {
      try {
        JSON.parse(bytes.toString('utf8'));
      } catch {
        report('est un JSON illisible (tronqué ?)');
      }
    } else if (file.endsWith('.svg') && size !== undefined) {
      checkLength(size);
    } else if (file.endsWith('.svg')) {
      const svg = bytes.toString('utf8');
      const malformed = xmlProblem(svg);
      if (malformed) report(`est un SVG mal formé (${malformed})`);
      else if (MERMAID_ERROR.test(svg)) report('contient le message d’erreur de Mermaid au lieu du logigramme');
    } else if (GZIP.test(file)) {
      try {
        gunzipSync(bytes);
      } catch {
        report('est un fichier compressé incomplet');
      }
    }
  }

  const lead = targets(base);
  for (const { from, ref } of references) {
    const to = lead(from, ref);
    if (to === undefined) continue;
    if (to === 'outside') problems.push({ file: from, problem: `renvoie hors du site (${ref})` });
    else if (!exists(to)) problems.push({ file: from, problem: `renvoie à ${ref}, qui n’existe pas dans la sortie` });
  }
  // The pages checked ahead: their problems, and where they lead. No stage removes such a page
  // (only the sheets' print pages go, and they are not checked ahead): one gone is a problem.
  if (ahead) {
    problems.push(...ahead.problems);
    for (const file of ahead.files.keys()) if (!files.has(file) && !gone.has(file)) problems.push({ file, problem: 'a disparu pendant la construction' });
    for (const [to, { from, ref }] of ahead.targets) if (!exists(to)) problems.push({ file: from, problem: `renvoie à ${ref}, qui n’existe pas dans la sortie` });
  }
  return problems;
}

/** Past this many, the others are counted, not listed. */
const SHOWN = 10;

/**
 * Verifies the output folder; throws an Error (in French, the files and what is wrong) when it
 * must not be published.
 * @param siteUrl the public address, whose path the site's links start with
 */
export async function assertOutputComplete(dir: string, siteUrl?: string, written: WrittenFacts = {}): Promise<void> {
  const problems = await verifyOutput(dir, basePath(siteUrl), written);
  if (problems.length === 0) return;
  const shown = problems.slice(0, SHOWN).map((p) => `${p.file} ${p.problem}`);
  const more = problems.length > SHOWN ? ` (et ${problems.length - SHOWN} autres problèmes)` : '';
  throw new Error(
    `la sortie est incomplète ou abîmée, elle n’est pas publiée : ${shown.join(' ; ')}${more}. ` +
      'Relancez la construction (un disque plein ou une construction interrompue en sont souvent la cause) ; si le problème revient, videz le dossier de cache puis relancez avec --force.',
  );
}
