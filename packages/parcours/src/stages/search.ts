/**
 * The search stage of a build: Pagefind's index of the built site, written to
 * `<site>/pagefind/`, in parts on a large site (src/site/search-parts.ts).
 *
 * Order. Pagefind numbers pages in the order it receives them, and that numbering is in every
 * index file; its own directory indexing follows the file system's listing order, which differs
 * between file systems. So pages are handed over in code-point order of their paths.
 *
 * Incremental. Pagefind keeps its index in memory only and cannot update it: a part is either
 * indexed again, from all its pages, or taken whole from the last output. It is taken when its
 * digest (the toolkit, the language, its folder, and each of its pages: its key, which fixes
 * its bytes, or for a page without one the hash of what Pagefind is given of it) is the one
 * the last build recorded in `.parcours/search.json`. Parts of keyed pages start as soon as
 * the keys are known, while Astro renders (`SiteSearch`). Same pages, same index: the bytes of
 * a build from scratch (test/build/incremental-site.test.ts, search-parts.test.ts).
 *
 * What Pagefind is given. Of a page with a `data-pagefind-body` element (the layout's
 * `<main>`), Pagefind reads only that element, the `<html>` tag and the title: it is given
 * those, without the elements it skips whole (`data-pagefind-ignore="all"`): two fifths of the
 * bytes on 500 journeys, the same index (a test compares with whole pages). A page without one
 * is not indexed and not given.
 *
 * Writing. Pagefind 1.5.2 answers « written » before its files are flushed: closing it right
 * after left 0-byte files under load. The index is asked for in memory (`getFiles`), and each
 * file written here, atomically, then checked; a file the last output holds with the same
 * bytes is linked from it instead.
 *
 * Priority. The index is built beside Astro and the sheets' printing, and is the one that can
 * wait: its work is needed only at the build's end, theirs holds up everything after them. So
 * Pagefind's process runs at a lower priority (`yieldToBuild`), and takes the processor when
 * they leave it (docs/mesures.md).
 */
import { createHash } from 'node:crypto';
import { getPriority, setPriority } from 'node:os';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import * as pagefind from 'pagefind';
import { byCodePoint } from '../core/order.ts';
import type { SearchPart } from '../site/search-parts.ts';
import { linkIfPossible, linkOrCopy } from './hard-link.ts';
import { treeEntries } from './tree.ts';
import { SUMMARY_DIR } from './index.ts';

