/**
 * Astro's bundle of the site, kept from one build to the next. Bundling the site (Astro loads,
 * Vite compiles the toolkit's pages and the content project's MDX pages, then the stylesheets)
 * costs 3 to 5 s of a build, yet it depends on none of the journeys, procedures or contacts:
 * the content reaches the pages at run time, through the integration's data (./site-data.ts).
 * So a build that bundled keeps what the pages are rendered from (`keepBundle`): the prerender
 * bundle, the stylesheets and files Astro wrote beside the pages, and each page component's
 * list of stylesheets. The next build whose bundle would be the same (same key: the toolkit,
 * the MDX pages and their pictures, the brands' colours, the site's address; see
 * src/stages/site.ts) renders its pages from it (`openKeptBundle`), as Astro's own
 * generation does (the same requests, the same files), without loading Astro's build at all.
 *
 * The cache folder lies in the content project unless the machine says otherwise, and nothing
 * from a content project is run: a bundle is kept sealed (`seal`: an HMAC of its every file,
 * under a key of this user on this machine), and run only when the seal and every file hold. A
 * bundle committed into a repository, or written by anyone else, is bundled anew, never run.
 *
 * This reaches past Astro's public API (the build's page data, its `BuildApp`, the path of its
 * output files): the toolkit pins Astro's exact version, and the incremental build's test
 * compares a site rendered from a kept bundle with one Astro built, byte for byte.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AstroConfig, AstroIntegration, RouteData } from 'astro';
import { isRunning } from '../core/processes.ts';
import type { Settings } from '../settings/settings.ts';
import { treeEntries } from '../stages/tree.ts';
import { diagramPagesLast } from './integration.ts';
import type { SiteData } from './site-data.ts';
import { TYPESET_PAGES } from './typography-middleware.ts';

/** What a kept bundle is made of changes with this number: a bundle kept by another one is not used. */
const FORMAT = 1;
const META = 'bundle.json';

interface KeptBundleFacts {
  format: number;
  /** Every file of the bundle but this one, with its SHA-256, sorted by path. */
  files: [string, string][];
  /** The HMAC of these facts (this field aside) under the machine's key. */
  seal?: string;
  key: string;
  astro: string;
  /** The prerender bundle's entry module, under `prerender/`. */
  entry: string;
  /** Each page component's stylesheets, as Astro's build recorded them (key of its page data → its styles). */
  styles: [string, unknown[]][];
  /** What the pages' addresses are made of (Astro's resolved configuration). */
  origin: string;
  base: string;
  trailingSlash: AstroConfig['trailingSlash'];
}

/** Where a project's site bundle is kept between builds: in its cache folder. */
export const keptBundlesDir = (settings: Settings) => join(settings.cacheDir, 'site-bundle');

/** Pages rendered side by side, as Astro's build does (src/stages/site-worker.ts). */
const CONCURRENCY = 16;

const astroDir = dirname(createRequire(import.meta.url).resolve('astro/package.json'));
const astroVersion = (JSON.parse(readFileSync(join(astroDir, 'package.json'), 'utf8')) as { version: string }).version;
/** A module of Astro's own build, by its path in the package (not exported: the version is pinned). */
const astroInternal = <T>(path: string): Promise<T> => import(pathToFileURL(join(astroDir, 'dist', path)).href) as Promise<T>;

const sealKeys = new Map<string, Buffer | undefined>();

/**
 * This user's key for sealing bundles (`file`: Settings.sealKeyFile), made once, readable by
 * them alone; none (so no bundle kept or run) where it cannot be made or is not theirs alone.
 */
function sealKey(file: string): Buffer | undefined {
  if (sealKeys.has(file)) return sealKeys.get(file);
  let key: Buffer | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, randomBytes(32), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const stat = lstatSync(file);
    if (stat.isFile() && stat.uid === process.getuid?.() && (stat.mode & 0o077) === 0 && stat.size === 32) key = readFileSync(file);
  } catch {
    // No key: nothing kept, nothing run.
  }
  sealKeys.set(file, key);
  return key;
}

