/**
 * The build: check → diagrams → site → sheets → search index (STAGES), into a temporary
 * folder that replaces the output folder only when every stage succeeded: a content error, a
 * missing Chromium, a full disk or Ctrl-C leave the last good output exactly as it was.
 *
 * The content is loaded and checked ONCE; the diagrams, the site (through the Astro
 * integration) and the sheets all receive that one model. Nothing changed since the last good
 * build: nothing is redone. Otherwise diagrams, pages and sheets whose inputs did not change
 * come from the cache. What the build did is written to `<out>/.parcours/build.json`.
 *
 * Stages overlap where they do not depend on each other. While the content is checked (or,
 * when it looked unchanged, once the check finds something to do), Astro (in its own process)
 * bundles the site and the build's one Chromium starts. The diagrams are drawn while Astro
 * renders the pages that do not show them; the search index takes the pages reused from the
 * last build at once; the sheets are printed, in the same Chromium, while Pagefind indexes the
 * rest.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CONFIG_FILE, noSiteUrlWarning } from '../core/config.ts';
import { hasErrors, type Diagnostic } from '../core/diagnostics.ts';
import { projectFacts } from '../core/flow-facts.ts';
import { loadCount } from '../core/load-count.ts';
import { loadFlows, type LoadResult } from '../core/load.ts';
import { sheetsOf } from '../core/sheet-contents.ts';
import { basePath, sheetPrintUrl } from '../core/urls.ts';
import type { SharedBrowser } from '../render/browser.ts';
import type { Renderer } from '../render/mermaid-svg.ts';
import type { Settings } from '../settings/settings.ts';
import { sitePages } from '../site/routes.ts';
import { searchParts } from '../site/search-parts.ts';
import { buildFingerprint, contentDigest, toolkitIdentity } from './fingerprint.ts';
import { manyJourneys } from './memory-options.ts';
import { diskParses } from './parse-cache.ts';
import { STAGES, SUMMARY_DIR, SUMMARY_FILE, type BuildSummary, type StageId, type StageReport } from './index.ts';
import { writeServiceWorker } from './offline.ts';
import { prepareBuild } from './preflight.ts';
import type { SiteRender } from './site.ts';
import { claimSkeleton, emptyInBackground, emptyingPrefix, foldersInBackground, removeInThread, removeUnusedFolders, returnSkeleton, siteLeftoverOf, skeletonOf } from './recycle.ts';
import { listOutput, readEarlierOutput } from './tree.ts';
import type { CheckedAhead, WrittenFacts } from './verify.ts';

export interface BuildEvents {
  /** A stage made progress (diagrams drawn, sheets printed). */
  progress?: (stage: StageId, done: number, total: number) => void;
  /** A stage ended. */
  stageDone?: (report: StageReport) => void;
  /** Sheets longer than two pages, as warnings placed at the step where page 2 ends. */
  sheetWarnings?: (warnings: Diagnostic[]) => void;
  /** The content's problems (errors stop the build; warnings are reported). */
  diagnostics?: (diagnostics: Diagnostic[], result: LoadResult) => void;
}

export type BuildOutcome =
  | { ok: true; summary: BuildSummary }
  | { ok: false; reason: 'content' | 'failed' | 'interrupted'; message: string };

const since = (start: number) => Math.round((performance.now() - start) / 10) / 100;
/** Lets what waits on this thread's event loop (Chromium, Astro's messages) move on. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What a build starts ahead of its stages: Astro's process, Chromium, and a page ready to draw diagrams in it. */
interface Workers {
  site: SiteRender;
  browser: SharedBrowser;
  diagrams: Promise<Renderer>;
}

/** Astro's working folder, inside the temporary output folder (removed with it, whatever happens). */
const SITE_WORK_DIR = '.site';

/** The summary of the last good build in `outDir`, if any. */
export function readSummary(outDir: string): BuildSummary | undefined {
  try {
    return JSON.parse(readFileSync(join(outDir, SUMMARY_FILE), 'utf8')) as BuildSummary;
  } catch {
    return undefined;
  }
}