/** The site's HTML pages, as `/`-separated paths relative to `siteDir`, in code-point order. */
export function htmlFiles(siteDir: string): string[] {
  return readdirSync(siteDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html'))
    .map((file) => file.split(sep).join('/'))
    .sort(byCodePoint);
}

/** The URL Pagefind's directory indexing gives a page: `a/b/index.html` → `/a/b/`, `404.html` → `/404.html`. */
export function pageUrl(file: string): string {
  return `/${file.replace(/(^|\/)index\.html$/, '$1')}`;
}

const PAGEFIND_ATTRIBUTE = /data-pagefind-/g;

/**
 * Of a head without Pagefind attributes, what Pagefind reads: the `<html>` tag (the language)
 * and the title. Stylesheets, scripts and the security policy go (a sixth of what Pagefind
 * was given, and of its time).
 */
function pageHead(head: string): string {
  const open = /^[\s\S]*?<head\b[^>]*>/i.exec(head);
  if (!open || head.includes('data-pagefind-')) return head;
  const title = /<title\b[^>]*>[\s\S]*?<\/title>/i.exec(head)?.[0] ?? '';
  return `${open[0]}${title}</head>`;
}

/**
 * What Pagefind is given of a page: undefined when the page has no `data-pagefind-body`
 * element (Pagefind ignores such pages when others have one); its head (what Pagefind reads
 * of it: `pageHead`) and its `<main data-pagefind-body>` when every Pagefind attribute of the
 * page is in them; else the whole page.
 */
export function searchInput(html: string): string | undefined {
  const body = html.indexOf('data-pagefind-body');
  if (body < 0) return undefined;
  const mainStart = html.lastIndexOf('<main', body);
  const mainEnd = html.lastIndexOf('</main>');
  const headEnd = html.indexOf('</head>');
  // The attribute must be on <main> itself, and the page must have one <main> and a head before it.
  if (mainStart < 0 || html.indexOf('>', mainStart) < body || mainEnd < body || headEnd < 0 || headEnd > mainStart || html.indexOf('<main', mainStart + 1) >= 0) return html;
  const head = html.slice(0, headEnd + '</head>'.length);
  const main = html.slice(mainStart, mainEnd + '</main>'.length);
  const count = (text: string) => text.match(PAGEFIND_ATTRIBUTE)?.length ?? 0;
  if (count(head) + count(main) !== count(html)) return html;
  return `${pageHead(head)}<body>${withoutIgnored(main)}</body></html>`;
}

/** The attribute by which Pagefind skips an element whole: its text, and its filters and metadata. */
const IGNORED_WHOLE = /\sdata-pagefind-ignore=(?:"all"|'all'|all)(?=[\s/>]|$)/;
/** A tag (its attributes' quoted values may hold `>`), or a comment. */
const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
/** Elements whose content is text up to their end tag, never tags; and that end tag. */
const RAW_TEXT = new Map(['script', 'style', 'textarea', 'title'].map((name) => [name, new RegExp(`</${name}(?![a-zA-Z0-9:-])`, 'i')]));

interface Tag {
  index: number;
  /** Where the tag ends: the scan goes on from there. */
  end: number;
  closing: boolean;
  /** In lower case. */
  name: string;
  attributes: string;
}

/** A scan of the tags of `html` from `from` on (`nextTag`). */
const tagsFrom = (from: number) => Object.assign(new RegExp(TAG.source, 'g'), { lastIndex: from });

/**
 * The next tag of `tags`'s scan of `html`, comments and raw text (a script's, a style's) stepped
 * over; undefined at the end, or after a raw text that never ends.
 */
function nextTag(html: string, tags: RegExp): Tag | undefined {
  for (let tag = tags.exec(html); tag; tag = tags.exec(html)) {
    const [, closing, name, attributes = ''] = tag;
    // A comment.
    if (name === undefined) continue;
    const found = { index: tag.index, end: tags.lastIndex, closing: closing === '/', name: name.toLowerCase(), attributes };
    const rawEnd = found.closing ? undefined : RAW_TEXT.get(found.name);
    if (rawEnd) {
      const end = html.slice(tags.lastIndex).search(rawEnd);
      tags.lastIndex = end < 0 ? html.length : tags.lastIndex + end;
    }
    return found;
  }
  return undefined;
}

/**
 * `html` without the elements Pagefind skips whole (`data-pagefind-ignore="all"`: a node page's
 * copy of its procedure, the call sheet, the reader's answers), a quarter of what it was given
 * on 500 journeys. An element is taken out only when its end is certain: every tag of its name
 * opened inside it is closed inside it, and none is written `<name/>`; else it is left in, for
 * Pagefind to skip (the index is the same either way: test/build/search-complete.test.ts).
 */
export function withoutIgnored(html: string): string {
  if (!IGNORED_WHOLE.test(html)) return html;
  const kept: string[] = [];
  let copied = 0;
  const tags = tagsFrom(0);
  for (let tag = nextTag(html, tags); tag; tag = nextTag(html, tags)) {
    if (tag.closing || !IGNORED_WHOLE.test(tag.attributes) || tag.attributes.trimEnd().endsWith('/')) continue;
    const end = elementEnd(html, tag.name, tag.end);
    if (end === undefined) continue;
    kept.push(html.slice(copied, tag.index));
    // The scan goes on after the element taken out.
    copied = tags.lastIndex = end;
  }
  kept.push(html.slice(copied));
  return kept.join('');
}

/** Where the element `name`, opened just before `from`, ends (after its end tag); undefined when that is not certain. */
function elementEnd(html: string, name: string, from: number): number | undefined {
  let depth = 1;
  const tags = tagsFrom(from);
  for (let tag = nextTag(html, tags); tag; tag = nextTag(html, tags)) {
    if (tag.name !== name) continue;
    if (!tag.closing && tag.attributes.trimEnd().endsWith('/')) return undefined;
    depth += tag.closing ? -1 : 1;
    if (depth === 0) return tag.end;
  }
  return undefined;
}

/** Pages sent to Pagefind and not yet answered, at most (`PartIndex.add`). */
const IN_FLIGHT = 32;

/** Builds open at once in this process share Pagefind's one backend: it closes with the last. */
let users = 0;

/** The niceness Pagefind's process runs at: below the build's (0), as a background job. */
export const SEARCH_NICENESS = 10;

/**
 * Lowers the priority of Pagefind's process, a child of this process's main thread that
 * Pagefind's library starts itself (Linux: found in /proc; elsewhere it keeps the build's).
 * Only lowered: a process may always lower its children's priority, never raise it back.
 */
export function yieldToBuild(): void {
  let children: string;
  try {
    children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8');
  } catch {
    return;
  }
  for (const pid of children.split(' ').filter(Boolean).map(Number)) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('pagefind') && getPriority(pid) < SEARCH_NICENESS) setPriority(pid, SEARCH_NICENESS);
    } catch {
      // Gone meanwhile, or not ours to change: it runs as it was.
    }
  }
}