/** Whether bundles can be kept (and run) here: this user has a key to seal them with. */
export const canKeepBundles = (sealKeyFile: string): boolean => sealKey(sealKeyFile) !== undefined;

const sealOf = (key: Buffer, facts: KeptBundleFacts) => createHmac('sha256', key).update(JSON.stringify({ ...facts, seal: undefined })).digest();
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The files of a bundle folder (`bundle.json` aside), with their SHA-256, sorted by path. */
const filesOf = (dir: string): [string, string][] =>
  filesUnder(dir)
    .filter((file) => file !== META)
    .sort()
    .map((file) => [file, sha256(join(dir, file))]);

/** Writes the facts of the bundle in `dir`, with its files as they are and its seal. */
function writeSeal(dir: string, facts: KeptBundleFacts, key: Buffer): void {
  const sealed: KeptBundleFacts = { ...facts, files: filesOf(dir), seal: undefined };
  sealed.seal = sealOf(key, sealed).toString('hex');
  writeFileSync(join(dir, META), `${JSON.stringify(sealed)}\n`);
}

/**
 * Seals the bundle in `dir` again, as it now is, under this user's key: what the user who ran
 * the build may do (the tests, to keep a bundle that fails to render), and no one else.
 */
export function resealKeptBundle(dir: string, sealKeyFile: string): void {
  const key = sealKey(sealKeyFile);
  if (!key) throw new Error(`Pas de clé pour sceller le paquet : ${sealKeyFile}`);
  writeSeal(dir, JSON.parse(readFileSync(join(dir, META), 'utf8')) as KeptBundleFacts, key);
}

/**
 * The bundle kept in `keptDir` (one at most), if it was kept by this Astro in this form, sealed
 * under this user's key, with exactly the files it was sealed with: its folder and its key.
 */
export function findKeptBundle(keptDir: string, sealKeyFile: string): { dir: string; key: string } | undefined {
  let names: string[];
  try {
    names = readdirSync(keptDir).filter((name) => !name.endsWith('.tmp'));
  } catch {
    return undefined;
  }
  for (const key of names) {
    const dir = join(keptDir, key);
    if (sealed(dir, key, sealKeyFile)) return { dir, key };
  }
  return undefined;
}

/** Whether the bundle in `dir` is the one for `key`, sealed by this user and unchanged since. */
function sealed(dir: string, key: string, sealKeyFile: string): boolean {
  const sealing = sealKey(sealKeyFile);
  try {
    const facts = JSON.parse(readFileSync(join(dir, META), 'utf8')) as KeptBundleFacts;
    if (!sealing || facts.format !== FORMAT || facts.key !== key || facts.astro !== astroVersion || typeof facts.seal !== 'string') return false;
    const seal = Buffer.from(facts.seal, 'hex');
    const expected = sealOf(sealing, facts);
    if (seal.length !== expected.length || !timingSafeEqual(seal, expected)) return false;
    return JSON.stringify(filesOf(dir)) === JSON.stringify(facts.files);
  } catch {
    return false;
  }
}

/** Every file under `dir`, as paths relative to it. */
const filesUnder = (dir: string): string[] => (existsSync(dir) ? treeEntries(dir).filter(({ entry }) => entry.isFile()).map(({ file }) => file) : []);

/**
 * An integration that keeps the bundle of the build it is part of, under `<keptDir>/<key>`,
 * sealed with the key in `sealKeyFile`
 * (the key known once the content is checked), and removes the bundles kept before: one is
 * kept, the size of one site's bundle. Done once the pages are generated, before Astro removes
 * its prerender bundle.
 */
