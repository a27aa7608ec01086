/**
 * Parcours as an Astro integration (the convention Starlight's users know): it loads and checks
 * the content project ONCE per build (or takes the model the build already loaded), and hands
 * pages the model, the sheets, the graph facts and the diagrams through the virtual modules
 * `virtual:parcours/site` (see ./site-data.ts) and `virtual:parcours/pages` (the content
 * project's MDX pages). In `astro dev` it watches the content project: an edit reloads the
 * model once, and every page of a broken project shows the error panel instead of failing.
 */
import { basename, join } from 'node:path';
import type { AstroIntegration } from 'astro';
import type { Plugin, ViteDevServer } from 'vite';
import { hasErrors, type Diagnostic } from '../core/diagnostics.ts';
import { projectFacts } from '../core/flow-facts.ts';
import type { LoadResult } from '../core/load.ts';
import type { Page, Project } from '../core/model.ts';
import { sheetsOf, type Sheet } from '../core/sheet-contents.ts';
import { themeCss } from '../core/theme.ts';
import { basePath } from '../core/urls.ts';
import type { Settings, SettingsOptions } from '../settings/settings.ts';
import { diagramPageUrls, sitePages } from '../site/routes.ts';
import { searchParts } from '../site/search-parts.ts';
import { publishedSiteData, publishSiteData, withdrawSiteData, type SiteData } from './site-data.ts';

/** Integration instances made in this process (each build or dev server makes one). */
let instances = 0;

/** ./site-data, as this module runs: TypeScript in the repository, JavaScript once compiled. */
const SITE_DATA_MODULE = join(import.meta.dirname, basename(import.meta.filename).replace('integration', 'site-data'));

/**
 * What a build hands over: the model it loaded and checked, the graph facts and the sheets it
 * computed, its diagrams (each as soon as it is drawn), and the pages to render.
 */
export interface Preloaded {
  project: Project;
  sheets: Sheet[];
  facts: SiteData['facts'];
  /** A flow's diagram as inline SVG, once drawn. */
  diagram: SiteData['diagram'];
  /** The pages to render (every page when absent): the build reuses the others. */
  only?: Set<string>;
}

export interface ParcoursOptions {
  settings: Settings;
  /**
   * Given by `npm run build`; absent in `astro dev`, where the integration loads the project
   * itself. A promise lets Astro bundle the site while the build still checks the content:
   * pages are generated once it resolves.
   */
  preloaded?: Preloaded | Promise<Preloaded>;
  /** How settings were resolved, to resolve them again when parcours.yaml changes in dev. */
  settingsOptions?: SettingsOptions;
  /**
   * The key the pages find their data under (written into the bundle): a build names it, so
   * that the bundle it keeps (./kept-bundle.ts) finds the next build's data under the same one.
   */
  dataKey?: string;
}

/** What the pages of a build receive: the build's model, every diagram's stylesheet written by the build. */
export function preloadedData(settings: Settings, { project, sheets, facts, diagram, only }: Preloaded): Omit<SiteData, 'searchParts'> {
  return { config: settings.config, project, errors: [], sheets, facts, diagram, stylesWritten: true, ...(only ? { only } : {}) };
}

/**
 * The data with the parts of the search index the build writes for its pages: the search page
 * merges them. A project with errors (`npm run dev` only) has no index to search.
 */
export function withSearchParts(settings: Settings, data: Omit<SiteData, 'searchParts'>): SiteData {
  const slugs = [...data.project.pages.values()].map((page) => page.slug);
  const parts = data.errors.length ? [] : searchParts(sitePages(data, slugs), settings.searchPartPages);
  return { ...data, searchParts: parts.map((part) => part.dir).filter((dir) => dir !== '') };
}

/**
 * The pages to generate, those that show a diagram last: they wait for it (the build draws them
 * meanwhile) and hold up no other page.
 */
export function diagramPagesLast<T extends { pathname: string }>(paths: T[], data: SiteData): T[] {
  const late = diagramPageUrls(data);
  const waits = (pathname: string) => late.has(pathname) || late.has(`${pathname}/`);
  return [...paths.filter((p) => !waits(p.pathname)), ...paths.filter((p) => waits(p.pathname))];
}

