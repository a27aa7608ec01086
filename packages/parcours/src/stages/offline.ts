/**
 * The help without network: a service worker (`<site>/sw.js`) that keeps a copy of every page,
 * stylesheet, script, picture and search file on the reader's device the first time the site
 * is opened, and serves it when the network is gone (a hospital basement, one bar of signal).
 *
 * The worker is Workbox's (workbox-precaching, loaded by workbox-sw from the site's own
 * `workbox/` folder, no CDN); what the build writes is its configuration: the list of files with
 * a revision each, and a cache named by the content's version, so that a new build replaces the
 * whole copy and nothing stale stays. Workbox's own generator (workbox-build) bundles the worker
 * with Babel and Rollup, which took 15 s a build here (its import alone 6 s): this writes
 * the same precache manifest in a few milliseconds.
 *
 * Left out: the PDFs (large, and the pages hold the same text) and the diagrams' standalone
 * files; the folder's own metadata.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { earlierOutput, listOutput, type EarlierOutput, type OutputListing } from './tree.ts';

export const SERVICE_WORKER = 'sw.js';
/** Workbox's runtime, copied into the site (workbox-sw loads its modules from there). */
const WORKBOX_DIR = 'workbox';
const WORKBOX_MODULES = ['workbox-core', 'workbox-routing', 'workbox-strategies', 'workbox-precaching'];

/** What the copy holds: pages, styles, scripts, pictures, diagrams' styles and the search index. */
const KEPT = /\.(html|css|js|svg|png|jpe?g|webp|gif|ico|json|pagefind|pf_meta|pf_index|pf_fragment|pf_filter)$/;
/** Files nobody needs offline: Pagefind's other interfaces and its language-less index, the standalone diagrams. */
const LEFT_OUT = /^(\.|sw\.js$|workbox\/|diagrams\/.*\.svg$|pagefind\/(pagefind-(modular|component)-ui|pagefind-highlight)|pagefind\/wasm\.unknown)/;

export interface PrecacheEntry {
  url: string;
  revision: string;
}

/** The manifest a service worker written here holds (undefined when there is none, or it cannot be read). */
function manifestOf(siteDir: string): Map<string, string> | undefined {
  try {
    const worker = readFileSync(join(siteDir, SERVICE_WORKER), 'utf8');
    const json = /precacheAndRoute\((\[.*?\]), \{ directoryIndex/s.exec(worker)?.[1];
    return json === undefined ? undefined : new Map((JSON.parse(json) as PrecacheEntry[]).map((entry) => [entry.url, entry.revision]));
  } catch {
    return undefined;
  }
}

/**
 * The files of the copy, with their revisions, in code-point order: same site, same bytes. A
 * file that is the same file as in `previousDir` (the last output: a page taken from the page
 * store, a part of the search index taken as it was, both linked, never written in place)
 * keeps the revision the last worker gave it, without being read again (22,000 files, 150 MB
 * on 500 journeys).
 */
export function precacheManifest(siteDir: string, previousDir?: string | EarlierOutput, listing?: OutputListing): PrecacheEntry[] {
  const earlier = typeof previousDir === 'string' ? earlierOutput(previousDir) : previousDir;
  const previous = earlier === undefined ? undefined : manifestOf(earlier.dir);
  // The build's one listing of the folder (tree.ts), or a listing of its own.
  const { entries, unchanged } = listing?.dir === siteDir ? listing : listOutput(siteDir, earlier);
  return entries
    .filter(({ file, entry }) => entry.isFile() && KEPT.test(file) && !LEFT_OUT.test(file))
    .map(({ file: url }) => {
      const kept = previous?.get(url);
      const revision = kept !== undefined && unchanged.has(url) ? kept : createHash('sha256').update(readFileSync(join(siteDir, url))).digest('hex').slice(0, 16);
      return { url, revision };
    });
}

/**
 * Writes `sw.js` and Workbox's runtime into `siteDir`, for a site published under `base`
 * ("/" or "/aide/"): the worker's scope. Returns the number of files kept for offline reading
 * and the content's version (the cache's name ends with it). `previousDir`: the last output
 * (its folder, or the build's reading of it), whose worker's revisions are kept for the files
 * it shares (`precacheManifest`).
 */
export function writeServiceWorker(siteDir: string, base: string, previousDir?: string | EarlierOutput, listing?: OutputListing): { files: number; version: string; written: string[] } {
  const require = createRequire(import.meta.url);
  mkdirSync(join(siteDir, WORKBOX_DIR), { recursive: true });
  const runtime = [['workbox-sw', 'workbox-sw.js'], ...WORKBOX_MODULES.map((name) => [name, `${name}.prod.js`])] as const;
  for (const [name, file] of runtime) {
    const source = join(dirname(require.resolve(`${name}/package.json`)), 'build', file);
    // Without its source map comment: the map is not published.
    const text = readFileSync(source, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
    writeFileSync(join(siteDir, WORKBOX_DIR, file), text);
  }
  // The worker and its runtime are not in their own manifest; everything else is.
  const manifest = precacheManifest(siteDir, previousDir, listing);
  const version = createHash('sha256').update(JSON.stringify(manifest)).digest('hex').slice(0, 12);
  const worker = `// Hors ligne : copie du site gardée sur l’appareil du lecteur (Workbox). Écrit par la construction du site.
importScripts(${JSON.stringify(`${base}${WORKBOX_DIR}/workbox-sw.js`)});
workbox.setConfig({ modulePathPrefix: ${JSON.stringify(`${base}${WORKBOX_DIR}/`)}, debug: false });
// Named by the content's version (and the scope, by which Workbox finds the old copies to delete):
// a new build replaces the whole copy.
workbox.core.setCacheNameDetails({ prefix: 'parcours', suffix: ${JSON.stringify(version)} + '-' + self.registration.scope });
workbox.core.skipWaiting();
workbox.core.clientsClaim();
workbox.precaching.cleanupOutdatedCaches();
// A folder's address is its index.html; ?q= (search) and other parameters do not change the page.
workbox.precaching.precacheAndRoute(${JSON.stringify(manifest)}, { directoryIndex: 'index.html', ignoreURLParametersMatching: [/.*/], cleanURLs: false });
`;
  writeFileSync(join(siteDir, SERVICE_WORKER), worker);
  return { files: manifest.length, version, written: [...runtime.map(([, file]) => `${WORKBOX_DIR}/${file}`), SERVICE_WORKER] };
}
