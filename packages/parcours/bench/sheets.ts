/**
 * `node bench/sheets.ts`: the sheets benchmark. Prints N synthetic sheets (N = 20 and 200) to
 * A4 PDFs the naive way — one Chromium launched per sheet, which opens the page, prints it,
 * stamps it and closes — and the Parcours way (`printPdfs`: one Chromium, two pages in
 * parallel, an empty cache), in the same run; prints seconds per sheet for each and the ratio.
 * Target: the Parcours way at least 5× faster per sheet. The numbers go to bench/results.json,
 * under "sheets".
 *
 *   node bench/sheets.ts            N = 20 then N = 200 (the naive way takes minutes at 200)
 *   node bench/sheets.ts --quick    N = 20 only
 *
 * The sheets: the print pages `fiches/<name>/` of a synthetic content project (bench/synthetic.ts,
 * 2 brands), rendered once into a temporary folder and served locally. `parcours build` prints
 * these pages and then removes them from the site it publishes, so they are rendered by Astro's
 * own `astro build`, with the same configuration (astro.config.mjs: the toolkit's pages, the
 * project in PARCOURS_CONTENT), in a copy of the toolkit. When N is more than the pages there
 * are, pages are printed again under another name, with other `inputs`: the cache never
 * answers, every sheet is printed.
 *
 * A script, not a test: it measures, prints and records; it fails (exit code 1) only when
 * something did not work (the build, a PDF missing or unreadable, a page count that differs
 * between the two ways), never because a target was missed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { launchBrowser } from '../src/render/browser.ts';
import { printPage, printPdfs, type PrintJob } from '../src/render/pdf.ts';
import { serveDir } from '../src/render/static-server.ts';
import { hasErrors, loadFlows } from '../src/core/index.ts';
import { renderFlowDiagrams } from '../src/stages/diagrams.ts';
import { SYNTHETIC_CONFIG, SYNTHETIC_SITE_URL, writeSyntheticContentProject } from './synthetic.ts';
import { buildEnv, chromiumOrSay, finish, fmt, loadNote, log, machineFacts, quickOption, RESULTS, round, snapshotProject, table, temporaryRoot, writeResultsKey, type Machine } from './common.ts';

const SEED = 20_240_601;
const TARGET_RATIO = 5;
/** The synthetic site the sheets come from: 36 procedures and 2 brands' variants (≈ 45 sheets). */
const SITE = { flows: 10, procedures: 36, brands: 2 } as const;
/** Building that site takes well under a minute; past this it is stuck. */
const BUILD_TIMEOUT_MS = 10 * 60_000;

interface SizeResult {
  n: number;
  /** Different print pages among the N sheets (the others are the same pages, printed again). */
  distinctPages: number;
  naive: { totalMs: number; msPerSheet: number; failures: number; slowestMs: number; fastestMs: number };
  parcours: { totalMs: number; msPerSheet: number; printed: number; reused: number };
  /** Pages of all N PDFs, for each way (they must agree). */
  pages: { naive: number; parcours: number };
  /** naive ms per sheet ÷ Parcours ms per sheet. */
  ratio: number;
  /** The 1-minute load average before and after each way: other work on the machine skews both. */
  load: { beforeNaive: number; afterNaive: number; afterParcours: number };
}


/** One Chromium per sheet, one sheet after the other: start, open, print, stamp, close. */
async function printNaive(jobs: PrintJob[], dir: string): Promise<{ totalMs: number; slowestMs: number; fastestMs: number; pdfs: Map<string, Uint8Array>; errors: string[] }> {
  mkdirSync(dir, { recursive: true });
  const pdfs = new Map<string, Uint8Array>();
  const errors: string[] = [];
  let slowest = 0;
  let fastest = Infinity;
  const start = performance.now();
  for (const [i, job] of jobs.entries()) {
    const t = performance.now();
    try {
      const { browser, close } = await launchBrowser();
      try {
        const page = await browser.newPage();
        // The same work as Parcours per sheet (fit, print, finish): only the way differs.
        const { pdf } = await printPage(page, job);
        writeFileSync(join(dir, `${job.name}.pdf`), pdf);
        pdfs.set(job.name, pdf);
      } finally {
        await close();
      }
    } catch (error) {
      errors.push(`${job.name} : ${error instanceof Error ? error.message : String(error)}`);
    }
    const ms = performance.now() - t;
    slowest = Math.max(slowest, ms);
    fastest = Math.min(fastest, ms);
    if ((i + 1) % 20 === 0 || i + 1 === jobs.length) log(`    naïf : ${i + 1}/${jobs.length} (${fmt((performance.now() - start) / 1000)} s)`);
  }
  return { totalMs: performance.now() - start, slowestMs: slowest, fastestMs: fastest, pdfs, errors };
}

