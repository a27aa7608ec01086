/**
 * `npm run bench`: the diagrams benchmark. Renders N synthetic flowcharts (N = 20 and 200,
 * 10–30 nodes each) three ways, in the same run: the naive way — one `mmdc`
 * (@mermaid-js/mermaid-cli) process per diagram —, the savvy user's way — one `mmdc` on one
 * Markdown file holding the N diagrams (mmdc draws every mermaid block of it, in one browser) —,
 * and the Parcours way (`renderDiagrams`: one Chromium, a cache by content hash); prints
 * milliseconds per diagram for each, the ratios, and the time of a rebuild with nothing
 * changed. Targets at N = 200: at least 30× faster per diagram than the naive way and 20× than
 * the Markdown way, and a no-change rebuild under 1 s. The date, the machine and its load go
 * with the numbers, to bench/results.json, under "diagrams".
 *
 *   npm run bench               N = 20 then N = 200 (the naive way takes minutes at 200)
 *   npm run bench -- --quick    N = 20 only
 *
 * A script, not a test: it measures, prints and records; it fails (exit code 1) only when
 * something did not work (an mmdc run without its SVG, a rebuild that started a browser…),
 * never because a target was missed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { MERMAID_CONFIG, MERMAID_VERSION, renderDiagrams } from '../src/render/mermaid-svg.ts';
import { chromiumOrSay, finish, fmt, medianBy, loadNote, loadWatch, log, machineFacts, quickOption, RESULTS, round, table, temporaryRoot, writeResultsKey } from './common.ts';
import { syntheticDiagrams } from './synthetic.ts';

const require = createRequire(import.meta.url);
const SEED = 20_240_601;
const TARGET_RATIO = 30;
const TARGET_MARKDOWN_RATIO = 20;
/** The size the ratio targets are for (the largest measured). */
const TARGET_N = 200;
const TARGET_REBUILD_MS = 1000;
const TARGET_REBUILD_N = 200;
const COLD_RUNS = 3;
/** One mmdc run should take seconds; past this it is stuck. */
const MMDC_TIMEOUT_MS = 120_000;

// mmdc is run as `node <mermaid-cli>/src/cli.js`, with this very Node: its `#!/usr/bin/env node`
// would otherwise pick whatever `node` is first on the PATH (the system's Node 20 here).
const CLI_PACKAGE = packageJsonOf(require.resolve('@mermaid-js/mermaid-cli'), '@mermaid-js/mermaid-cli');
const CLI = JSON.parse(readFileSync(CLI_PACKAGE, 'utf8')) as { version: string; bin: Record<string, string> };
const MMDC = resolve(dirname(CLI_PACKAGE), CLI.bin.mmdc!);
const CLI_MERMAID_VERSION = (JSON.parse(readFileSync(createRequire(MMDC).resolve('mermaid/package.json'), 'utf8')) as { version: string }).version;

/** The package.json of the package a resolved file belongs to (its `exports` hide it). */
function packageJsonOf(file: string, name: string): string {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === name) return candidate;
  }
  throw new Error(`package.json de ${name} introuvable au-dessus de ${file}.`);
}

const PUPPETEER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface SizeResult {
  n: number;
  nodes: { min: number; max: number; mean: number; total: number };
  /** Writing the YAML aside: loadFlows, then flowToMermaid for every flow. */
  prepare: { loadMs: number; mermaidMs: number };
  naive: { totalMs: number; msPerDiagram: number; failures: number; slowestMs: number; fastestMs: number };
  /** One mmdc on one Markdown file holding the N diagrams. */
  markdown: { totalMs: number; msPerDiagram: number; drawn: number };
  parcours: {
    /** The median of the cold runs (each with an empty cache). */
    coldMs: number;
    /** Every cold run, in order: the machine is shared, one run can be unlucky. */
    coldRunsMs: number[];
    msPerDiagram: number;
    rendered: number;
    /** The same call again, nothing changed. */
    rebuildMs: number;
    rebuildReused: number;
    rebuildBrowserStarted: boolean;
  };
  /** naive ms per diagram ÷ Parcours ms per diagram (cold). */
  ratio: number;
  /** Markdown-way ms per diagram ÷ Parcours ms per diagram (cold). */
  markdownRatio: number;
  /** The 1-minute load average before and after each way: other work on the machine skews both. */
  load: { beforeNaive: number; afterNaive: number; afterParcours: number };
}