const SITE_MODULE = 'virtual:parcours/site';
const PAGES_MODULE = 'virtual:parcours/pages';
/** The site's and the brands' colours as a stylesheet (core/theme.ts), which Astro bundles like the others. */
const THEME_MODULE = 'virtual:parcours/theme.css';

function dataFrom(settings: Settings, load: LoadResult, sheets: Sheet[], diagram: SiteData['diagram'], extraErrors: Diagnostic[] = []): Omit<SiteData, 'searchParts'> {
  const { project } = load;
  return {
    config: settings.config,
    project,
    errors: [...extraErrors, ...load.diagnostics.filter((d) => d.severity === 'error')],
    sheets,
    facts: projectFacts(project),
    diagram,
  };
}

/**
 * The pages a broken project would have, read as far as its files allow: each flow file's id and
 * the keys under its `nodes`. `npm run dev` keeps answering those addresses with the error
 * panel, so a reader of a page being edited never meets a 404 or a 500.
 */
async function declaredRoutes(settings: Settings, last: Omit<SiteData, 'searchParts'> | undefined): Promise<NonNullable<SiteData['routes']>> {
  const [{ discover }, { readSource }, { parseYaml }] = await Promise.all([import('../core/discover.ts'), import('../core/source.ts'), import('../core/yaml.ts')]);
  const flows = new Map<string, string[]>();
  const procedures = new Set<string>(last ? last.project.procedures.keys() : []);
  for (const flow of last?.project.flows.values() ?? []) flows.set(flow.id, [...flow.nodes.keys()]);
  for (const file of discover(settings.flowsDir, settings.contentDir)) {
    if (file.kind === 'procedure') procedures.add(file.id);
    if (file.kind !== 'flow') continue;
    const nodes = new Set(flows.get(file.id) ?? []);
    const read = readSource(file.path, file.file);
    const parsed = read.ok ? parseYaml(file.file, read.text) : undefined;
    const data = parsed?.ok ? (parsed.parsed.data as { nodes?: unknown }) : undefined;
    if (data?.nodes && typeof data.nodes === 'object') for (const id of Object.keys(data.nodes)) if (/^[a-z0-9-]+$/.test(id)) nodes.add(id);
    flows.set(file.id, [...nodes]);
  }
  return { flows, procedures: [...procedures] };
}

/** A flow's diagram drawn when a page asks for it (from the cache when unchanged), for runs without a build's diagrams. */
function drawOnDemand(project: Project, settings: Settings, keepAliveMs?: number): SiteData['diagram'] {
  return async (flowId) => {
    const { renderFlowDiagrams } = await import('../stages/diagrams.ts');
    const { diagrams } = await renderFlowDiagrams(project, { cacheDir: join(settings.cacheDir, 'diagrams'), baseUrl: basePath(settings.siteUrl), only: [flowId], ...(keepAliveMs ? { keepAliveMs } : {}) });
    return diagrams[0]?.svg ?? '';
  };
}

/**
 * The content project's MDX pages, imported by absolute path (the project may live anywhere):
 * only those the check passed (load.ts, pages.ts), so that Astro never compiles a page that
 * holds code, HTML or anything else the check refused.
 */
function pagesModule(pages: Page[]): string {
  const sorted = [...pages].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const imports = sorted.map((p, i) => `import * as page${i} from ${JSON.stringify(p.path)};`);
  const list = sorted.map((p, i) => `{ slug: ${JSON.stringify(p.slug)}, module: page${i} }`);
  return `${imports.join('\n')}\nexport const pages = [${list.join(', ')}];\n`;
}