export function keepBundle(keptDir: string, sealKeyFile: string, key: Promise<string>): AstroIntegration {
  let config: AstroConfig | undefined;
  let pages: Map<string, { styles: unknown[] }> | undefined;
  return {
    name: 'parcours-keep-bundle',
    hooks: {
      'astro:config:done': ({ config: resolved }) => {
        config = resolved;
      },
      // The build's page data: its stylesheets are filled in while Vite bundles.
      'astro:build:setup': ({ pages: data }) => {
        pages = data as unknown as Map<string, { styles: unknown[] }>;
      },
      'astro:build:generated': async ({ dir }) => {
        if (!config || !pages || config.build.format !== 'directory' || Object.keys(config.redirects).length || config.i18n) return;
        const outDir = fileURLToPath(dir);
        const prerender = join(outDir, '.prerender');
        const entry = existsSync(prerender) ? readdirSync(prerender).find((name) => /^prerender-entry\..*\.mjs$/.test(name)) : undefined;
        const sealing = sealKey(sealKeyFile);
        if (!entry || !sealing) return;
        const bundleKey = await key;
        const target = join(keptDir, bundleKey);
        const temporary = `${target}.${process.pid}.tmp`;
        rmSync(temporary, { recursive: true, force: true });
        cpSync(prerender, join(temporary, 'prerender'), { recursive: true });
        // What Astro writes beside the pages whatever the content: its stylesheets and the
        // MDX pages' pictures (build.assets), and the toolkit's public files.
        const publicDir = fileURLToPath(config.publicDir);
        const assets = [
          ...filesUnder(join(outDir, config.build.assets)).map((file) => join(config!.build.assets, file)),
          ...filesUnder(publicDir).filter((file) => existsSync(join(outDir, file))),
        ];
        for (const file of assets) cpSync(join(outDir, file), join(temporary, 'assets', file));
        const facts: KeptBundleFacts = {
          format: FORMAT,
          files: [],
          key: bundleKey,
          astro: astroVersion,
          entry,
          styles: [...pages].map(([pageKey, data]) => [pageKey, data.styles]),
          origin: config.site ? new URL(config.site).origin : `http://localhost:${config.server.port}`,
          base: config.base,
          trailingSlash: config.trailingSlash,
        };
        writeSeal(temporary, facts, sealing);
        mkdirSync(keptDir, { recursive: true });
        // The others go, but what another build is still writing.
        for (const name of readdirSync(keptDir)) {
          const writer = /\.(\d+)\.tmp$/.exec(name)?.[1];
          if (name !== bundleKey && !(writer && isRunning(Number(writer)))) rmSync(join(keptDir, name), { recursive: true, force: true });
        }
        rmSync(target, { recursive: true, force: true });
        renameSync(temporary, target);
      },
    },
  };
}

/** Astro's helpers for addresses (its core/path.js). */
interface PathHelpers {
  appendForwardSlash(path: string): string;
  collapseDuplicateTrailingSlashes(path: string, trailingSlash: boolean): string;
  hasFileExtension(path: string): boolean;
  joinPaths(...paths: string[]): string;
  removeLeadingForwardSlash(path: string): string;
  removeTrailingForwardSlash(path: string): string;
}

/** The address Astro's build requests a page at (its `getUrlForPath`, for the directory format). */
function pageUrl(p: PathHelpers, facts: KeptBundleFacts, pathname: string, route: RouteData): URL {
  const ending = facts.trailingSlash === 'never' ? '' : '/';
  let address: string;
  if (pathname === '/' || pathname === '') {
    address = p.collapseDuplicateTrailingSlashes(facts.base + ending, facts.trailingSlash !== 'never');
  } else if (route.type === 'endpoint') {
    address = p.joinPaths(facts.base, p.removeLeadingForwardSlash(pathname));
    if (facts.trailingSlash === 'always' && !p.hasFileExtension(pathname)) address = p.appendForwardSlash(address);
    else if (facts.trailingSlash === 'never') address = p.removeTrailingForwardSlash(address);
  } else {
    address = p.joinPaths(facts.base, p.removeTrailingForwardSlash(p.removeLeadingForwardSlash(pathname)) + ending);
  }
  return new URL(address, facts.origin);
}

