/**
 * The build: check → diagrams → site → sheets → search index (STAGES), into a temporary
 * folder that replaces the output folder only when every stage succeeded: a content error, a
 * missing Chromium, a full disk or Ctrl-C leave the last good output exactly as it was.
 *
 * The content is loaded and checked ONCE; the diagrams, the site (through the Astro
 * integration) and the sheets all receive that one model. Nothing changed since the last good
 * build: nothing is redone. Otherwise diagrams and sheets whose inputs did not change come
 * from the cache. What the build did is written to `<out>/.parcours/build.json`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CONFIG_FILE, noSiteUrlWarning } from '../core/config.ts';
import { hasErrors, type Diagnostic } from '../core/diagnostics.ts';
import { loadCount } from '../core/load-count.ts';
import { loadFlows, type LoadResult } from '../core/load.ts';
import { recueilsOf, sheetsOf } from '../core/sheet-contents.ts';
import { basePath, sheetPrintUrl } from '../core/urls.ts';
import type { Settings } from '../settings/settings.ts';
import { buildFingerprint } from './fingerprint.ts';
import { writeServiceWorker } from './offline.ts';
import { prepareBuild } from './preflight.ts';
import { assertOutputComplete } from './verify.ts';
import { STAGES, SUMMARY_DIR, SUMMARY_FILE, type BuildSummary, type StageId, type StageReport } from './index.ts';

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

/** One build of one content project. `abort()` (on a signal) removes what it had written. */
export class Build {
  readonly #settings: Settings;
  readonly #staging: string;
  readonly #previous: string;

  constructor(settings: Settings) {
    this.#settings = settings;
    const out = settings.outDir;
    this.#staging = join(dirname(out), `.${basename(out)}-${process.pid}`);
    this.#previous = join(dirname(out), `.${basename(out)}-old-${process.pid}`);
  }