/** Writes under a temporary name, then renames: a reader sees the whole file or none. */
function writeWhole(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
}

/** Puts `from` at `to`, in its folder, without copying its bytes where the file systems allow (./hard-link.ts). */
function share(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  linkOrCopy(from, to);
}

/**
 * Links `from` to `to` (./hard-link.ts) when `from` holds exactly `bytes`; false when it does
 * not, is missing, or cannot be linked (then the bytes are to be written).
 */
function linkSame(from: string, to: string, bytes: Uint8Array): boolean {
  try {
    if (statSync(from).size !== bytes.length || !readFileSync(from).equals(bytes)) return false;
  } catch {
    return false;
  }
  mkdirSync(dirname(to), { recursive: true });
  return linkIfPossible(from, to);
}

/** A part's folder's own files: the first part's leaves out the other parts' folders (`<n>/`). */
function partFiles(root: string, dir: string): string[] | undefined {
  const folder = join(root, dir);
  if (!existsSync(folder)) return undefined;
  return treeEntries(folder)
    .filter(({ entry, file }) => entry.isFile() && (dir !== '' || !OTHER_PART.test(file)))
    .map(({ file }) => file);
}

const OTHER_PART = /^\d+\//;

/** What the search page of a part other than the first needs (it loads the first part's scripts and WebAssembly). */
const MERGED_PART_FILE = /^(?:pagefind-entry\.json|[^/]*\.pf_meta|(?:index|fragment|filter)\/.*)$/;

/** One part of a site's index, as Pagefind makes it. */
class PartIndex {
  readonly #index: pagefind.PagefindIndex;
  readonly #language: string;
  /** Pages given with a body to index. */
  readonly #indexed = new Set<string>();
  /** Messages sent: Pagefind answers them in order. */
  #sent: Promise<unknown> = Promise.resolve();

  private constructor(index: pagefind.PagefindIndex, language: string) {
    this.#index = index;
    this.#language = language;
  }

  static async open(language: string): Promise<PartIndex> {
    users++;
    try {
      const { index, errors } = await pagefind.createIndex({ forceLanguage: language });
      if (!index) throw new Error(`Pagefind n’a pas pu démarrer${errors.length ? ` : ${errors.join(' ; ')}` : '.'}`);
      // Started by the first index (or again after the last one closed).
      yieldToBuild();
      return new PartIndex(index, language);
    } catch (error) {
      await release();
      throw error;
    }
  }

