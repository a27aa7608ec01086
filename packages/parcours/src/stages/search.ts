/**
 * The search stage of a build: Pagefind's index of the built site, written to
 * `<site>/pagefind/`.
 *
 * Pagefind numbers pages in the order it receives them, and that numbering is in every
 * index file. Its own directory indexing (`addDirectory`) receives them in the order the
 * file system lists them, which differs between file systems (tmpfs and ext4 list the same
 * folder differently): the same site gave different index bytes. So the pages are handed
 * over one by one, in sorted order, each with its URL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import * as pagefind from 'pagefind';

/** The site's HTML pages, as `/`-separated paths relative to `siteDir`, in code-point order. */
export function sitePages(siteDir: string): string[] {
  return readdirSync(siteDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html'))
    .map((file) => file.split(sep).join('/'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The URL Pagefind's directory indexing gives a page: `a/b/index.html` → `/a/b/`, `404.html` → `/404.html`. */
export function pageUrl(file: string): string {
  return `/${file.replace(/(^|\/)index\.html$/, '$1')}`;
}

/**
 * Indexes every HTML page of `siteDir` (in the site's language) and writes the index to `siteDir/pagefind/`.
 * Returns the number of pages handed to Pagefind. Same pages → same bytes, on any file system.
 */
export async function indexSite(siteDir: string, language: string): Promise<number> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: language });
  if (!index) throw new Error(`Pagefind n’a pas pu démarrer${errors.length ? ` : ${errors.join(' ; ')}` : '.'}`);
  try {
    const pages = sitePages(siteDir);
    // One at a time: the order given is the order indexed, whatever Pagefind's version does
    // with concurrent requests.
    for (const file of pages) {
      const added = await index.addHTMLFile({ url: pageUrl(file), content: readFileSync(join(siteDir, file), 'utf8') });
      if (added.errors.length) throw new Error(`Pagefind n’a pas pu indexer ${file} : ${added.errors.join(' ; ')}`);
    }
    const written = await index.writeFiles({ outputPath: join(siteDir, 'pagefind') });
    if (written.errors.length) throw new Error(`Pagefind n’a pas pu écrire son index : ${written.errors.join(' ; ')}`);
    return pages.length;
  } finally {
    await pagefind.close();
  }
}