  /** Removes the temporary folder; puts the previous output back if interrupted between the two renames. */
  abort(): void {
    rmSync(this.#staging, { recursive: true, force: true });
    if (!existsSync(this.#settings.outDir) && existsSync(this.#previous)) renameSync(this.#previous, this.#settings.outDir);
  }

  async run(options: { force?: boolean } = {}, events: BuildEvents = {}): Promise<BuildOutcome> {
    const settings = this.#settings;
    const started = performance.now();
    const stages: StageReport[] = [];
    const done = (id: StageId, start: number, counts: Record<string, number>) => {
      const report = { id, label: STAGES.find((s) => s.id === id)!.label, seconds: since(start), counts };
      stages.push(report);
      events.stageDone?.(report);
    };

    prepareBuild(settings);
    const loadsBefore = loadCount();
    let t = performance.now();
    const loaded = loadFlows(settings.flowsDir, { cwd: settings.contentDir });
    // Relative to the project, like every other message of the build (build.json holds no machine's path).
    const configWarnings = settings.siteUrl ? [] : [noSiteUrlWarning(CONFIG_FILE)];
    const warnings = [...configWarnings, ...loaded.diagnostics.filter((d) => d.severity === 'warning')];
    const { project } = loaded;
    done('check', t, { flows: project.flows.size, procedures: project.procedures.size, contacts: project.contacts.size, errors: loaded.diagnostics.filter((d) => d.severity === 'error').length });
    events.diagnostics?.([...configWarnings, ...loaded.diagnostics], loaded);
    if (hasErrors(loaded.diagnostics)) return { ok: false, reason: 'content', message: 'les parcours contiennent des erreurs (voir ci-dessus).' };

    const fingerprint = buildFingerprint(settings, project);
    const previous = readSummary(settings.outDir);
    const totals = { flows: project.flows.size, procedures: project.procedures.size, contacts: project.contacts.size, pages: 0, diagrams: 0, sheets: 0 };
    const toWarning = (d: Diagnostic) => ({ code: d.code, file: d.file, line: d.line, column: d.column, message: d.message });
    if (!options.force && previous?.fingerprint === fingerprint) {
      const summary: BuildSummary = { ...previous, upToDate: true, modelLoads: loadCount() - loadsBefore, stages, warnings: warnings.map(toWarning), seconds: since(started) };
      writeSummary(settings.outDir, summary);
      return { ok: true, summary };
    }

    // Loaded only now: Astro, Pagefind and puppeteer take seconds to import, and a build with
    // nothing to do, or with errors in the content, needs none of them.
    const [{ renderFlowDiagrams, writeDiagrams }, { buildSite }, { indexSite }, { printSheets }] = await Promise.all([
      import('./diagrams.ts'),
      import('./site.ts'),
      import('./search.ts'),
      import('./print-sheets.ts'),
    ]);
    const staging = this.#staging;
    const sheets = sheetsOf(project);

    t = performance.now();
    const diagrams = await renderFlowDiagrams(project, {
      cacheDir: join(settings.cacheDir, 'diagrams'),
      baseUrl: basePath(settings.siteUrl),
      onProgress: (d, total) => events.progress?.('diagrams', d, total),
    });
    totals.diagrams = diagrams.diagrams.length;
    done('diagrams', t, { diagrams: diagrams.diagrams.length, rendered: diagrams.stats.rendered, reused: diagrams.stats.reused, browsers: diagrams.stats.browserStarted ? 1 : 0 });

    t = performance.now();
    await buildSite(settings, { load: loaded, sheets, diagrams: new Map(diagrams.diagrams.map((d) => [d.flowId, d.svg])) }, staging);
    // After Astro, which empties its output folder before building.
    writeDiagrams(diagrams.diagrams, staging, settings.siteUrl);
    // Published pages: the sheets' print pages leave the site after the sheets stage.
    const printPages = new Set([...sheets.map((s) => s.name), ...recueilsOf(project, sheets).map((r) => r.name)].map((name) => `${sheetPrintUrl(name)}index.html`));
    totals.pages = readdirSync(staging, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html') && !printPages.has(f.split('\\').join('/'))).length;
    done('site', t, { pages: totals.pages });

    t = performance.now();
    const printed = await printSheets(project, {
      sheets,
      siteDir: staging,
      cacheDir: join(settings.cacheDir, 'fiches'),
      root: settings.contentDir,
      publisher: settings.config.publisher.name,
      collectionTitle: settings.config.sheets.collectionTitle,
      keywords: settings.config.sheets.keywords,
      language: settings.config.site.language,
      ...(settings.siteUrl ? { siteUrl: settings.siteUrl } : {}),
      ...(settings.sourceDateEpoch !== undefined ? { sourceDateEpoch: settings.sourceDateEpoch } : {}),
      onProgress: (d, total) => events.progress?.('sheets', d, total),
    });
    totals.sheets = printed.printed.length;
    done('sheets', t, {
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
    // The print pages were only the sheets' source: a reader has the PDF and the procedure's page.
    for (const page of [...sheets.map((s) => s.name), ...printed.recueils.map((r) => r.recueil.name)]) {
      rmSync(join(staging, sheetPrintUrl(page)), { recursive: true, force: true });
    }

    t = performance.now();
    const indexed = await indexSite(staging, settings.config.site.language);
    // Last: the offline copy lists every file of the site, the search index's included.
    const offline = writeServiceWorker(staging, basePath(settings.siteUrl));
    done('search', t, { pages: indexed, offline: offline.files });

    const summary: BuildSummary = { fingerprint, upToDate: false, modelLoads: loadCount() - loadsBefore, stages, totals, warnings: warnings.map(toWarning), seconds: since(started) };
    writeSummary(staging, summary);
    // Read back before it is published: nothing empty, cut short or missing (verify.ts).
    await assertOutputComplete(staging, settings.siteUrl);
    const out = settings.outDir;
    if (existsSync(out)) renameSync(out, this.#previous);
    renameSync(staging, out);
    rmSync(this.#previous, { recursive: true, force: true });
    return { ok: true, summary };
  }
}