  /**
   * Hands pages to Pagefind, in this order, after those given before. A page without a body to
   * index is left out; a page whose HTML is not known yet (`html` gives undefined: still to
   * render) gets an empty stand-in that holds its place, until given again under its URL:
   * Pagefind replaces a page it has in place, so the index is the one of the pages given in
   * order. Each page is read only when its turn comes, and no more than `IN_FLIGHT` wait for
   * Pagefind's answer: sent all at once, a part's 1,800 pages (read, then encoded by Pagefind's
   * client as JSON and base64) sat in this process's memory together, a hundred megabytes to
   * collect at every edit of 500 journeys, and more at a build from scratch.
   */
  add(pages: { url: string; html: () => string | undefined }[]): Promise<void> {
    const standIn = `<!doctype html><html lang="${this.#language}"></html>`;
    const send = async () => {
      const waiting = new Set<Promise<void>>();
      // The first refusal; later ones are caught too (none left unhandled).
      let refused: Error | undefined;
      for (const { url, html } of pages) {
        if (refused) break;
        const known = html();
        const content = known === undefined ? standIn : searchInput(known);
        if (content === undefined) continue;
        if (content.includes('data-pagefind-body')) this.#indexed.add(url);
        else this.#indexed.delete(url);
        // Sent in order: Pagefind takes its messages one after the other, in the order sent.
        const answered = this.#index.addHTMLFile({ url, content }).then((result) => {
          if (result.errors.length) throw new Error(`Pagefind n’a pas pu indexer ${url} : ${result.errors.join(' ; ')}`);
        });
        const settled: Promise<void> = answered.then(
          () => void waiting.delete(settled),
          (error: Error) => {
            refused ??= error;
            waiting.delete(settled);
          },
        );
        waiting.add(settled);
        if (waiting.size >= IN_FLIGHT) await Promise.race(waiting);
      }
      await Promise.all(waiting);
      if (refused) throw refused;
    };
    // After what was given before, whatever the caller awaits.
    const added = this.#sent.then(send);
    this.#sent = added.catch(() => undefined);
    return added;
  }

  /**
   * Writes the index to `folder` (only the files `keep` accepts) and closes it. Returns the
   * number of pages indexed. A file Pagefind hands over empty is asked for again once, then
   * refused. A file `previous` holds with the same bytes is linked from it rather than written
   * (Pagefind names most of its files by a hash of their content).
   */
  async write(folder: string, previous: string | undefined, keep: (file: string) => boolean): Promise<number> {
    try {
      await this.#sent;
      let files: { path: string; content: Uint8Array }[] = [];
      for (let attempt = 1; attempt <= 2; attempt++) {
        const got = await this.#index.getFiles();
        if (got.errors.length) throw new Error(`Pagefind n’a pas pu écrire son index : ${got.errors.join(' ; ')}`);
        files = got.files;
        if (files.length > 0 && files.every((f) => f.content.length > 0)) break;
        files = [];
      }
      if (files.length === 0) throw new Error('Pagefind a rendu un index incomplet (un fichier vide), deux fois de suite : relancez la construction.');
      files = files.filter((file) => keep(file.path.split(sep).join('/')));
      for (const file of files) {
        const path = join(folder, file.path);
        if (previous === undefined || !linkSame(join(previous, file.path), path, file.content)) writeWhole(path, file.content);
      }
      const short = files.filter((file) => statSync(join(folder, file.path)).size !== file.content.length);
      if (short.length) throw new Error(`L’index de recherche n’a pas été écrit en entier : ${short.map((f) => f.path).join(', ')}.`);
      return this.#indexed.size;
    } finally {
      await this.close();
    }
  }

  /** Ends this index (and Pagefind's backend, when no other build of this process uses it). */
  async close(): Promise<void> {
    await this.#sent.catch(() => undefined);
    await this.#index.deleteIndex().catch(() => undefined);
    await release();
  }
}

/** What a build wrote of each part of its index (`<out>/.parcours/search.json`), for the next one. */
export interface SearchRecord {
  parts: Record<string, { digest: string; pages: number }>;
}

export const SEARCH_RECORD = `${SUMMARY_DIR}/search.json`;

