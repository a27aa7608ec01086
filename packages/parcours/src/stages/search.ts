/**
 * The search stage of a build: Pagefind's index of the built site, written to
 * `<site>/pagefind/`.
 *
 * Order. Pagefind numbers pages in the order it receives them, and that numbering is in every
 * index file; its own directory indexing follows the file system's listing order, which differs
 * between file systems. So pages are handed over one by one, in code-point order of their paths.
 *
 * Incremental. Pagefind keeps its index in memory only, so each build gives it every page. But
 * adding a page under a URL it already has replaces that page in place: a build that reuses
 * most pages hands them over at once, in order, with an empty stand-in for each page still to
 * render, then each rendered page under its URL. Pagefind then holds the same pages in the same
 * order as a build from scratch, and writes the same bytes (test/build/incremental-site.test.ts).
 *
 * What Pagefind is given. Of a page with a `data-pagefind-body` element (the layout's
 * `<main>`), Pagefind reads only that element, the `<html>` tag and the title: it is given
 * those, under half of the bytes (a test compares with whole pages). A page without one is not
 * indexed and not given.
 *
 * Writing. Pagefind 1.5.2 answers « written » before its files are flushed: closing it right
 * after left 0-byte files under load. The index is asked for in memory (`getFiles`), and each
 * file written here, atomically, then checked; a file the last output holds with the same
 * bytes is linked from it instead.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import * as pagefind from 'pagefind';
import { linkIfPossible } from './hard-link.ts';

/** The site's HTML pages, as `/`-separated paths relative to `siteDir`, in code-point order. */
export function htmlFiles(siteDir: string): string[] {
  return readdirSync(siteDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html'))
    .map((file) => file.split(sep).join('/'))
    .sort(byCodePoint);
}

export const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

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
  return `${pageHead(head)}<body>${main}</body></html>`;
}

/** Builds open at once in this process share Pagefind's one backend: it closes with the last. */
let users = 0;

/** Writes under a temporary name, then renames: a reader sees the whole file or none. */
function writeWhole(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
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

/**
 * One site's search index, fed page by page (see above), then written. `read` gives a page's
 * HTML by its path in the site.
 */
export class SiteIndex {
  readonly #language: string;
  #index: pagefind.PagefindIndex | undefined;
  #indexed = new Set<string>();
  /** Pages fed so far, in the order given: the order is the index's numbering. */
  #queue: Promise<void> = Promise.resolve();

  private constructor(language: string, index: pagefind.PagefindIndex) {
    this.#language = language;
    this.#index = index;
  }

  static async open(language: string): Promise<SiteIndex> {
    users++;
    try {
      const { index, errors } = await pagefind.createIndex({ forceLanguage: language });
      if (!index) throw new Error(`Pagefind n’a pas pu démarrer${errors.length ? ` : ${errors.join(' ; ')}` : '.'}`);
      return new SiteIndex(language, index);
    } catch (error) {
      await release();
      throw error;
    }
  }

  /** Pages indexed so far (those with a body to index). */
  get size(): number {
    return this.#indexed.size;
  }

  /**
   * Hands `files` to Pagefind, in this order, after what was given before: each as `read`
   * gives it, or, when `read` gives nothing yet (a page still to render), an empty stand-in
   * that holds its place until `replace` gives the page.
   */
  add(files: string[], read: (file: string) => string | undefined): Promise<void> {
    return this.#feed(files, (file) => {
      const html = read(file);
      if (html !== undefined) return searchInput(html);
      // A page with no body to index: it holds the place without counting in the index.
      return `<!doctype html><html lang="${this.#language}"></html>`;
    });
  }

  /** Gives Pagefind the final version of pages given before as stand-ins (or not given at all: they go last). */
  replace(files: string[], read: (file: string) => string): Promise<void> {
    return this.#feed(files, (file) => searchInput(read(file)) ?? `<!doctype html><html lang="${this.#language}"></html>`);
  }

  #feed(files: string[], input: (file: string) => string | undefined): Promise<void> {
    const index = this.#index!;
    this.#queue = this.#queue.then(async () => {
      // One at a time: the order given is the order indexed.
      for (const file of files) {
        const content = input(file);
        if (content === undefined) continue;
        const added = await index.addHTMLFile({ url: pageUrl(file), content });
        if (added.errors.length) throw new Error(`Pagefind n’a pas pu indexer ${file} : ${added.errors.join(' ; ')}`);
        if (content.includes('data-pagefind-body')) this.#indexed.add(file);
        else this.#indexed.delete(file);
      }
    });
    return this.#queue;
  }

  /**
   * Writes the index to `<siteDir>/pagefind/` and closes it. Returns the number of pages
   * indexed. A file Pagefind hands over empty is asked for again once, then refused. A file
   * the last build's output (`previousDir`) holds with the same bytes is linked from it rather
   * than written (Pagefind names most of its files by a hash of their content: after a small
   * edit, all but a few hundred of 10,000 are the same).
   */
  async write(siteDir: string, previousDir?: string): Promise<number> {
    const index = this.#index!;
    try {
      await this.#queue;
      let files: { path: string; content: Uint8Array }[] = [];
      for (let attempt = 1; attempt <= 2; attempt++) {
        const got = await index.getFiles();
        if (got.errors.length) throw new Error(`Pagefind n’a pas pu écrire son index : ${got.errors.join(' ; ')}`);
        files = got.files;
        if (files.length > 0 && files.every((f) => f.content.length > 0)) break;
        files = [];
      }
      const empty = files.length === 0;
      if (empty) throw new Error('Pagefind a rendu un index incomplet (un fichier vide), deux fois de suite : relancez la construction.');
      const dir = join(siteDir, 'pagefind');
      const previous = previousDir === undefined ? undefined : join(previousDir, 'pagefind');
      for (const file of files) {
        const path = join(dir, file.path);
        if (previous === undefined || !linkSame(join(previous, file.path), path, file.content)) writeWhole(path, file.content);
      }
      const short = files.filter((file) => statSync(join(dir, file.path)).size !== file.content.length);
      if (short.length) throw new Error(`L’index de recherche n’a pas été écrit en entier : ${short.map((f) => f.path).join(', ')}.`);
      return this.#indexed.size;
    } finally {
      await this.close();
    }
  }

  /** Ends this index (and Pagefind's backend, when no other build of this process uses it). */
  async close(): Promise<void> {
    if (!this.#index) return;
    const index = this.#index;
    this.#index = undefined;
    await this.#queue.catch(() => undefined);
    await index.deleteIndex().catch(() => undefined);
    await release();
  }
}

async function release(): Promise<void> {
  if (--users === 0) await pagefind.close();
}

/**
 * Indexes every HTML page of `siteDir` (in the site's language) and writes the index to
 * `siteDir/pagefind/`. Returns the number of pages indexed. Same pages → same bytes, on any
 * file system.
 */
export async function indexSite(siteDir: string, language: string): Promise<number> {
  const index = await SiteIndex.open(language);
  try {
    await index.add(htmlFiles(siteDir), (file) => readFileSync(join(siteDir, file), 'utf8'));
    return await index.write(siteDir);
  } catch (error) {
    await index.close();
    throw error;
  }
}
