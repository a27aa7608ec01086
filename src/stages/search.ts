/** The search stage of a build: Pagefind's index of the built site, in the site's language. */
import { join } from 'node:path';

/** Indexes every page of `siteDir` into `siteDir/pagefind/`; returns how many pages were indexed. */
export async function indexSite(siteDir: string, language: string): Promise<number> {
  const pagefind = await import('pagefind');
  const { index } = await pagefind.createIndex({ forceLanguage: language });
  if (!index) throw new Error('Pagefind n’a pas pu démarrer.');
  const added = await index.addDirectory({ path: siteDir });
  await index.writeFiles({ outputPath: join(siteDir, 'pagefind') });
  await pagefind.close();
  return added.page_count;
}