function readRecord(outDir: string | undefined): SearchRecord | undefined {
  if (outDir === undefined) return undefined;
  try {
    return JSON.parse(readFileSync(join(outDir, SEARCH_RECORD), 'utf8')) as SearchRecord;
  } catch {
    return undefined;
  }
}

export interface SearchOptions {
  /** The site being built; the index goes to its `pagefind/`. */
  siteDir: string;
  /** The last good output, whose parts may be taken as they are. */
  previousDir?: string;
  language: string;
  parts: SearchPart[];
  /** What a part's index depends on besides its pages: the toolkit (its Pagefind version). */
  identity: string;
  /** A page's key, which fixes its bytes; undefined for a page without one (its content is hashed). */
  pageKey: (path: string) => string | undefined;
}

/** Files linked between two turns of the event loop, while Astro renders. */
const LINKS_PER_TURN = 256;

const digestOf = (identity: string, language: string, part: SearchPart, pageId: (path: string) => string) => {
  const hash = createHash('sha256').update(`${identity}\0${language}\0${part.dir}\0`);
  for (const path of part.paths) hash.update(`${path}\0${pageId(path)}\0`);
  return hash.digest('hex');
};

/**
 * The search index of a site, part by part: each taken from the last output when its pages
 * are the same, else indexed. It starts before the pages are rendered (`start`): a part whose
 * pages all have keys is known at once, to take (linked while Astro renders) or to index (its
 * pages taken from the page store handed to Pagefind at once, those still to render as
 * stand-ins); `finish` then gives Pagefind the rendered pages, and does the parts holding pages
 * without a key (the home page, the MDX pages: their content decides).
 */
export class SiteSearch {
  readonly #options: SearchOptions;
  readonly #last: SearchRecord | undefined;
  readonly #record = new Map<string, { digest: string; pages: number }>();
  /** Parts being indexed since `start`, with the pages still to give. */
  readonly #early = new Map<string, { index: Promise<PartIndex>; digest: string; rendered: string[] }>();
  #linking: Promise<void> = Promise.resolve();
  #started = new Set<string>();

  constructor(options: SearchOptions) {
    this.#options = options;
    this.#last = readRecord(options.previousDir);
  }

  get #out() {
    return join(this.#options.siteDir, 'pagefind');
  }