/** Page counts of every PDF, or a problem for each one missing or unreadable. */
async function pageCounts(jobs: PrintJob[], pdfs: Map<string, Uint8Array>, way: string, problems: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const job of jobs) {
    const bytes = pdfs.get(job.name);
    if (!bytes || Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-') {
      problems.push(`${way} : pas de PDF pour ${job.name}.`);
      continue;
    }
    try {
      counts.set(job.name, (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount());
    } catch (error) {
      problems.push(`${way} : le PDF de ${job.name} est illisible (${error instanceof Error ? error.message : String(error)}).`);
    }
  }
  return counts;
}

/** The print pages of a built site: `fiches/<name>/index.html`. */
function printPages(siteDir: string): string[] {
  const dir = join(siteDir, 'fiches');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'index.html')))
    .map((e) => e.name)
    .sort();
}

/** A page's HTML and the stylesheets it links, as src/stages/print-sheets.ts makes a job's inputs. */
function pageInputs(siteDir: string, page: string): string {
  const html = readFileSync(join(siteDir, 'fiches', page, 'index.html'), 'utf8');
  const css = [...html.matchAll(/<link[^>]+href="(\/[^"]+\.css)"/g)].map((m) => readFileSync(join(siteDir, m[1]!), 'utf8'));
  return [html, ...css].join('\n');
}

/** N jobs over the pages, in turn; a page used again is another sheet (name, inputs, footer). */
function makeJobs(n: number, pages: string[], siteDir: string, serverUrl: string, run: string): PrintJob[] {
  const inputs = new Map(pages.map((page) => [page, pageInputs(siteDir, page)]));
  return Array.from({ length: n }, (_, i) => {
    const page = pages[i % pages.length]!;
    const copy = Math.floor(i / pages.length) + 1;
    const name = copy === 1 ? page : `${page}-copie-${copy}`;
    const title = inputs.get(page)!.match(/<title>([^<]*)<\/title>/)?.[1]?.trim() ?? page;
    return {
      name,
      url: `${serverUrl}/fiches/${page}/`,
      // `run` keeps the two sizes apart too: nothing printed for N = 20 is reused for N = 200.
      inputs: `${inputs.get(page)!}\n<!-- banc d’essai ${run}, copie ${copy} -->`,
      footer: `Version en ligne : ${SYNTHETIC_SITE_URL}procedures/${page}/ — banc d’essai, copie ${copy}`,
      meta: {
        title: `Fiche pratique : ${title}`,
        author: SYNTHETIC_CONFIG.publisher.name,
        subject: `Fiche synthétique ${name}`,
        keywords: [...SYNTHETIC_CONFIG.sheets.keywords, 'fiche pratique', name],
        date: new Date(Date.UTC(2000, 0, 1)),
      },
    };
  });
}