export default function parcours(options: ParcoursOptions): AstroIntegration {
  let settings = options.settings;
  let last: Omit<SiteData, 'searchParts'> | undefined;
  // This instance's data, apart from any other build's in the same process.
  // A counter, not a random id: the key is written into a bundled module, and builds are byte-for-byte repeatable.
  const key = options.dataKey ?? `parcours-${++instances}`;
  // The pages the last load checked: the only ones handed to Astro.
  let pages: Page[] = [];
  const publish = (data: Omit<SiteData, 'searchParts'>) => {
    pages = [...data.project.pages.values()];
    publishSiteData(key, withSearchParts(settings, data));
  };

  /** `astro dev`: load, check, and publish; on errors keep serving every known address. */
  const loadForDev = async (): Promise<void> => {
    const [{ resolveSettings }, { loadFlows }] = await Promise.all([import('../settings/settings.ts'), import('../core/load.ts')]);
    const resolved = options.settingsOptions ? resolveSettings(options.settingsOptions) : ({ ok: true, settings } as const);
    const configErrors = resolved.ok ? [] : resolved.diagnostics;
    if (resolved.ok) settings = resolved.settings;
    const load = loadFlows(settings.flowsDir, { cwd: settings.contentDir });
    // The browser stays open between requests: an edited flow's diagram is redrawn at once.
    const data = dataFrom(settings, load, sheetsOf(load.project), drawOnDemand(load.project, settings, 120_000), configErrors);
    if (data.errors.length) data.routes = await declaredRoutes(settings, last);
    else last = data;
    publish(data);
  };

  // Pages read the data synchronously: page generation waits for the build's data, after the bundling.
  let ready: Promise<void> = Promise.resolve();
  const plugin: Plugin = {
    name: 'parcours-content',
    closeBundle: () => ready,
    resolveId(id) {
      if (id === SITE_MODULE || id === PAGES_MODULE || id === THEME_MODULE) return `\0${id}`;
      return undefined;
    },
    async load(id) {
      if (id === `\0${SITE_MODULE}`) {
        return `import { publishedSiteData } from ${JSON.stringify(SITE_DATA_MODULE)};\nexport const site = () => publishedSiteData(${JSON.stringify(key)});\n`;
      }
      // The MDX pages and the brands' colours are known once the build has checked the content:
      // these two modules wait for it, the rest of the bundle does not.
      if (id === `\0${PAGES_MODULE}`) {
        await ready;
        return pagesModule(pages);
      }
      if (id === `\0${THEME_MODULE}`) {
        await ready;
        const { config, project } = publishedSiteData(key);
        return themeCss(config, project.brands.values());
      }
      return undefined;
    },
    configureServer(server: ViteDevServer) {
      const watched = [settings.flowsDir, settings.pagesDir, join(settings.contentDir, 'parcours.yaml')];
      for (const path of watched) server.watcher.add(path);
      const onChange = async (file: string) => {
        if (!watched.some((w) => file === w || file.startsWith(`${w}/`))) return;
        await loadForDev();
        for (const id of [`\0${PAGES_MODULE}`, `\0${THEME_MODULE}`]) {
          const mod = server.moduleGraph.getModuleById(id);
          if (mod) server.moduleGraph.invalidateModule(mod);
        }
        server.ws.send({ type: 'full-reload', path: '*' });
      };
      server.watcher.on('change', onChange);
      server.watcher.on('add', onChange);
      server.watcher.on('unlink', onChange);
    },
  };

  return {
    name: 'parcours',
    hooks: {
      'astro:config:setup': async ({ updateConfig, command }) => {
        if (options.preloaded) {
          ready = Promise.resolve(options.preloaded).then((preloaded) => publish(preloadedData(settings, preloaded)));
        } else if (command === 'dev') {
          await loadForDev();
        } else {
          // `astro build` or `astro check` run directly: load once, no diagrams drawn here.
          const { loadFlows } = await import('../core/load.ts');
          const load = loadFlows(settings.flowsDir, { cwd: settings.contentDir });
          if (hasErrors(load.diagnostics)) throw new Error('Parcours : le contenu a des erreurs ; lancez « npm run check ».');
          publish(dataFrom(settings, load, sheetsOf(load.project), drawOnDemand(load.project, settings)));
        }
        if (!settings.siteUrl && command === 'dev') console.warn((await import('../core/config.ts')).noSiteUrlWarning(settings.configFile).message);
        updateConfig({ vite: { plugins: [plugin] } });
      },
      'astro:build:start': ({ setPrerenderer }) => {
        if (!options.preloaded) return;
        setPrerenderer((base) => ({
          ...base,
          getStaticPaths: async () => diagramPagesLast(await base.getStaticPaths(), publishedSiteData(key)),
        }));
      },
      'astro:build:done': () => withdrawSiteData(key),
    },
  };
}