interface PrerenderApp {
  setInternals(internals: unknown): void;
  setOptions(options: unknown): void;
  render(request: Request, options: { routeData: RouteData }): Promise<Response>;
}

/** A kept bundle, loaded: it renders a build's pages. */
export interface KeptSite {
  /**
   * Renders into `outDir` the pages `data.only` names, or all, those that wait for a diagram
   * last, with the data the pages read (published under the key the bundle was made with), and
   * writes the files Astro writes beside them.
   */
  render(outDir: string, data: SiteData): Promise<void>;
}

/** Loads the bundle kept in `kept` (found by `findKeptBundle`), and what renders from it. */
export async function openKeptBundle(kept: string): Promise<KeptSite> {
  const facts = JSON.parse(readFileSync(join(kept, META), 'utf8')) as KeptBundleFacts;
  const [{ app }, { StaticPaths }, { getOutFolder, getOutFile }, path] = await Promise.all([
    import(pathToFileURL(join(kept, 'prerender', facts.entry)).href) as Promise<{ app: PrerenderApp }>,
    import('astro/runtime/prerender/static-paths.js'),
    astroInternal<{ getOutFolder: (settings: unknown, pathname: string, route: RouteData) => URL; getOutFile: (format: string, folder: URL, pathname: string, route: RouteData) => URL }>('core/build/common.js'),
    astroInternal<PathHelpers>('core/path.js'),
  ]);
  // What Astro's build hands its app: the pages' stylesheets, no page script, a logger.
  app.setInternals({ pagesByKeys: new Map(facts.styles.map(([pageKey, styles]) => [pageKey, { styles: [...styles] }])) });
  const destination = {
    write: (event: { level: string; label: string | null; message: string }) => {
      if (event.level === 'error' || event.level === 'warn') process.stderr.write(`${event.label ? `[${event.label}] ` : ''}${event.message}\n`);
      return true;
    },
  };
  app.setOptions({ settings: { scripts: [] }, logger: { options: { destination } } });
  return {
    render: async (outDir, data) => {
      mkdirSync(outDir, { recursive: true });
      if (existsSync(join(kept, 'assets'))) cpSync(join(kept, 'assets'), outDir, { recursive: true });
      const outSettings = { buildOutput: 'static', config: { outDir: pathToFileURL(outDir + sep), build: { format: 'directory' } } };
      const paths = diagramPagesLast(await new StaticPaths(app as never).getAll(), data);
      // While this renders only: Astro's own build (when a kept bundle fails) reads the bodies.
      const typeset = new WeakMap<Response, string>();
      const shared = globalThis as { [TYPESET_PAGES]?: WeakMap<Response, string> };
      shared[TYPESET_PAGES] = typeset;
      let next = 0;
      const worker = async () => {
        while (next < paths.length) {
          const { pathname, route } = paths[next++]!;
          const response = await app.render(new Request(pageUrl(path, facts, pathname, route)), { routeData: route });
          if (response.status >= 300 && response.status < 400) throw new Error(`La page ${pathname} redirige ailleurs : le site d’un projet Parcours n’a pas de redirection.`);
          // A page's HTML as the typography middleware left it (a string), else the body;
          // let go of at once (a WeakMap's entry lives until a full collection finds its key gone).
          const html = typeset.get(response);
          typeset.delete(response);
          const body = html ?? (response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
          if (body === undefined) continue;
          const encoded = encodeURI(pathname);
          const file = fileURLToPath(getOutFile('directory', getOutFolder(outSettings, encoded, route), encoded, route));
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, body);
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(CONCURRENCY, paths.length) }, worker));
      } finally {
        delete shared[TYPESET_PAGES];
      }
    },
  };
}