async function measure(n: number, pages: string[], siteDir: string, serverUrl: string, root: string): Promise<{ result: SizeResult; problems: string[] }> {
  const problems: string[] = [];
  const jobs = makeJobs(n, pages, siteDir, serverUrl, `N=${n}`);
  const distinct = Math.min(n, pages.length);
  log(`\nN = ${n} : ${n} fiches (${distinct} pages différentes${n > pages.length ? ', les autres imprimées de nouveau sous un autre nom' : ''})`);

  log('    naïf : un Chromium lancé par fiche…');
  const beforeNaive = loadavg()[0]!;
  const naive = await printNaive(jobs, join(root, `naive-${n}`));
  for (const error of naive.errors) problems.push(`N = ${n}, naïf : ${error}`);
  const afterNaive = loadavg()[0]!;

  log('    Parcours : printPdfs, un seul Chromium, cache vide…');
  const cacheDir = join(root, `cache-${n}`);
  const t = performance.now();
  let parcours: Awaited<ReturnType<typeof printPdfs>> = { pdfs: new Map(), layouts: new Map(), stats: { printed: 0, reused: 0, browserStarted: false } };
  try {
    parcours = await printPdfs(jobs, { cacheDir, onProgress: (done, total) => (done % 20 === 0 || done === total) && log(`    Parcours : ${done}/${total} (${fmt((performance.now() - t) / 1000)} s)`) });
  } catch (error) {
    problems.push(`N = ${n}, Parcours : ${error instanceof Error ? error.message : String(error)}`);
  }
  const parcoursMs = performance.now() - t;
  const afterParcours = loadavg()[0]!;
  if (parcours.stats.printed !== n) problems.push(`N = ${n} : Parcours a imprimé ${parcours.stats.printed} fiches (${parcours.stats.reused} reprises du cache) au lieu de ${n}.`);

  const naivePages = await pageCounts(jobs, naive.pdfs, `N = ${n}, naïf`, problems);
  const parcoursPages = await pageCounts(jobs, parcours.pdfs, `N = ${n}, Parcours`, problems);
  const differ = jobs.filter((j) => naivePages.has(j.name) && parcoursPages.has(j.name) && naivePages.get(j.name) !== parcoursPages.get(j.name));
  if (differ.length) problems.push(`N = ${n} : ${differ.length} fiche(s) n’ont pas le même nombre de pages des deux manières (${differ.slice(0, 3).map((j) => j.name).join(', ')}…).`);
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

  const msPerSheet = parcoursMs / n;
  const naivePerSheet = naive.totalMs / n;
  return {
    result: {
      n,
      distinctPages: distinct,
      naive: { totalMs: round(naive.totalMs), msPerSheet: round(naivePerSheet), failures: naive.errors.length, slowestMs: round(naive.slowestMs), fastestMs: round(naive.fastestMs) },
      parcours: { totalMs: round(parcoursMs), msPerSheet: round(msPerSheet), printed: parcours.stats.printed, reused: parcours.stats.reused },
      pages: { naive: sum(naivePages), parcours: sum(parcoursPages) },
      ratio: round(naivePerSheet / msPerSheet),
      load: { beforeNaive: round(beforeNaive, 2), afterNaive: round(afterNaive, 2), afterParcours: round(afterParcours, 2) },
    },
    problems,
  };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quick = quickOption(args, 'node bench/sheets.ts [--quick]');
  if (quick === undefined) return 2;
  const sizes = quick ? [20] : [20, 200];

  const chromium = await chromiumOrSay('le banc d’essai ne peut rien imprimer');
  if (chromium === undefined) return 1;
  const machine = machineFacts(chromium);
  console.log(`Banc d’essai des fiches — ${quick ? 'rapide (--quick) : N = 20 seulement' : 'complet : N = 20 puis N = 200'}`);
  console.log(`${machine.cpus} processeur(s) (${machine.cpuModel}), Node ${machine.node}, ${machine.chromium}`);
  console.log('Naïf : un Chromium lancé par fiche (ouvrir la page, imprimer en A4, estampiller, fermer), l’une après l’autre. Parcours : printPdfs, un seul Chromium, deux pages en parallèle, cache vide.');

  const { root, release: cleanUp } = temporaryRoot('parcours-bench-sheets-');
  const rows: SizeResult[] = [];
  const problems: string[] = [];
  let sheetsInSite = 0;
  let siteBuildMs = 0;
  try {
    // The site the sheets come from, rendered by Astro with the build's configuration, print
    // pages kept (not measured here).
    log(`Construction du site synthétique (${SITE.flows} parcours, ${SITE.procedures} procédures, ${SITE.brands} marques ; non mesurée)…`);
    const contentDir = join(root, 'projet-synthetique');
    writeSyntheticContentProject(contentDir, { flows: SITE.flows, seed: SEED, procedures: SITE.procedures, brands: SITE.brands });
    const siteDir = join(root, 'dist');
    const cacheDir = join(root, 'build-cache');
    const toolkit = snapshotProject(join(root, 'outils'));
    const t = performance.now();
    // Every diagram drawn first with one browser, into the cache Astro reads: run on its own,
    // Astro draws each flow's diagram when its pages need it, one browser each.
    const loaded = loadFlows(join(contentDir, 'flows'), { cwd: contentDir });
    try {
      if (hasErrors(loaded.diagnostics)) throw new Error('le projet synthétique a des erreurs (bug du générateur)');
      await renderFlowDiagrams(loaded.project, { cacheDir: join(cacheDir, 'diagrams') });
    } catch (error) {
      problems.push(`Les logigrammes du site synthétique n’ont pas pu être dessinés : ${error instanceof Error ? error.message : String(error)}.`);
      return report(quick, machine, rows, problems, sheetsInSite, siteBuildMs);
    }
    const build = spawnSync(process.execPath, [join(toolkit.root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build', '--root', toolkit.root, '--outDir', siteDir], {
      cwd: toolkit.root,
      env: { ...buildEnv(cacheDir), PARCOURS_CONTENT: contentDir },
      encoding: 'utf8',
      // Astro lists every page it writes.
      maxBuffer: 64 * 2 ** 20,
      timeout: BUILD_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    siteBuildMs = performance.now() - t;
    if (build.status !== 0) {
      const why = build.error ? build.error.message : `code ${build.status}${build.signal ? `, signal ${build.signal}` : ''}`;
      problems.push(`La construction du site synthétique a échoué (${why}) : ${`${build.stdout}\n${build.stderr}`.trim().split('\n').slice(-6).join(' / ')}`);
      return report(quick, machine, rows, problems, sheetsInSite, siteBuildMs);
    }
    const pages = printPages(siteDir);
    sheetsInSite = pages.length;
    log(`    ${pages.length} pages de fiches construites en ${fmt(siteBuildMs / 1000)} s.`);
    if (pages.length === 0) {
      problems.push('Le site synthétique n’a aucune page de fiche (fiches/<nom>/index.html).');
      return report(quick, machine, rows, problems, sheetsInSite, siteBuildMs);
    }

    const server = await serveDir(siteDir);
    try {
      // One untimed launch and print first, so that neither way pays for a cold disk cache.
      log('Mise en route (non mesurée) : un premier Chromium…');
      const warmUp = await printNaive(makeJobs(1, pages, siteDir, server.url, 'mise en route'), join(root, 'warm-up'));
      problems.push(...warmUp.errors.map((e) => `Mise en route : ${e}`));
      for (const n of sizes) {
        const { result, problems: found } = await measure(n, pages, siteDir, server.url, root);
        rows.push(result);
        problems.push(...found);
      }
      if (server.notFound.length) problems.push(`Adresses introuvables pendant l’impression : ${[...new Set(server.notFound)].slice(0, 5).join(', ')}.`);
    } finally {
      await server.close();
    }
  } finally {
    cleanUp();
  }
  return report(quick, machine, rows, problems, sheetsInSite, siteBuildMs);
}

function report(quick: boolean, machine: Machine, rows: SizeResult[], problems: string[], sheetsInSite: number, siteBuildMs: number): number {
  if (rows.length) {
    console.log('');
    console.log(
      table(
        ['N', 'naïf (s/fiche)', 'Parcours (s/fiche)', 'rapport'],
        rows.map((r) => [String(r.n), fmt(r.naive.msPerSheet / 1000, 2), fmt(r.parcours.msPerSheet / 1000, 2), `${fmt(r.ratio)}×`]),
      ),
    );
    console.log('');
    for (const r of rows) {
      console.log(
        `N = ${r.n} (${r.distinctPages} pages différentes, ${r.pages.parcours} pages A4 imprimées) : naïf ${fmt(r.naive.totalMs / 1000)} s en tout (${fmt(r.naive.fastestMs / 1000, 2)}–${fmt(r.naive.slowestMs / 1000, 2)} s par fiche), ` +
          `Parcours ${fmt(r.parcours.totalMs / 1000)} s en tout ; charge moyenne ${fmt(r.load.beforeNaive, 2)} → ${fmt(r.load.afterNaive, 2)} → ${fmt(r.load.afterParcours, 2)}.`,
      );
    }
    const busiest = Math.max(...rows.flatMap((r) => [r.load.beforeNaive, r.load.afterNaive, r.load.afterParcours]));
    const note = loadNote(busiest, machine.cpus);
    if (note) console.log(note);
  }
  const worstRatio = rows.length ? Math.min(...rows.map((r) => r.ratio)) : null;
  const ratioMet = rows.length ? rows.every((r) => r.ratio >= TARGET_RATIO) : null;
  console.log('');
  console.log(
    worstRatio === null
      ? `objectif ≥ ${TARGET_RATIO}× : non mesuré`
      : `objectif ≥ ${TARGET_RATIO}× : ${ratioMet ? 'atteint' : 'non atteint'} (rapport le plus faible : ${fmt(worstRatio)}×)`,
  );

  const sheets = {
    date: new Date().toISOString(),
    quick,
    seed: SEED,
    machine,
    method: {
      naive: 'pour chaque fiche : launchBrowser(), newPage, printPage (le même travail que Parcours : mise en page, impression, finition), écriture, fermeture du navigateur ; l’une après l’autre, dans le même processus Node (après une première fiche non mesurée)',
      parcours: 'printPdfs(jobs, { cacheDir: dossier vide }) : un seul Chromium, deux pages en parallèle',
      sheets: `pages fiches/<nom>/ (rendues par astro build avec la configuration de Parcours : parcours build les retire du site publié) d’un projet synthétique (${SITE.flows} parcours, ${SITE.procedures} procédures, ${SITE.brands} marques ; ${sheetsInSite} pages, construit en ${fmt(siteBuildMs / 1000)} s) ; au-delà, les mêmes pages de nouveau, sous un autre nom et d’autres « inputs »`,
    },
    targets: { ratio: { target: TARGET_RATIO, worst: worstRatio, met: ratioMet } },
    results: rows,
    problems,
  };
  writeResultsKey('sheets', sheets, problems);
  console.log(`\nRésultats écrits dans ${RESULTS} (clé « sheets »).`);
  return finish(problems);
}

if (import.meta.main) process.exitCode = await main();