/** One mmdc process per diagram, one after the other, as a naive build script would do. */
function renderNaive(jobs: { id: string; text: string }[], dir: string, puppeteerConfig: string, mermaidConfig: string): SizeResult['naive'] & { errors: string[] } {
  mkdirSync(dir, { recursive: true });
  const errors: string[] = [];
  let slowest = 0;
  let fastest = Infinity;
  const start = performance.now();
  jobs.forEach((job, i) => {
    const t = performance.now();
    const input = join(dir, `${job.id}.mmd`);
    const output = join(dir, `${job.id}.svg`);
    writeFileSync(input, job.text);
    const run = spawnSync(process.execPath, [MMDC, '-i', input, '-o', output, '-p', puppeteerConfig, '-c', mermaidConfig, '-q'], {
      encoding: 'utf8',
      timeout: MMDC_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ms = performance.now() - t;
    slowest = Math.max(slowest, ms);
    fastest = Math.min(fastest, ms);
    const written = existsSync(output) && statSync(output).size > 0 && readFileSync(output, 'utf8').includes('<svg');
    if (run.status !== 0 || !written) {
      const why = run.error ? run.error.message : `code ${run.status}${run.signal ? `, signal ${run.signal}` : ''}`;
      errors.push(`${job.id} : ${why}${written ? '' : ', aucun SVG écrit'}${run.stderr ? ` — ${run.stderr.trim().split('\n').slice(-3).join(' / ')}` : ''}`);
    }
    if ((i + 1) % 20 === 0 || i + 1 === jobs.length) log(`    naïf : ${i + 1}/${jobs.length} (${fmt((performance.now() - start) / 1000)} s)`);
  });
  const totalMs = performance.now() - start;
  return { totalMs, msPerDiagram: totalMs / jobs.length, failures: errors.length, slowestMs: slowest, fastestMs: fastest, errors };
}

/**
 * One mmdc on one Markdown file holding every diagram (a ```mermaid block each), as a user who
 * knows mmdc would draw many: mmdc starts one browser and writes `sortie-1.svg`, `sortie-2.svg`…
 */
function renderMarkdown(jobs: { id: string; text: string }[], dir: string, puppeteerConfig: string, mermaidConfig: string): SizeResult['markdown'] & { errors: string[] } {
  mkdirSync(dir, { recursive: true });
  const input = join(dir, 'logigrammes.md');
  writeFileSync(input, jobs.map((job) => `## ${job.id}\n\n\`\`\`mermaid\n${job.text}\n\`\`\`\n`).join('\n'));
  const start = performance.now();
  const run = spawnSync(process.execPath, [MMDC, '-i', input, '-o', join(dir, 'sortie.md'), '-p', puppeteerConfig, '-c', mermaidConfig, '-q'], {
    encoding: 'utf8',
    timeout: MMDC_TIMEOUT_MS + jobs.length * 15_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const totalMs = performance.now() - start;
  const drawn = jobs.filter((_, i) => {
    const file = join(dir, `sortie-${i + 1}.svg`);
    return existsSync(file) && readFileSync(file, 'utf8').includes('<svg');
  }).length;
  const errors: string[] = [];
  if (run.status !== 0 || drawn !== jobs.length) {
    const why = run.error ? run.error.message : `code ${run.status}${run.signal ? `, signal ${run.signal}` : ''}`;
    errors.push(`${why}, ${drawn} SVG sur ${jobs.length}${run.stderr ? ` — ${run.stderr.trim().split('\n').slice(-3).join(' / ')}` : ''}`);
  }
  return { totalMs, msPerDiagram: totalMs / jobs.length, drawn, errors };
}

async function measure(n: number, root: string, puppeteerConfig: string, mermaidConfig: string): Promise<{ result: SizeResult; problems: string[] }> {
  const problems: string[] = [];
  log(`\nN = ${n} : écriture et chargement de ${n} parcours synthétiques…`);
  const synthetic = syntheticDiagrams(join(root, `projet-${n}`), { flows: n, seed: SEED });
  const counts = synthetic.nodeCounts;
  const nodes = { min: Math.min(...counts), max: Math.max(...counts), mean: round(counts.reduce((a, b) => a + b, 0) / n), total: counts.reduce((a, b) => a + b, 0) };
  log(`    ${n} parcours valides (0 erreur, ${synthetic.diagnostics.length} autre(s) remarque(s)), ${nodes.min}–${nodes.max} nœuds (moyenne ${fmt(nodes.mean)})`);

  log(`    naïf : un processus mmdc par logigramme…`);
  const beforeNaive = loadavg()[0]!;
  const naive = renderNaive(synthetic.jobs, join(root, `mmdc-${n}`), puppeteerConfig, mermaidConfig);
  for (const error of naive.errors) problems.push(`N = ${n}, mmdc a échoué pour ${error}`);

  const afterNaive = loadavg()[0]!;
  log(`    Markdown : un seul mmdc sur un fichier Markdown des ${n} logigrammes…`);
  const markdown = renderMarkdown(synthetic.jobs, join(root, `markdown-${n}`), puppeteerConfig, mermaidConfig);
  for (const error of markdown.errors) problems.push(`N = ${n}, mmdc sur le fichier Markdown : ${error}`);
  log(`    Markdown : ${fmt(markdown.totalMs / 1000)} s`);
  log(`    Parcours : renderDiagrams, cache vide…`);
  // Three cold runs, each with an empty cache, and their median: one run is cheap next to
  // the naive way, and a shared machine makes single runs vary by a quarter.
  const coldRuns: number[] = [];
  let cold!: Awaited<ReturnType<typeof renderDiagrams>>;
  let cacheDir = '';
  for (let run = 1; run <= COLD_RUNS; run++) {
    cacheDir = join(root, `cache-${n}-${run}`);
    const t = performance.now();
    cold = await renderDiagrams(synthetic.jobs, { cacheDir });
    coldRuns.push(performance.now() - t);
    log(`    Parcours : passage ${run}/${COLD_RUNS}, ${fmt(coldRuns.at(-1)! / 1000, 2)} s`);
    if (cold.svgs.size !== n || cold.stats.rendered !== n) problems.push(`N = ${n} : ${cold.svgs.size} SVG rendus par Parcours (${cold.stats.rendered} dessinés) au lieu de ${n}.`);
  }
  const coldMs = medianBy(coldRuns, (ms) => ms);
  log(`    Parcours : le même appel, sans changement…`);
  const t = performance.now();
  const warm = await renderDiagrams(synthetic.jobs, { cacheDir });
  const rebuildMs = performance.now() - t;
  if (warm.stats.browserStarted) problems.push(`N = ${n} : la reconstruction sans changement a démarré un navigateur.`);
  if (warm.stats.reused !== n || warm.svgs.size !== n) problems.push(`N = ${n} : la reconstruction sans changement a repris ${warm.stats.reused} SVG du cache au lieu de ${n}.`);
  for (const job of synthetic.jobs) {
    if (warm.svgs.get(job.id) !== cold.svgs.get(job.id)) {
      problems.push(`N = ${n} : le SVG repris du cache pour ${job.id} diffère de celui dessiné.`);
      break;
    }
  }

  const afterParcours = loadavg()[0]!;
  const msPerDiagram = coldMs / n;
  return {
    result: {
      n,
      nodes,
      prepare: { loadMs: round(synthetic.timings.loadMs), mermaidMs: round(synthetic.timings.mermaidMs) },
      naive: {
        totalMs: round(naive.totalMs),
        msPerDiagram: round(naive.msPerDiagram),
        failures: naive.failures,
        slowestMs: round(naive.slowestMs),
        fastestMs: round(naive.fastestMs),
      },
      markdown: { totalMs: round(markdown.totalMs), msPerDiagram: round(markdown.msPerDiagram), drawn: markdown.drawn },
      parcours: {
        coldMs: round(coldMs),
        coldRunsMs: coldRuns.map((ms) => round(ms)),
        msPerDiagram: round(msPerDiagram),
        rendered: cold.stats.rendered,
        rebuildMs: round(rebuildMs),
        rebuildReused: warm.stats.reused,
        rebuildBrowserStarted: warm.stats.browserStarted,
      },
      ratio: round(naive.msPerDiagram / msPerDiagram),
      markdownRatio: round(markdown.msPerDiagram / msPerDiagram),
      load: { beforeNaive: round(beforeNaive, 2), afterNaive: round(afterNaive, 2), afterParcours: round(afterParcours, 2) },
    },
    problems,
  };
}

function resultsTable(rows: SizeResult[]): string {
  return table(
    ['N', 'naïf (ms/logigramme)', 'Markdown (ms/logigramme)', 'Parcours (ms/logigramme)', 'rapport au naïf', 'rapport au Markdown', 'reconstruction sans changement (ms)'],
    rows.map((r) => [String(r.n), fmt(r.naive.msPerDiagram, 0), fmt(r.markdown.msPerDiagram, 0), fmt(r.parcours.msPerDiagram, 0), `${fmt(r.ratio)}×`, `${fmt(r.markdownRatio)}×`, fmt(r.parcours.rebuildMs, 0)]),
  );
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quick = quickOption(args, 'npm run bench [-- --quick]');
  if (quick === undefined) return 2;
  const sizes = quick ? [20] : [20, 200];

  const chromium = await chromiumOrSay('le banc d’essai ne peut rien dessiner');
  if (chromium === undefined) return 1;
  const machine = { ...machineFacts(chromium), mermaid: MERMAID_VERSION, mermaidCli: CLI.version, mermaidInMermaidCli: CLI_MERMAID_VERSION };

  const date = new Date();
  const load = loadWatch();
  console.log(`Banc d’essai des logigrammes — ${quick ? 'rapide (--quick) : N = 20 seulement' : 'complet : N = 20 puis N = 200'}`);
  console.log(
    `Le ${date.toLocaleString('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })} (UTC), ${machine.cpus} processeur(s) (${machine.cpuModel}), Node ${machine.node}, Mermaid ${machine.mermaid} (mermaid-cli ${machine.mermaidCli} avec Mermaid ${machine.mermaidInMermaidCli}), ${machine.chromium}`,
  );
  console.log(
    'Naïf : un processus mmdc par logigramme, l’un après l’autre. Markdown : un seul mmdc sur un fichier Markdown des N logigrammes (réglages par défaut). Parcours : renderDiagrams, cache vide, puis le même appel sans changement.',
  );

  const { root, release } = temporaryRoot('parcours-bench-');

  const rows: SizeResult[] = [];
  const problems: string[] = [];
  try {
    const puppeteerConfig = join(root, 'puppeteer.json');
    writeFileSync(puppeteerConfig, JSON.stringify({ executablePath: chromium, args: PUPPETEER_ARGS }));
    // mmdc draws with Parcours' own Mermaid configuration (theme, fonts, layout), so that both
    // ways draw the same diagrams the same way.
    const mermaidConfig = join(root, 'mermaid.json');
    writeFileSync(mermaidConfig, JSON.stringify(MERMAID_CONFIG));
    // One untimed mmdc run first, so that neither way pays for a cold disk cache (Chromium,
    // Node modules) in its timings.
    log('Mise en route (non mesurée) : un premier mmdc…');
    const warmUp = join(root, 'warm-up');
    mkdirSync(warmUp);
    writeFileSync(join(warmUp, 'x.mmd'), 'flowchart TD\n  a{{"Question ?"}} -->|"Oui"| b(["Réussite"])\n');
    spawnSync(process.execPath, [MMDC, '-i', join(warmUp, 'x.mmd'), '-o', join(warmUp, 'x.svg'), '-p', puppeteerConfig, '-c', mermaidConfig, '-q'], { timeout: MMDC_TIMEOUT_MS, stdio: 'ignore' });
    if (!existsSync(join(warmUp, 'x.svg'))) problems.push('La mise en route de mmdc n’a pas écrit de SVG.');

    for (const n of sizes) {
      const { result, problems: found } = await measure(n, root, puppeteerConfig, mermaidConfig);
      rows.push(result);
      problems.push(...found);
    }
  } finally {
    release();
  }

  console.log('');
  console.log(resultsTable(rows));
  console.log('');
  for (const r of rows) {
    console.log(
      `N = ${r.n} : ${r.nodes.min}–${r.nodes.max} nœuds (moyenne ${fmt(r.nodes.mean)}) ; naïf ${fmt(r.naive.totalMs / 1000)} s en tout (${fmt(r.naive.fastestMs, 0)}–${fmt(r.naive.slowestMs, 0)} ms par logigramme), Markdown ${fmt(r.markdown.totalMs / 1000)} s, ` +
        `Parcours ${fmt(r.parcours.coldMs / 1000, 2)} s en tout ; chargement des YAML ${fmt(r.prepare.loadMs, 0)} ms et textes Mermaid ${fmt(r.prepare.mermaidMs, 0)} ms (hors mesures ci-dessus) ; ` +
        `charge moyenne ${fmt(r.load.beforeNaive, 2)} → ${fmt(r.load.afterNaive, 2)} → ${fmt(r.load.afterParcours, 2)}.`,
    );
  }
  // What one more diagram costs each way, and what Parcours pays once (the browser, its
  // pages, Mermaid's first render): with both sizes, from the difference between them.
  const small = rows.find((r) => r.n === 20);
  const large = rows.find((r) => r.n === 200);
  const marginal =
    small && large
      ? (() => {
          const naiveMs = (large.naive.totalMs - small.naive.totalMs) / (large.n - small.n);
          const parcoursMs = (large.parcours.coldMs - small.parcours.coldMs) / (large.n - small.n);
          return { naiveMs: round(naiveMs), parcoursMs: round(parcoursMs), ratio: round(naiveMs / parcoursMs), parcoursStartMs: round(small.parcours.coldMs - small.n * parcoursMs) };
        })()
      : null;
  if (marginal) {
    console.log(
      `Coût d’un logigramme de plus : naïf ${fmt(marginal.naiveMs, 0)} ms, Parcours ${fmt(marginal.parcoursMs, 0)} ms (rapport ${fmt(marginal.ratio)}×) ; ` +
        `Parcours paie une fois ${fmt(marginal.parcoursStartMs / 1000, 2)} s (navigateur, pages, premier rendu de Mermaid), ce qui borne le rapport à N = 20.`,
    );
  }
  const machineLoad = load.stop();
  console.log(`Charge de la machine (moyenne sur une minute) : ${fmt(machineLoad.start, 2)} au départ, ${fmt(machineLoad.end, 2)} à la fin, ${fmt(machineLoad.highest, 2)} au plus haut, pour ${machine.cpus} processeur(s).`);
  const note = loadNote(machineLoad.highest, machine.cpus);
  if (note) console.log(note);
  const worstRatio = Math.min(...rows.map((r) => r.ratio));
  const ratioMet = rows.every((r) => r.ratio >= TARGET_RATIO);
  const atTarget = rows.find((r) => r.n === TARGET_REBUILD_N);
  const rebuildMet = atTarget ? atTarget.parcours.rebuildMs < TARGET_REBUILD_MS : undefined;
  const atRatioTarget = rows.find((r) => r.n === TARGET_N);
  console.log('');
  const verdict = (ratio: number, target = TARGET_RATIO) => `${fmt(ratio)}× — ${ratio >= target ? 'atteint' : 'non atteint'}`;
  console.log(`objectif ≥ ${TARGET_RATIO}× la manière naïve et ≥ ${TARGET_MARKDOWN_RATIO}× un mmdc sur un fichier Markdown, à N = ${TARGET_N} :`);
  console.log(
    atRatioTarget
      ? `  N = ${TARGET_N} : naïf ${verdict(atRatioTarget.ratio)} ; Markdown ${verdict(atRatioTarget.markdownRatio, TARGET_MARKDOWN_RATIO)}`
      : `  N = ${TARGET_N} : non mesuré (--quick : N = 20 seulement)`,
  );
  for (const r of rows.filter((row) => row !== atRatioTarget)) console.log(`  pour mémoire, N = ${r.n} : naïf ${fmt(r.ratio)}×, Markdown ${fmt(r.markdownRatio)}×`);
  // Parcours starts one browser per build, as mmdc does per diagram: even if drawing cost
  // nothing, N diagrams could not be faster than N × naive ÷ that one start.
  const bound = marginal && small ? round((small.n * small.naive.msPerDiagram) / marginal.parcoursStartMs) : null;
  if (marginal) {
    console.log(`  un logigramme de plus : ${verdict(marginal.ratio)}`);
    console.log(`  à N = 20, même un dessin gratuit ne dépasserait pas ${fmt(bound!)}× : le démarrage unique de Parcours (${fmt(marginal.parcoursStartMs / 1000, 2)} s) vaut presque un mmdc entier.`);
  }
  console.log(
    atTarget
      ? `objectif < 1 s (reconstruction sans changement de ${TARGET_REBUILD_N} logigrammes) : ${rebuildMet ? 'atteint' : 'non atteint'} (${fmt(atTarget.parcours.rebuildMs, 0)} ms)`
      : `objectif < 1 s (reconstruction sans changement de ${TARGET_REBUILD_N} logigrammes) : non mesuré (--quick : N = 20 seulement ; ${fmt(rows[0]!.parcours.rebuildMs, 0)} ms pour 20)`,
  );

  const diagrams = {
    date: date.toISOString(),
    quick,
    seed: SEED,
    machine,
    load: machineLoad,
    method: {
      naive: 'node <mermaid-cli>/src/cli.js -i x.mmd -o x.svg -p puppeteer.json -c mermaid.json -q (mermaid.json : la configuration Mermaid de Parcours), un processus par logigramme, l’un après l’autre (après un premier mmdc non mesuré)',
      markdown: 'node <mermaid-cli>/src/cli.js -i logigrammes.md -o sortie.md -p puppeteer.json -c mermaid.json -q : un seul mmdc, les N logigrammes dans un seul fichier Markdown (un bloc ```mermaid chacun), ses réglages par défaut (un navigateur, --jobs : la moitié des processeurs)',
      parcours: 'renderDiagrams(jobs, { cacheDir: dossier vide }) puis le même appel sans changement',
    },
    targets: {
      ratio: {
        target: TARGET_RATIO,
        worst: worstRatio,
        metAtEverySize: ratioMet,
        n: TARGET_N,
        metAtLargestSize: rows.at(-1)!.ratio >= TARGET_RATIO,
        marginal: marginal?.ratio ?? null,
        metMarginal: marginal ? marginal.ratio >= TARGET_RATIO : null,
        boundAtN20: bound,
      },
      markdownRatio: { target: TARGET_MARKDOWN_RATIO, n: TARGET_N, ratio: atRatioTarget?.markdownRatio ?? null, met: atRatioTarget ? atRatioTarget.markdownRatio >= TARGET_MARKDOWN_RATIO : null },
      rebuild: { targetMs: TARGET_REBUILD_MS, n: TARGET_REBUILD_N, ms: atTarget?.parcours.rebuildMs ?? null, met: rebuildMet ?? null },
    },
    results: rows,
    marginal,
    problems,
  };
  writeResultsKey('diagrams', diagrams, problems);
  console.log(`\nRésultats écrits dans ${RESULTS} (clé « diagrams »).`);
  return finish(problems);
}

process.exitCode = await main();