  get #before() {
    return this.#options.previousDir === undefined ? undefined : join(this.#options.previousDir, 'pagefind');
  }

  /** The last output's files of a part, when its digest is the one recorded there. */
  #takeable(part: SearchPart, digest: string): string[] | undefined {
    const before = this.#before;
    return this.#last?.parts[part.dir]?.digest === digest && before !== undefined ? partFiles(before, part.dir) : undefined;
  }

  /**
   * Starts the parts whose pages all have keys. `rendered`: the pages Astro is about to render;
   * `stored(path)`: where a page taken from the page store can be read meanwhile.
   */
  start(rendered: Set<string>, stored: (path: string) => string): void {
    const { parts, identity, language, pageKey } = this.#options;
    for (const part of parts) {
      if (!part.paths.every((path) => pageKey(path) !== undefined)) continue;
      // A part with nothing taken from the store waits for its pages (as in a first build).
      if (part.paths.every((path) => rendered.has(path))) continue;
      const digest = digestOf(identity, language, part, (path) => pageKey(path)!);
      this.#started.add(part.dir);
      const taken = this.#takeable(part, digest);
      if (taken) {
        this.#record.set(part.dir, { digest, pages: this.#last!.parts[part.dir]!.pages });
        this.#linking = this.#linking.then(() => this.#link(part.dir, taken));
        continue;
      }
      const index = PartIndex.open(language).then(async (partIndex) => {
        try {
          await partIndex.add(part.paths.map((path) => ({ url: pageUrl(path), html: () => (rendered.has(path) ? undefined : readFileSync(stored(path), 'utf8')) })));
        } catch (error) {
          // Closed here: `finish` and `close` see only the error.
          await partIndex.close();
          throw error;
        }
        return partIndex;
      });
      index.catch(() => undefined);
      this.#early.set(part.dir, { index, digest, rendered: part.paths.filter((path) => rendered.has(path)) });
    }
  }

  async #link(dir: string, files: string[]): Promise<void> {
    let count = 0;
    for (const file of files) {
      share(join(this.#before!, dir, file), join(this.#out, dir, file));
      if (++count % LINKS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Once every page is in the site: the rest of the index, written. */
  async finish(): Promise<{ pages: number; parts: number; indexed: number; reused: number }> {
    const { siteDir, language, parts, identity, pageKey } = this.#options;
    const read = (path: string) => readFileSync(join(siteDir, path), 'utf8');
    const keep = (dir: string) => (file: string) => dir === '' || MERGED_PART_FILE.test(file);
    const previousOf = (dir: string) => (this.#before === undefined ? undefined : join(this.#before, dir));
    let indexed = 0;
    try {
      await this.#linking;
      for (const part of parts) {
        const early = this.#early.get(part.dir);
        if (early) {
          const index = await early.index;
          await index.add(early.rendered.map((path) => ({ url: pageUrl(path), html: () => read(path) })));
          this.#early.delete(part.dir);
          this.#record.set(part.dir, { digest: early.digest, pages: await index.write(join(this.#out, part.dir), previousOf(part.dir), keep(part.dir)) });
          indexed++;
          continue;
        }
        if (this.#started.has(part.dir)) continue;
        const digest = digestOf(identity, language, part, (path) => {
          const key = pageKey(path);
          if (key !== undefined) return key;
          const input = searchInput(read(path));
          return `content:${input === undefined ? '-' : createHash('sha256').update(input).digest('hex')}`;
        });
        const taken = this.#takeable(part, digest);
        if (taken) {
          await this.#link(part.dir, taken);
          this.#record.set(part.dir, { digest, pages: this.#last!.parts[part.dir]!.pages });
          continue;
        }
        const index = await PartIndex.open(language);
        try {
          await index.add(part.paths.map((path) => ({ url: pageUrl(path), html: () => read(path) })));
        } catch (error) {
          await index.close();
          throw error;
        }
        this.#record.set(part.dir, { digest, pages: await index.write(join(this.#out, part.dir), previousOf(part.dir), keep(part.dir)) });
        indexed++;
      }
    } finally {
      await this.close();
    }
    for (const part of parts) {
      if (part.dir !== '' && this.#record.get(part.dir)!.pages === 0) throw new Error(`La partie ${part.dir} de l’index de recherche n’a aucune page à indexer.`);
    }
    // In the parts' order, whatever order they were done in: the same bytes.
    const record: SearchRecord = { parts: Object.fromEntries(parts.map((part) => [part.dir, this.#record.get(part.dir)!])) };
    writeWhole(join(siteDir, SEARCH_RECORD), new TextEncoder().encode(`${JSON.stringify(record, null, 2)}\n`));
    const pages = parts.reduce((sum, part) => sum + this.#record.get(part.dir)!.pages, 0);
    return { pages, parts: parts.length, indexed, reused: parts.length - indexed };
  }

  /** Ends the parts still open (the build failed). */
  async close(): Promise<void> {
    await this.#linking.catch(() => undefined);
    for (const [dir, early] of this.#early) {
      this.#early.delete(dir);
      await early.index.then((index) => index.close()).catch(() => undefined);
    }
  }
}

async function release(): Promise<void> {
  if (--users === 0) await pagefind.close();
}

/**
 * Indexes every HTML page of `siteDir` (in the site's language), as one part, and writes the
 * index to `siteDir/pagefind/`. Returns the number of pages indexed. Same pages → same bytes,
 * on any file system.
 */
export async function indexSite(siteDir: string, language: string): Promise<number> {
  const index = await PartIndex.open(language);
  try {
    await index.add(htmlFiles(siteDir).map((file) => ({ url: pageUrl(file), html: () => readFileSync(join(siteDir, file), 'utf8') })));
  } catch (error) {
    await index.close();
    throw error;
  }
  return index.write(join(siteDir, 'pagefind'), undefined, () => true);
}