function writeSummary(dir: string, summary: BuildSummary): void {
  mkdirSync(join(dir, SUMMARY_DIR), { recursive: true });
  const path = join(dir, SUMMARY_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(summary, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** Past this many entries, the content is taken as changed without looking further. */
const MAX_LOOKED_AT = 20_000;

/**
 * Whether a file or folder of the content project was modified after the last good build's
 * summary was written: its output, its cache, its dependencies and hidden folders aside. It
 * decides only WHEN Chromium and Astro start (before the check, or after it finds something to
 * do), never what is built: a change it misses (the toolkit upgraded) starts them a little later.
 */
export function looksChanged(settings: Settings): boolean {
  let since: number;
  try {
    since = statSync(join(settings.outDir, SUMMARY_FILE)).mtimeMs;
  } catch {
    return true;
  }
  const skipped = new Set([settings.outDir, settings.cacheDir]);
  // The folders holding the output and the cache change with every build (the new output is
  // renamed into place, the last one out of it): their own dates say nothing of the content.
  const busy = new Set([dirname(settings.outDir), dirname(settings.cacheDir)]);
  const folders = [settings.contentDir];
  let seen = 0;
  while (folders.length) {
    const folder = folders.pop()!;
    let entries: Dirent[];
    try {
      if (!busy.has(folder) && lstatSync(folder).mtimeMs > since) return true;
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return true;
    }
    for (const entry of entries) {
      if (++seen > MAX_LOOKED_AT) return true;
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!skipped.has(path)) folders.push(path);
      } else {
        try {
          if (lstatSync(path).mtimeMs > since) return true;
        } catch {
          return true;
        }
      }
    }
  }
  return false;
}

/** One build of one content project. `abort()` (on a signal) removes what it had written. */
export class Build {
  readonly #settings: Settings;
  readonly #staging: string;
  readonly #previous: string;
  /** The folders kept from the output before last (./recycle.ts), and those of them the temporary folder holds. */
  readonly #skeleton: string;
  #folders: string[] = [];
  /** Astro's process, while it renders (it writes into the temporary folder). */
  #site: SiteRender | undefined;

  constructor(settings: Settings) {
    this.#settings = settings;
    const out = settings.outDir;
    this.#staging = join(dirname(out), `.${basename(out)}-${process.pid}`);
    this.#previous = join(dirname(out), `.${basename(out)}-old-${process.pid}`);
    this.#skeleton = skeletonOf(out);
  }

  /** Stops Astro, removes the temporary folder; puts the previous output back if interrupted between the two renames. */
  abort(): void {
    this.#site?.stop();
    rmSync(this.#staging, { recursive: true, force: true });
    if (!existsSync(this.#settings.outDir) && existsSync(this.#previous)) renameSync(this.#previous, this.#settings.outDir);
  }

  /**
   * @param options.force build even when nothing changed
   * @param options.keepFolders keep the output's folders for the next build (./recycle.ts;
   *   default true); false for a build into a private folder removed right after (`parcours
   *   diff --fiches`), where no process may still be writing
   */
  async run(options: { force?: boolean; keepFolders?: boolean } = {}, events: BuildEvents = {}): Promise<BuildOutcome> {
    const settings = this.#settings;
    const started = performance.now();
    const stages: StageReport[] = [];
    const done = (id: StageId, start: number, counts: Record<string, number>) => {
      const report = { id, label: STAGES.find((s) => s.id === id)!.label, seconds: since(start), counts };
      stages.push(report);
      events.stageDone?.(report);
    };

    prepareBuild(settings);
    const previous = readSummary(settings.outDir);
    // Chromium and Astro take seconds to start: when the content looks changed since the last
    // good build (or there is none), they start now, on the other cores, while the content is
    // checked on this thread; they are stopped if there turns out to be nothing to do.
    let workers = options.force || !previous || looksChanged(settings) ? await this.#startWorkers() : undefined;
    const loadsBefore = loadCount();
    let t = performance.now();
    // The files whose text the last build parsed are not parsed again (./parse-cache.ts).
    const parses = diskParses(join(settings.cacheDir, 'yaml'));
    const loaded = loadFlows(settings.flowsDir, { cwd: settings.contentDir, parses });
    parses.prune();
    // Relative to the project, like every other message of the build (build.json holds no machine's path).
    const configWarnings = settings.siteUrl ? [] : [noSiteUrlWarning(CONFIG_FILE)];
    const warnings = [...configWarnings, ...loaded.diagnostics.filter((d) => d.severity === 'warning')];
    const { project } = loaded;
    done('check', t, { flows: project.flows.size, procedures: project.procedures.size, contacts: project.contacts.size, errors: loaded.diagnostics.filter((d) => d.severity === 'error').length, parsesReused: parses.reused });
    events.diagnostics?.([...configWarnings, ...loaded.diagnostics], loaded);
    if (hasErrors(loaded.diagnostics)) {
      await this.#stopWorkers(workers);
      return { ok: false, reason: 'content', message: 'les parcours contiennent des erreurs (voir ci-dessus).' };
    }

    const fingerprint = buildFingerprint(settings, project);
    const totals = { flows: project.flows.size, procedures: project.procedures.size, contacts: project.contacts.size, pages: 0, diagrams: 0, sheets: 0 };
    const toWarning = (d: Diagnostic) => ({ code: d.code, file: d.file, line: d.line, column: d.column, message: d.message });
    if (!options.force && previous?.fingerprint === fingerprint) {
      await this.#stopWorkers(workers);
      const summary: BuildSummary = { ...previous, upToDate: true, modelLoads: loadCount() - loadsBefore, stages, warnings: warnings.map(toWarning), seconds: since(started) };
      writeSummary(settings.outDir, summary);
      return { ok: true, summary };
    }

    // Something to do: Chromium and Astro are started now if they were not (the content looked
    // unchanged); Astro bundles the site and Chromium starts while the pages' keys are computed.
    workers ??= await this.#startWorkers();
    const { site, browser, diagrams } = workers;
    const stop = async () => {
      site.stop();
      this.#site = undefined;
      await diagrams.then((renderer) => renderer.close()).catch(() => undefined);
      await browser.close();
    };
    let written: WrittenFacts;
    try {
      written = await this.#make(loaded, workers, { totals, warnings, done }, events);
    } catch (error) {
      await stop();
      throw error;
    }
    // Chromium quits (and its profile goes) while the output is checked, not before.
    const stopping = stop();
    let summary: BuildSummary;
    try {
      summary = { fingerprint, upToDate: false, modelLoads: loadCount() - loadsBefore, stages, totals, warnings: warnings.map(toWarning), seconds: since(started) };
      writeSummary(this.#staging, summary);
      // Read back before it is published: nothing empty, cut short or missing (verify.ts).
      const { assertOutputComplete } = await import('./verify.ts');
      await assertOutputComplete(this.#staging, settings.siteUrl, written);
    } finally {
      await stopping;
    }
    const out = settings.outDir;
    const replacing = existsSync(out);
    if (replacing) renameSync(out, this.#previous);
    renameSync(this.#staging, out);
    if (options.keepFolders === false) rmSync(this.#previous, { recursive: true, force: true });
    else if (replacing) emptyInBackground(this.#previous, emptyingPrefix(out), this.#skeleton);
    else foldersInBackground(out, `${this.#skeleton}-`, this.#skeleton);
    return { ok: true, summary };
  }

  /**
   * Starts the build's Chromium and Astro's process (loaded only now: Astro, Pagefind and
   * puppeteer take seconds to import and start, and a build with nothing to do needs none).
   */
  async #startWorkers(): Promise<Workers> {
    const { startSite } = await import('./site.ts');
    rmSync(this.#staging, { recursive: true, force: true });
    // The folders of the output before last, emptied of their files, when there are some.
    this.#folders = claimSkeleton(this.#skeleton, this.#staging);
    // Astro's process first, before puppeteer is even loaded (a tenth of a second): its
    // bundling is the longest stage of a small project's cold build, the sheets wait for it.
    const site = startSite(this.#settings, join(this.#staging, SITE_WORK_DIR));
    this.#site = site;
    const [{ sharedBrowser }, { openRenderer }] = await Promise.all([import('../render/browser.ts'), import('../render/mermaid-svg.ts')]);
    // Many journeys: its pages save memory rather than time (./memory-options.ts).
    const browser = sharedBrowser(undefined, { saveMemory: manyJourneys(this.#settings.flowsDir) });
    browser.browser().catch(() => undefined);
    // A page with Mermaid loaded and warm: the first diagram to draw does not wait for it.
    const diagrams = openRenderer(browser);
    diagrams.then((renderer) => renderer.warm()).catch(() => undefined);
    // One turn of the event loop: Chromium's launch reaches its spawn before this thread is held.
    await turn();
    return { site, browser, diagrams };
  }

  /** Stops what `#startWorkers` started (for a build that ends before using it, or once done). */
  async #stopWorkers(workers: Workers | undefined): Promise<void> {
    if (!workers) return;
    workers.site.stop();
    this.#site = undefined;
    await workers.diagrams.then((renderer) => renderer.close()).catch(() => undefined);
    await workers.browser.close();
    returnSkeleton(this.#staging, this.#skeleton, this.#folders, join(this.#staging, SITE_WORK_DIR));
    this.#folders = [];
  }

  /** Diagrams, pages, sheets and search index, into the temporary folder. */
  async #make(
    loaded: LoadResult,
    work: Workers,
    report: { totals: BuildSummary['totals']; warnings: Diagnostic[]; done: (id: StageId, start: number, counts: Record<string, number>) => void },
    events: BuildEvents,
  ): Promise<WrittenFacts> {
    const settings = this.#settings;
    const { project } = loaded;
    const { site, browser, diagrams: renderer } = work;
    const [{ cacheDiagramStyles, diagramJobs, renderFlowDiagrams, writeDiagrams }, { collectRenderedPages, linkStoredPages, pruneStore, siteBundleKey, storedPages, storeFile, storeRenderedPages }, { SiteSearch }, { printSheets }, { pageKeys }, { PrintTabs }, { checkPagesAhead }] = await Promise.all([
      import('./diagrams.ts'),
      import('./site.ts'),
      import('./search.ts'),
      import('./print-sheets.ts'),
      import('./page-keys.ts'),
      import('../render/pdf.ts'),
      import('./verify.ts'),
    ]);
    const { totals, warnings, done } = report;
    const staging = this.#staging;
    const jobs = diagramJobs(project, { baseUrl: basePath(settings.siteUrl) });

    // The diagrams first, each handed to the site as soon as it is known (Astro asks for those
    // its pages show): an edit's one or two are drawn while the pages' keys are computed below.
    const drawn = new Map<string, string>();
    const wanted = new Set<string>();
    // Each diagram goes to Astro's process once, when both drawn and wanted.
    const given = new Set<string>();
    const give = (flowId: string) => {
      const svg = drawn.get(flowId);
      if (svg === undefined || given.has(flowId)) return;
      given.add(flowId);
      site.diagram(flowId, svg);
    };
    const tDiagrams = performance.now();
    const diagramCache = join(settings.cacheDir, 'diagrams');
    const jobOf = new Map(jobs.map((job) => [job.flowId, job]));
    // Tabs for the sheets, readied once the diagrams leave Chromium free, while Astro renders.
    const printTabs = new PrintTabs(browser);
    const diagramsDone = renderFlowDiagrams(project, {
      cacheDir: diagramCache,
      baseUrl: basePath(settings.siteUrl),
      jobs,
      browser,
      renderer,
      onDiagram: (flowId, svg) => {
        // Its stylesheet, made while the next one is drawn (once per diagram: it is cached).
        cacheDiagramStyles(diagramCache, { key: jobOf.get(flowId)!.key, domId: jobOf.get(flowId)!.id, svg });
        drawn.set(flowId, svg);
        if (wanted.has(flowId)) give(flowId);
      },
      onProgress: (d, total) => events.progress?.('diagrams', d, total),
    }).then((diagrams) => {
      // Its pages leave the browser to the sheets.
      void renderer.then((drawing) => drawing.close()).catch(() => undefined);
      // (A build that started no Chromium, everything drawn and printed before, starts none here.)
      if (browser.started) void printTabs.ready();
      totals.diagrams = diagrams.diagrams.length;
      done('diagrams', tDiagrams, { diagrams: diagrams.diagrams.length, rendered: diagrams.stats.rendered, reused: diagrams.stats.reused, browsers: diagrams.stats.browserStarted ? 1 : 0 });
      return diagrams;
    });
    // Awaited below; a failure meanwhile is not left unhandled.
    diagramsDone.catch(() => undefined);

    // Between the steps below, a turn of the event loop: Chromium's start, the page that loads
    // Mermaid and the drawing are driven from this thread (puppeteer), and each of their
    // messages waits for a turn, not for all of these steps.
    const sheets = sheetsOf(project);
    await turn();
    const facts = projectFacts(project);
    // The content goes to Astro's process now: it takes it in (and, with a bundle kept, loads
    // it) while the pages' keys are computed below.
    const pagesDigest = contentDigest(settings, project);
    site.content({ project, sheets, facts }, siteBundleKey(settings, project, pagesDigest));
    await turn();
    // Which pages to render: those whose key the page store does not hold (./page-keys.ts).
    let t = performance.now();
    const pages = sitePages({ project, sheets }, [...project.pages.values()].map((page) => page.slug));
    await turn();
    const keys = pageKeys(pages, {
      toolkit: toolkitIdentity(),
      config: settings.config,
      content: pagesDigest,
      project,
      facts,
      sheets,
      diagrams: new Map(jobs.map((job) => [job.flowId, job.key])),
    });
    const store = join(settings.cacheDir, 'pages');
    // Astro is told at once which pages to render; the others are linked from the store meanwhile.
    const reused = storedPages(keys, store);
    const rendered = new Set(pages.filter((page) => !reused.has(page.path)).map((page) => page.path));
    site.render(reused.size ? new Set([...keys.keys()].filter((path) => rendered.has(path))) : undefined, rendered.size);
    // The search index's parts that do not wait for rendered pages start now (./search.ts).
    const search = new SiteSearch({
      siteDir: staging,
      previousDir: settings.outDir,
      language: settings.config.site.language,
      parts: searchParts(pages, settings.searchPartPages),
      identity: toolkitIdentity(),
      pageKey: (path) => keys.get(path),
    });
    search.start(rendered, (path) => storeFile(store, keys.get(path)!));
    const printPages = new Set(pages.filter((page) => page.scope.kind === 'sheet' || page.scope.kind === 'recueil').map((page) => page.path));
    // The diagrams of the pages to render that show one (a journey's overview, its diagram at
    // natural size) are sent unasked, as soon as drawn: a page waits for no round trip between
    // two busy processes. Astro also asks for any other a page shows.
    for (const page of pages) if (page.scope.kind === 'overview' && rendered.has(page.path)) wanted.add(page.scope.flowId);
    for (const flowId of wanted) give(flowId);
    site.wanted((flowId) => {
      wanted.add(flowId);
      give(flowId);
    });

    let searchDone: Promise<unknown> | undefined;
    let checkDone: Promise<CheckedAhead> | undefined;
    let storeDone: Promise<void> | undefined;
    let workRemoved: Promise<void> | undefined;
    try {
      // The site's pages, while the diagrams they wait for are drawn.
      const [diagrams, { keptBundle }] = await Promise.all([diagramsDone, site.done, linkStoredPages(keys, reused, store, staging)]);
      const written = collectRenderedPages(site.outDir, staging, rendered);
      // Astro's working folder leaves the output at once, and is removed off this thread while
      // the sheets print: with the last output's folders kept (./recycle.ts), it holds an empty
      // folder for each page moved out of it (11,000 for 500 journeys: 0.9 s of this thread).
      const siteLeft = siteLeftoverOf(settings.outDir);
      renameSync(join(staging, SITE_WORK_DIR), siteLeft);
      workRemoved = removeInThread(siteLeft);
      pruneStore(store, keys);
      const svgSizes = writeDiagrams(diagrams.diagrams, staging, diagramCache, settings.siteUrl);
      // Published pages: the print pages leave the site after the sheets stage.
      totals.pages = pages.filter((page) => !printPages.has(page.path)).length;
      done('site', t, {
        pages: totals.pages,
        rendered: written.filter((path) => !printPages.has(path)).length,
        reused: [...reused].filter((path) => !printPages.has(path)).length,
        // 1 when the pages were rendered from the bundle the last build kept (src/astro/kept-bundle.ts).
        bundleKept: keptBundle ? 1 : 0,
        // 2 when one process bundled the site and another rendered the pages (./site-worker.ts).
        processes: site.processes,
      });

      // The sheets, printed from the site in the same Chromium, while Pagefind indexes it.
      t = performance.now();
      // Its time from here: what it adds after the site (it started with the pages' keys).
      const searchStart = performance.now();
      const searching = search.finish().then((result) => ({ ...result, ms: performance.now() - searchStart }));
      searchDone = searching;
      // The pages Astro wrote are final: the output's check reads them while the recueils print
      // (this thread mostly waits on Chromium then), a few at a time, rather than at the end
      // with nothing beside it (verify.ts).
      const checkAhead = () => (checkDone ??= checkPagesAhead(staging, written.filter((path) => !printPages.has(path)), basePath(settings.siteUrl)));
      // Then the pages rendered go to the page store, for the next build (./site.ts).
      const storeAhead = () => (storeDone ??= checkAhead().then(() => storeRenderedPages(staging, written, keys, store)));
      // Meanwhile, off the main thread, the last output's files are listed: the offline copy and
      // the output's check take unchanged what is the same file as there (tree.ts).
      const earlier = readEarlierOutput(settings.outDir);
      const [{ printed, sheetsMs }, searched] = await Promise.all([
        printSheets(project, {
          sheets,
          siteDir: staging,
          cacheDir: join(settings.cacheDir, 'fiches'),
          root: settings.contentDir,
          publisher: settings.config.publisher.name,
          collectionTitle: settings.config.sheets.collectionTitle,
          keywords: settings.config.sheets.keywords,
          language: settings.config.site.language,
          printer: browser,
          tabs: printTabs,
          ...(settings.siteUrl ? { siteUrl: settings.siteUrl } : {}),
          ...(settings.sourceDateEpoch !== undefined ? { sourceDateEpoch: settings.sourceDateEpoch } : {}),
          onProgress: (d, total) => events.progress?.('sheets', d, total),
          onSheets: () => void storeAhead().catch(() => undefined),
        }).then((printed) => ({ printed, sheetsMs: performance.now() - t })),
        searching,
      ]);
      totals.sheets = printed.printed.length;
      // The sheets' own time (they overlapped the search index).
      done('sheets', performance.now() - sheetsMs, {
        sheets: printed.printed.length,
        recueils: printed.recueils.length,
        printed: printed.stats.printed,
        reused: printed.stats.reused,
        browsers: printed.stats.browserStarted ? 1 : 0,
        tooLong: printed.warnings.length,
      });
      // Sheets longer than two pages: the editor is told which step ends page 2 (located in the file).
      const sheetWarnings = printed.warnings.map((w): Diagnostic => {
        const { line, column } = loaded.locate(w.origin);
        return { file: w.file, line, column, code: 'sheet-too-long', severity: 'warning', message: w.message, hint: 'Raccourcissez les étapes qui suivent, ou scindez la procédure en deux.' };
      });
      warnings.push(...sheetWarnings);
      events.sheetWarnings?.(sheetWarnings);
      // The print pages were only the sheets' source: a reader has the PDF and the procedure's
      // page. (Kept in the page store first: the next build's sheets are keyed by them.)
      await storeAhead();
      for (const page of [...sheets.map((s) => s.name), ...printed.recueils.map((r) => r.recueil.name)]) {
        rmSync(join(staging, sheetPrintUrl(page)), { recursive: true, force: true });
      }
      // Last: the offline copy lists every file of the site, the sheets' and the search index's included.
      const tOffline = performance.now();
      const previous = await earlier;
      // The output is complete but for the offline copy and the summary: listed once, for the
      // copy and for the output's check (tree.ts), once the folders it left empty are gone.
      removeUnusedFolders(staging, this.#folders);
      const listing = listOutput(staging, previous);
      const offline = writeServiceWorker(staging, basePath(settings.siteUrl), previous, listing);
      // The index's own time (it overlapped the sheets), and the offline copy's.
      done('search', tOffline - searched.ms, { pages: searched.pages, parts: searched.parts, partsIndexed: searched.indexed, partsReused: searched.reused, offline: offline.files });
      const ahead = await checkAhead();
      await storeAhead();
      return { sizes: new Map([...svgSizes, ...printed.sizes]), ...(previous ? { previous } : {}), listing, writtenSince: [...offline.written, SUMMARY_FILE], ahead };
    } finally {
      // Pagefind may still be writing when another stage failed: the build's error is the one to report.
      await searchDone?.catch(() => undefined);
      await checkDone?.catch(() => undefined);
      await storeDone?.catch(() => undefined);
      // (A folder left by a build that stopped is removed by the next one: ./preflight.ts.)
      await workRemoved?.catch(() => undefined);
      await search.close();
      await printTabs.close();
    }
  }
}
