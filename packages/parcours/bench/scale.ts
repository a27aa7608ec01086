/**
 * `node bench/scale.ts`: the scale benchmark. For the real e-CPS content project (a copy of
 * parcours.yaml, flows/ and content/) and for synthetic but valid content projects of 10, 100
 * and 500 flows (a neutral parcours.yaml, the flows' procedures, 2 brands and the brands'
 * variants; bench/synthetic.ts), runs the real build, `parcours build --content <project>
 * --out <dir>`, each time as its own process: three cold builds (empty cache, no output folder:
 * the median is reported, with the other two), a rebuild with nothing changed, and a rebuild
 * after one question of one flow was reworded; then a cold build of that edited content, elsewhere, whose every file is compared
 * with the edited build's (the pages it reused must be the ones a build from scratch writes).
 * For each: wall time, peak memory, and what each stage took and redid or took from the cache,
 * as the build records it in `<out>/.parcours/build.json` (never its French progress lines).
 * Then the ratio to the naive way for diagrams and sheets, and the cost per flow as content
 * grows. The date, the machine and its load (the 1-minute load average at the start, at the
 * end, and the highest seen) go with the numbers: the machine may be shared.
 *
 * Targets on the 2-core machine: the real content built cold in under 5 s; 500 flows cold in
 * under 60 s and under 1 GiB (tree, PSS); one flow edited among 500 rebuilt in under 10 s, and
 * byte for byte what a cold build writes; a cost growing no faster than linearly with the
 * number of flows. The numbers go to bench/results.json, under "scale".
 *
 *   node bench/scale.ts            e-CPS, then 10, 100 and 500 flows (the 500 cold build takes minutes)
 *   node bench/scale.ts --quick    e-CPS, then 10 and 100 flows
 *
 * Memory: every half second the build's process tree is read in /proc: the build's Node,
 * the Chromium it starts (browser, renderers, GPU and utility processes) and Pagefind. "Arbre"
 * is the peak of the sum of their PSS (shared pages counted once, split between the processes
 * that share them); "Node" is the peak resident size (VmHWM) of the build's Node process alone.
 *
 * Naive way: the build's diagrams and sheets stages are compared with the cost per item of
 * the naive way (one mmdc per diagram, one Chromium per sheet) measured by bench/diagrams.ts
 * and bench/sheets.ts, read from bench/results.json: measured in the same run when run by
 * `npm run bench` (bench/run.ts), else in an earlier run (the output says which, and when).
 *
 * A script, not a test: it fails (exit code 1) only when something did not work (a build
 * failed or timed out), never because a target was missed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { readSummary } from '../src/stages/build.ts';
import { STAGES, SUMMARY_FILE, type BuildSummary, type StageId } from '../src/stages/index.ts';
import { buildEnv, chromiumOrSay, medianBy, copyRealContent, differingFiles, finish, fmt, loadNote, loadWatch, log, machineFacts, quickOption, readResults, RESULTS, ROOT, round, snapshotProject, table, temporaryRoot, writeResultsKey, type Toolkit } from './common.ts';
import { SYNTHETIC_SITE_URL, writeSyntheticContentProject } from './synthetic.ts';

const SEED = 20_240_601;
const BRANDS = 2;
/** Procedures of a synthetic project of n flows: grows with the flows, as real content does. */
const proceduresFor = (flows: number) => 12 + Math.floor(flows / 5);
const TARGET_REAL_COLD_MS = 5_000;
/** The size the other targets are for. */
const TARGET_FLOWS = 500;
const TARGET_COLD_MS = 60_000;
const TARGET_COLD_PSS_MIB = 1024;
const TARGET_EDITED_MS = 10_000;
const TARGET_UNCHANGED_MS = 10_000;
/** "Linear": the cost of one more flow between the two largest sizes at most this many times that between the two smallest. */
const LINEAR_TOLERANCE = 1.25;
const SAMPLE_MS = 500;
/** A build that takes longer than this is stuck: it is stopped (its whole process group). */
const timeoutFor = (flows: number) => 5 * 60_000 + flows * 4_000;
/** A no-change rebuild that did rebuild is tried again this many times when the sources changed meanwhile. */
const UNCHANGED_RETRIES = 2;
/**
 * Cold builds of each size, each with an empty cache and no output: the median is reported
 * (with the others), so that a moment when the machine runs slower (a third, some evenings:
 * docs/mesures.md) moves one build, not the figure; so is each peak of memory.
 */
const COLD_RUNS = 3;

type StageKey = StageId;
/** The build's stages, in its order (STAGES, as build.json names them). */
const STAGE_KEYS: StageKey[] = STAGES.map((stage) => stage.id);
const STAGE_NAMES = Object.fromEntries(STAGES.map((stage) => [stage.id, stage.label.toLocaleLowerCase('fr')])) as Record<StageKey, string>;

interface Stage {
  ms: number;
  /** What the stage made, as build.json counts it (pages; diagrams drawn and reused…). */
  counts: Record<string, number>;
}

interface Memory {
  /** Peak of the summed PSS of the build's process tree (Node, Chromium, Pagefind), MiB. */
  treePssMiB: number;
  /** Peak of the summed RSS of the same tree (shared pages counted in every process), MiB. */
  treeRssMiB: number;
  /** Peak resident size of the build's Node process alone (VmHWM), MiB. */
  nodeMiB: number;
  /** Most processes in the tree at once. */
  processes: number;
}

interface BuildRun {
  ok: boolean;
  exit: string;
  wallMs: number;
  /** The build's own time (build.json: from its start, so without Node's start-up). */
  reportedMs: number | null;
  /** The build found nothing changed and did nothing (build.json: upToDate). */
  nothingChanged: boolean;
  /** How many times the build loaded and checked the content (build.json: modelLoads; once is right). */
  modelLoads: number | null;
  stages: Partial<Record<StageKey, Stage>>;
  check?: { flows: number; procedures: number; contacts: number };
  diagrams?: { total: number; drawn: number; reused: number };
  pages?: number;
  /** Pages rendered and pages reused from the page store (build.json, site stage). */
  site?: { rendered: number; reused: number };
  indexed?: number;
  sheets?: { total: number; printed: number; reused: number };
  memory: Memory | null;
  /** The build's warnings (build.json), and the first few as "file:line:column message [code]". */
  warnings: number;
  warningSamples: string[];
  /** The end of the output, when the build failed. */
  tail?: string[];
}

interface SizeResult {
  label: string;
  kind: 'réel' | 'synthétique';
  flows: number;
  nodes: number;
  procedures: number;
  brands: number;
  /** The cold build of median time (its stages, counts and time), with the median of each peak of memory. */
  cold: BuildRun;
  /** Every cold build's time, in the order run (the last one's output and cache serve the rebuilds). */
  coldRuns: number[];
  /** Every cold build's peak of memory (tree, PSS, MiB), in the same order. */
  coldMemoryRuns: number[];
  unchanged: BuildRun & { attempts: number };
  edited: BuildRun & { edit: string };
  /** A cold build of the edited content, elsewhere (empty cache), and the files in which the two outputs differ (none expected). */
  reference: BuildRun & { differing: string[] | null };
  /** Cold wall time per flow. */
  coldMsPerFlow: number;
  ratios: {
    diagrams: { items: number; naiveMs: number; parcoursMs: number; ratio: number } | null;
    sheets: { items: number; naiveMs: number; parcoursMs: number; ratio: number } | null;
  };
  load: { before: number; after: number };
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// Memory of a process tree, from /proc (Linux); null elsewhere.

function kib(text: string, field: string): number {
  const m = text.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) : 0;
}

function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(name));
    children.set(ppid, list);
  }
  const tree: number[] = [];
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function memorySampler(rootPid: number): { sample: () => void; peak: () => Memory | null } {
  if (!existsSync('/proc/self/smaps_rollup')) return { sample: () => undefined, peak: () => null };
  const peak = { pss: 0, rss: 0, node: 0, processes: 0 };
  const sample = () => {
    let pss = 0;
    let rss = 0;
    let count = 0;
    for (const pid of processTree(rootPid)) {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        rss += kib(status, 'VmRSS');
        if (pid === rootPid) peak.node = Math.max(peak.node, kib(status, 'VmHWM'));
        pss += kib(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss');
        count++;
      } catch {
        // The process ended between the listing and the read.
      }
    }
    peak.pss = Math.max(peak.pss, pss);
    peak.rss = Math.max(peak.rss, rss);
    peak.processes = Math.max(peak.processes, count);
  };
  return {
    sample,
    peak: () => (peak.processes ? { treePssMiB: round(peak.pss / 1024), treeRssMiB: round(peak.rss / 1024), nodeMiB: round(peak.node / 1024), processes: peak.processes } : null),
  };
}

// ---------------------------------------------------------------------------------------------
// One build, as its own process group (so that a timeout stops its Chromium too).

const running = new Set<ChildProcess>();
function stopAll(): void {
  for (const child of running) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** When the summary in `dist` was last written (null: none): a build that succeeds writes it. */
function summaryStamp(dist: string): number | null {
  try {
    return statSync(join(dist, SUMMARY_FILE)).mtimeMs;
  } catch {
    return null;
  }
}

/** What the bench needs from build.json, into `run`; a problem when the summary is incomplete. */
function readBuildSummary(summary: BuildSummary, run: BuildRun): string | undefined {
  run.reportedMs = round(summary.seconds * 1000);
  run.nothingChanged = summary.upToDate;
  run.modelLoads = summary.modelLoads;
  for (const stage of summary.stages) run.stages[stage.id] = { ms: round(stage.seconds * 1000), counts: stage.counts };
  run.warnings = summary.warnings.length;
  run.warningSamples = summary.warnings.slice(0, 8).map((w) => `${w.file}:${w.line}:${w.column} ${w.message} [${w.code}]`.slice(0, 300));
  const missing: string[] = [];
  /** The counts `keys` of stage `id`, when the stage ran; undefined (and said) when one lacks. */
  const counts = <K extends string>(id: StageKey, keys: readonly K[]): Record<K, number> | undefined => {
    const found = run.stages[id]?.counts;
    if (!found) return undefined;
    const absent = keys.filter((k) => typeof found[k] !== 'number');
    if (absent.length) {
      missing.push(`${id} : ${absent.join(', ')}`);
      return undefined;
    }
    return found as Record<K, number>;
  };
  const check = counts('check', ['flows', 'procedures', 'contacts'] as const);
  if (check) run.check = { flows: check.flows, procedures: check.procedures, contacts: check.contacts };
  const diagrams = counts('diagrams', ['diagrams', 'rendered', 'reused'] as const);
  if (diagrams) run.diagrams = { total: diagrams.diagrams, drawn: diagrams.rendered, reused: diagrams.reused };
  const site = counts('site', ['pages', 'rendered', 'reused'] as const);
  if (site) {
    run.pages = site.pages;
    run.site = { rendered: site.rendered, reused: site.reused };
  }
  const search = counts('search', ['pages'] as const);
  if (search) run.indexed = search.pages;
  const sheets = counts('sheets', ['sheets', 'printed', 'reused'] as const);
  if (sheets) run.sheets = { total: sheets.sheets, printed: sheets.printed, reused: sheets.reused };
  if (!summary.upToDate) {
    const absent = STAGE_KEYS.filter((id) => !run.stages[id]);
    if (absent.length) missing.push(`étape(s) absente(s) : ${absent.join(', ')}`);
  }
  return missing.length ? `${SUMMARY_FILE} incomplet (${missing.join(' ; ')})` : undefined;
}

/** The copy of the toolkit the builds run (see snapshotProject). */
let toolkit: Toolkit = { root: ROOT, cli: join(ROOT, 'bin', 'parcours.js') };

/** How long the disk may take to settle before a build (past it, the build is measured anyway). */
const SETTLE_MS = 120_000;

/**
 * Lets the disk settle before a build is measured, as it has when an editor builds again
 * minutes after the last build: the previous build's writes are flushed (`sync`), and what it
 * does in the background is done (the last output it replaced emptied, or the folders of the
 * next build made). Back to back, a 500-
 * journey edit paid for the cold build's write-back: 8 s of system time instead of 4.
 */
async function settle(dist: string): Promise<void> {
  const until = performance.now() + SETTLE_MS;
  // The replaced output being emptied (`-emptying-<pid>`), or the next build's folders being made (`-skeleton-<pid>`): src/stages/recycle.ts.
  const leftover = () => readdirSync(dirname(dist)).some((name) => name.startsWith(`.${basename(dist)}-emptying-`) || name.startsWith(`.${basename(dist)}-skeleton-`));
  while (leftover() && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 200));
  spawnSync('sync', { stdio: 'ignore', timeout: SETTLE_MS });
}

/** `parcours build --content <project> --out <dist>`, the real command, in the copy of the toolkit. */
async function runBuild(label: string, contentDir: string, cacheDir: string, dist: string, timeoutMs: number): Promise<BuildRun> {
  await settle(dist);
  const run: BuildRun = { ok: false, exit: '', wallMs: 0, reportedMs: null, nothingChanged: false, modelLoads: null, stages: {}, memory: null, warnings: 0, warningSamples: [] };
  const stampBefore = summaryStamp(dist);
  const start = performance.now();
  const child = spawn(process.execPath, [toolkit.cli, 'build', '--content', contentDir, '--out', dist], {
    cwd: toolkit.root,
    env: buildEnv(cacheDir),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  let output = '';
  let partial = '';
  // The build's own lines, shown as they come (a 500-flow build takes minutes); nothing is read from them.
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    output = (output + chunk).slice(-20_000);
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) if (line.trim()) log(`      ${label} │ ${line}`);
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    output = (output + chunk).slice(-20_000);
  });
  const memory = memorySampler(child.pid!);
  const sampling = setInterval(memory.sample, SAMPLE_MS);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid!, 'SIGTERM');
      setTimeout(() => child.exitCode === null && process.kill(-child.pid!, 'SIGKILL'), 10_000).unref();
    } catch {
      // Gone already.
    }
  }, timeoutMs);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (c, s) => resolve({ code: c, signal: s })));
  run.wallMs = round(performance.now() - start);
  clearInterval(sampling);
  clearTimeout(timer);
  running.delete(child);
  // Chromium's processes may outlive a failed build: none must outlive the measurement.
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // None left, as it should be.
  }
  run.memory = memory.peak();
  run.ok = code === 0 && !timedOut;
  run.exit = timedOut ? `arrêtée après ${fmt(timeoutMs / 60_000, 0)} min` : `code ${code}${signal ? `, signal ${signal}` : ''}`;
  if (run.ok) {
    // A build that succeeds writes its summary, even when it had nothing to do: one not
    // rewritten would be the last build's.
    const summary = summaryStamp(dist) !== stampBefore ? readSummary(dist) : undefined;
    const incomplete = summary ? readBuildSummary(summary, run) : `pas de ${SUMMARY_FILE} écrit par cette construction`;
    if (incomplete) {
      run.ok = false;
      run.exit = `code 0, mais ${incomplete}`;
    }
  }
  if (!run.ok) run.tail = output.trim().split('\n').slice(-12);
  return run;
}

// ---------------------------------------------------------------------------------------------
// Content.

/** Rewords the first question (the start node when it is one) of the first flow file. */
function editOneFlow(flowsDir: string): string {
  const file = readdirSync(flowsDir).filter((f) => f.endsWith('.yaml')).sort()[0];
  if (!file) throw new Error(`Aucun parcours dans ${flowsDir}.`);
  const path = join(flowsDir, file);
  const doc = parseDocument(readFileSync(path, 'utf8'));
  const nodes = doc.get('nodes', true) as { items?: { key: unknown; value: unknown }[] } | undefined;
  const ids = (nodes?.items ?? []).map((pair) => String((pair.key as { value?: unknown })?.value ?? pair.key));
  const start = String(doc.get('start'));
  const id = [start, ...ids].find((candidate) => typeof doc.getIn(['nodes', candidate, 'question']) === 'string');
  if (!id) throw new Error(`Aucune question dans ${path}.`);
  const before = doc.getIn(['nodes', id, 'question']) as string;
  const after = `${before.replace(/ \?$/, '')}, selon vous ?`;
  doc.setIn(['nodes', id, 'question'], after);
  writeFileSync(path, doc.toString({ lineWidth: 0 }));
  return `${basename(flowsDir)}/${file}, nœud « ${id} » : « ${before} » → « ${after} »`;
}

interface Content {
  label: string;
  kind: SizeResult['kind'];
  /** The content project (parcours.yaml, flows/, content/ when there is one). */
  contentDir: string;
  flowsDir: string;
  flows: number;
  nodes: number;
  procedures: number;
  brands: number;
}

/** The content project of one size: a copy of the e-CPS project, or a synthetic one. */
function prepare(size: number | 'réel', root: string): Content {
  if (size === 'réel') {
    const contentDir = copyRealContent(join(root, 'e-cps'));
    const flowsDir = join(contentDir, 'flows');
    const flowFiles = readdirSync(flowsDir).filter((f) => f.endsWith('.yaml'));
    const nodes = flowFiles.reduce((sum, f) => {
      const doc = parseDocument(readFileSync(join(flowsDir, f), 'utf8'));
      return sum + ((doc.get('nodes', true) as { items?: unknown[] } | undefined)?.items?.length ?? 0);
    }, 0);
    const procedures = readdirSync(join(flowsDir, 'procedures')).filter((f) => f.endsWith('.yaml')).length;
    const brands = existsSync(join(flowsDir, 'brands')) ? readdirSync(join(flowsDir, 'brands')).filter((f) => f.endsWith('.yaml')).length : 0;
    return { label: 'e-CPS (réel)', kind: 'réel', contentDir, flowsDir, flows: flowFiles.length, nodes, procedures, brands };
  }
  const contentDir = join(root, `synthetique-${size}`);
  const written = writeSyntheticContentProject(contentDir, { flows: size, seed: SEED, procedures: proceduresFor(size), brands: BRANDS });
  return {
    label: `${size} parcours`,
    kind: 'synthétique',
    contentDir,
    flowsDir: written.dir,
    flows: written.flowIds.length,
    nodes: written.nodeCounts.reduce((a, b) => a + b, 0),
    procedures: written.procedureIds.length,
    brands: written.brandIds.length,
  };
}

// ---------------------------------------------------------------------------------------------
// The naive way's cost per item, as measured by the other two benchmarks.

interface NaiveCost {
  msPerItem: number;
  n: number;
  date: string;
  quick: boolean;
  sameRun: boolean;
}

function naiveCosts(since: string | undefined): { diagrams: NaiveCost | null; sheets: NaiveCost | null } {
  const results = readResults();
  const pick = (key: string, field: 'msPerDiagram' | 'msPerSheet'): NaiveCost | null => {
    const entry = results[key] as { date?: string; quick?: boolean; results?: { n: number; naive?: Record<string, number> }[] } | undefined;
    const rows = (entry?.results ?? []).filter((r) => typeof r.naive?.[field] === 'number' && r.naive[field]! > 0);
    if (!entry?.date || rows.length === 0) return null;
    // The largest N: the most sheets or diagrams, the least start-up noise.
    const row = rows.reduce((a, b) => (b.n > a.n ? b : a));
    return { msPerItem: row.naive![field]!, n: row.n, date: entry.date, quick: entry.quick ?? false, sameRun: since !== undefined && entry.date >= since };
  };
  return { diagrams: pick('diagrams', 'msPerDiagram'), sheets: pick('sheets', 'msPerSheet') };
}

const describeCost = (what: string, cost: NaiveCost | null, script: string) =>
  cost
    ? `${what} : ${fmt(cost.msPerItem / 1000, 2)} s par élément à la manière naïve (N = ${cost.n}), ${cost.sameRun ? 'mesuré dans cette même exécution' : `mesuré lors d’une exécution précédente, le ${cost.date}`} par ${script}`
    : `${what} : pas de mesure de la manière naïve dans ${RESULTS} (lancez ${script}) : rapport non calculé`;

// ---------------------------------------------------------------------------------------------

async function measure(size: number | 'réel', root: string, naive: ReturnType<typeof naiveCosts>, problems: string[]): Promise<SizeResult | null> {
  const content = prepare(size, root);
  const { label, contentDir, flowsDir, flows } = content;
  log(`\n${label} : ${flows} parcours, ${content.nodes} nœuds, ${content.procedures} procédures, ${content.brands} marque(s)`);
  const cacheDir = join(root, `cache-${String(size)}`);
  const dist = join(root, `dist-${String(size)}`);
  const timeout = timeoutFor(flows);
  const notes: string[] = [];
  const before = loadavg()[0]!;
  // One model per build (issue 10): said when a build loaded the content more than once.
  const loads = (what: string, run: BuildRun) => {
    if (run.modelLoads !== 1) notes.push(`${what}, la construction a chargé le contenu ${run.modelLoads ?? '?'} fois (une attendue).`);
  };

  const fail = (what: string, run: BuildRun) => {
    problems.push(`${label}, ${what} : la construction a échoué (${run.exit}).\n${(run.tail ?? []).map((l) => `      ${l}`).join('\n')}`);
  };
  // The first cold builds each in folders of their own, removed after; the last in those the rebuilds use.
  const colds: BuildRun[] = [];
  for (let i = 1; i <= COLD_RUNS; i++) {
    log(`    à froid (cache vide, pas de dist/), ${i} sur ${COLD_RUNS}…`);
    const last = i === COLD_RUNS;
    const [runCache, runDist] = last ? [cacheDir, dist] : [join(root, `cold-cache-${String(size)}-${i}`), join(root, `cold-dist-${String(size)}-${i}`)];
    const run = await runBuild(label, contentDir, runCache, runDist, timeout);
    if (!last) {
      rmSync(runCache, { recursive: true, force: true });
      rmSync(runDist, { recursive: true, force: true });
    }
    if (!run.ok) {
      fail(`à froid (${i} sur ${COLD_RUNS})`, run);
      return null;
    }
    colds.push(run);
  }
  // Each figure the median of the three: the time, and each peak of memory.
  const memories = colds.map((run) => run.memory).filter((memory): memory is Memory => memory !== null);
  const medianOf = (key: keyof Memory) => medianBy(memories.map((memory) => memory[key]), (value) => value);
  const cold: BuildRun = {
    ...medianBy(colds, (run) => run.wallMs),
    memory: memories.length ? { treePssMiB: medianOf('treePssMiB'), treeRssMiB: medianOf('treeRssMiB'), nodeMiB: medianOf('nodeMiB'), processes: medianOf('processes') } : null,
  };
  const coldMemoryRuns = memories.map((memory) => memory.treePssMiB);
  loads('à froid', cold);
  if (cold.diagrams && cold.diagrams.reused !== 0) notes.push(`à froid, ${cold.diagrams.reused} logigramme(s) repris du cache (vide pourtant).`);
  if (cold.sheets && cold.sheets.reused !== 0) notes.push(`à froid, ${cold.sheets.reused} fiche(s) reprise(s) du cache (vide pourtant).`);

  log('    sans changement…');
  let stored = readSummary(dist)?.fingerprint;
  let unchanged = await runBuild(label, contentDir, cacheDir, dist, timeout);
  let attempts = 1;
  while (unchanged.ok && !unchanged.nothingChanged) {
    // The fingerprint covers src/, content/, the lockfile… of the copy, which nothing edits:
    // when it changed all the same, measure again, now that dist/ holds the new one. When it
    // did not change, the build rebuilt for nothing: a bug.
    const now = readSummary(dist)?.fingerprint;
    if (now === stored) {
      problems.push(`${label} : la reconstruction sans changement a reconstruit (${fmt(unchanged.wallMs / 1000)} s) alors que l’empreinte de la construction n’a pas changé.`);
      break;
    }
    notes.push(`la reconstruction sans changement n° ${attempts} a reconstruit (${fmt(unchanged.wallMs / 1000)} s) : l’empreinte de la construction a changé entre-temps ; mesurée de nouveau.`);
    if (attempts > UNCHANGED_RETRIES) break;
    log('    sans changement, de nouveau (l’empreinte a changé entre-temps)…');
    stored = now;
    unchanged = await runBuild(label, contentDir, cacheDir, dist, timeout);
    attempts++;
  }
  if (!unchanged.ok) {
    fail('sans changement', unchanged);
    return null;
  }
  loads('sans changement', unchanged);
  if (!unchanged.nothingChanged) notes.push('la reconstruction sans changement a tout de même reconstruit : son temps n’est pas celui d’une reconstruction sans changement.');

  const edit = editOneFlow(flowsDir);
  log(`    un parcours modifié : ${edit}…`);
  const edited = await runBuild(label, contentDir, cacheDir, dist, timeout);
  if (!edited.ok) {
    fail('un parcours modifié', edited);
    return null;
  }
  loads('après la modification d’un parcours', edited);
  if (edited.nothingChanged) notes.push('après la modification d’un parcours, la construction a dit que rien n’avait changé.');
  if (edited.diagrams && edited.diagrams.drawn !== 1) notes.push(`après la modification d’un parcours, ${edited.diagrams.drawn} logigramme(s) dessiné(s) au lieu de 1.`);
  if (edited.sheets && edited.sheets.printed !== 0) notes.push(`après la modification d’une question, ${edited.sheets.printed} fiche(s) réimprimée(s) (aucune attendue : une question n’est pas sur les fiches).`);

  log('    à froid, ailleurs, le contenu modifié (référence)…');
  const referenceDist = join(root, `reference-${String(size)}`);
  const referenceCache = join(root, `reference-cache-${String(size)}`);
  const referenceRun = await runBuild(label, contentDir, referenceCache, referenceDist, timeout);
  if (!referenceRun.ok) fail('à froid, contenu modifié (référence)', referenceRun);
  const differing = referenceRun.ok ? differingFiles(dist, referenceDist) : null;
  if (differing?.length) problems.push(`${label} : la construction après modification diffère d’une construction à froid du même contenu dans ${differing.length} fichier(s), dont ${differing.slice(0, 5).join(', ')}.`);
  rmSync(referenceDist, { recursive: true, force: true });
  rmSync(referenceCache, { recursive: true, force: true });
  const after = loadavg()[0]!;
  // The next size needs the disk more than this one's output.
  rmSync(contentDir, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
  rmSync(dist, { recursive: true, force: true });

  const ratio = (items: number | undefined, cost: NaiveCost | null, stage: Stage | undefined) =>
    items !== undefined && cost && stage && stage.ms > 0 ? { items, naiveMs: round(items * cost.msPerItem), parcoursMs: stage.ms, ratio: round((items * cost.msPerItem) / stage.ms) } : null;
  return {
    label,
    kind: content.kind,
    flows,
    nodes: content.nodes,
    procedures: content.procedures,
    brands: content.brands,
    cold,
    coldRuns: colds.map((run) => run.wallMs),
    coldMemoryRuns,
    unchanged: { ...unchanged, attempts },
    edited: { ...edited, edit },
    reference: { ...referenceRun, differing },
    coldMsPerFlow: round(cold.wallMs / flows),
    ratios: { diagrams: ratio(cold.diagrams?.drawn, naive.diagrams, cold.stages.diagrams), sheets: ratio(cold.sheets?.printed, naive.sheets, cold.stages.sheets) },
    load: { before: round(before, 2), after: round(after, 2) },
    notes,
  };
}

const s = (ms: number | undefined, digits = 1) => (ms === undefined ? '–' : fmt(ms / 1000, digits));

function linearity(rows: SizeResult[]) {
  const synthetic = rows.filter((r) => r.kind === 'synthétique').sort((a, b) => a.flows - b.flows);
  const costOf = (r: SizeResult, key: StageKey | 'total') => (key === 'total' ? r.cold.wallMs : (r.cold.stages[key]?.ms ?? 0));
  const intervals = synthetic.slice(1).map((b, i) => {
    const a = synthetic[i]!;
    const marginal = Object.fromEntries((['total', ...STAGE_KEYS] as const).map((key) => [key, round((costOf(b, key) - costOf(a, key)) / (b.flows - a.flows))])) as Record<StageKey | 'total', number>;
    return { from: a.flows, to: b.flows, msPerAddedFlow: marginal };
  });
  let met: boolean | null = null;
  let how: string;
  const notLinear: string[] = [];
  if (intervals.length >= 2) {
    const first = intervals[0]!;
    const last = intervals[intervals.length - 1]!;
    met = last.msPerAddedFlow.total <= first.msPerAddedFlow.total * LINEAR_TOLERANCE;
    for (const key of STAGE_KEYS) {
      // A stage costing less than 5 ms per flow at the end does not weigh, whatever its growth.
      if (last.msPerAddedFlow[key] > 5 && last.msPerAddedFlow[key] > Math.max(first.msPerAddedFlow[key], 0) * LINEAR_TOLERANCE) notLinear.push(STAGE_NAMES[key]);
    }
    how = `condition : coût d’un parcours de plus entre ${last.from} et ${last.to} parcours (${fmt(last.msPerAddedFlow.total, 0)} ms) ≤ ${fmt(LINEAR_TOLERANCE, 2)} × celui entre ${first.from} et ${first.to} (${fmt(first.msPerAddedFlow.total, 0)} ms)`;
  } else if (synthetic.length === 2) {
    const [a, b] = synthetic as [SizeResult, SizeResult];
    met = b.coldMsPerFlow <= a.coldMsPerFlow * LINEAR_TOLERANCE;
    how = `deux tailles seulement (--quick) ; condition : coût par parcours à ${b.flows} parcours (${fmt(b.coldMsPerFlow, 0)} ms) ≤ ${fmt(LINEAR_TOLERANCE, 2)} × celui à ${a.flows} (${fmt(a.coldMsPerFlow, 0)} ms) ; la croissance se juge mieux sur trois tailles`;
  } else how = 'moins de deux tailles synthétiques : non évaluée';
  return { intervals, met, how, notLinear };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quick = quickOption(args, 'node bench/scale.ts [--quick]');
  if (quick === undefined) return 2;
  const sizes: (number | 'réel')[] = quick ? ['réel', 10, 100] : ['réel', 10, 100, 500];
  const chromium = await chromiumOrSay('la construction ne peut pas dessiner ni imprimer');
  if (chromium === undefined) return 1;
  const machine = machineFacts(chromium);
  const naive = naiveCosts(process.env.PARCOURS_BENCH_SINCE);

  const date = new Date();
  const load = loadWatch();
  console.log(`Banc d’essai de la construction à l’échelle — ${quick ? 'rapide (--quick) : e-CPS, 10 et 100 parcours' : 'complet : e-CPS, 10, 100 et 500 parcours'}`);
  console.log(`Le ${date.toLocaleString('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })} (UTC), ${machine.cpus} processeur(s) (${machine.cpuModel}), ${machine.memoryGiB} Gio de mémoire, Node ${machine.node}, ${machine.chromium}`);
  console.log(
    `Chaque construction : node bin/parcours.js build --content <projet> --out <dossier temporaire>, un processus à part, dans une copie de la boîte à outils faite au départ (bin/, src/, public/, templates/, schema/, configuration ; node_modules/ lié) ; PARCOURS_CACHE dans un dossier temporaire ; avant chaque construction, le disque se pose (sync, et l’ancienne sortie effacée en arrière-plan a disparu), comme quand on reconstruit quelques minutes après ; PARCOURS_SITE_URL=${SYNTHETIC_SITE_URL} ; temps et nombres lus dans <sortie>/${SUMMARY_FILE}.`,
  );
  console.log(`Contenu synthétique : un projet (parcours.yaml neutre, flows/) de n parcours de 10 à 30 nœuds, 12 + n/5 procédures, ${BRANDS} marques avec leurs variantes (bench/synthetic.ts, graine ${SEED}).`);
  console.log(`Naïf, ${describeCost('logigrammes', naive.diagrams, 'bench/diagrams.ts')}.`);
  console.log(`Naïf, ${describeCost('fiches', naive.sheets, 'bench/sheets.ts')}.`);

  // Any build still running when this process ends, however it ends, is stopped with its Chromium.
  process.on('exit', stopAll);
  const { root, release: cleanUp } = temporaryRoot('parcours-bench-scale-');
  const rows: SizeResult[] = [];
  const problems: string[] = [];
  try {
    toolkit = snapshotProject(join(root, 'outils'));
    for (const size of sizes) {
      const row = await measure(size, root, naive, problems);
      if (row) rows.push(row);
    }
  } finally {
    stopAll();
    cleanUp();
  }

  const find = (flows: number) => rows.find((r) => r.kind === 'synthétique' && r.flows === flows);
  console.log('');
  console.log(
    table(
      ['contenu', 'parcours', 'nœuds', 'fiches', 'pages', 'à froid (s)', 'sans changement (s)', 'un parcours modifié (s)', 'mémoire max, arbre / Node (Mio)', 'ms par parcours (à froid)'],
      rows.map((r) => [
        r.label,
        String(r.flows),
        String(r.nodes),
        String(r.cold.sheets?.total ?? '–'),
        String(r.cold.pages ?? '–'),
        s(r.cold.wallMs),
        s(r.unchanged.wallMs, 2),
        s(r.edited.wallMs),
        r.cold.memory ? `${fmt(Math.max(r.cold.memory.treePssMiB, r.edited.memory?.treePssMiB ?? 0), 0)} / ${fmt(Math.max(r.cold.memory.nodeMiB, r.edited.memory?.nodeMiB ?? 0), 0)}` : '–',
        fmt(r.coldMsPerFlow, 0),
      ]),
    ),
  );
  console.log('\nÉtapes de la construction à froid (s) :');
  console.log(table(['contenu', ...STAGE_KEYS.map((k) => STAGE_NAMES[k])], rows.map((r) => [r.label, ...STAGE_KEYS.map((k) => s(r.cold.stages[k]?.ms))])));
  console.log('\nAprès un parcours modifié : ce qui est refait (s, les étapes se chevauchent ; dessinés, rendues, imprimées / reprises) et l’écart avec une construction à froid du même contenu :');
  console.log(
    table(
      ['contenu', ...STAGE_KEYS.map((k) => STAGE_NAMES[k]), 'logigrammes', 'pages', 'fiches', 'fichiers différents d’une construction à froid'],
      rows.map((r) => [
        r.label,
        ...STAGE_KEYS.map((k) => s(r.edited.stages[k]?.ms)),
        r.edited.diagrams ? `${r.edited.diagrams.drawn} / ${r.edited.diagrams.reused}` : '–',
        r.edited.site ? `${r.edited.site.rendered} / ${r.edited.site.reused}` : '–',
        r.edited.sheets ? `${r.edited.sheets.printed} / ${r.edited.sheets.reused}` : '–',
        r.reference.differing ? String(r.reference.differing.length) : 'non comparé',
      ]),
    ),
  );
  console.log('\nRapport à la manière naïve, construction à froid (naïf = éléments × coût naïf par élément mesuré par l’autre banc ; Parcours = temps de l’étape) :');
  console.log(
    table(
      ['contenu', 'logigrammes', 'naïf (s)', 'Parcours (s)', 'rapport', 'fiches', 'naïf (s) ', 'Parcours (s) ', 'rapport '],
      rows.map((r) => {
        const d = r.ratios.diagrams;
        const f = r.ratios.sheets;
        return [
          r.label,
          String(r.cold.diagrams?.drawn ?? '–'),
          d ? s(d.naiveMs) : '–',
          d ? s(d.parcoursMs) : '–',
          d ? `${fmt(d.ratio)}×` : '–',
          String(r.cold.sheets?.printed ?? '–'),
          f ? s(f.naiveMs) : '–',
          f ? s(f.parcoursMs) : '–',
          f ? `${fmt(f.ratio)}×` : '–',
        ];
      }),
    ),
  );
  console.log(`(${describeCost('logigrammes', naive.diagrams, 'bench/diagrams.ts')} ; ${describeCost('fiches', naive.sheets, 'bench/sheets.ts')}.)`);

  const linear = linearity(rows);
  if (linear.intervals.length) {
    console.log('\nCoût d’un parcours de plus, construction à froid (ms par parcours ajouté) :');
    console.log(
      table(
        ['de → à', 'total', ...STAGE_KEYS.map((k) => STAGE_NAMES[k])],
        linear.intervals.map((i) => [`${i.from} → ${i.to}`, fmt(i.msPerAddedFlow.total, 0), ...STAGE_KEYS.map((k) => fmt(i.msPerAddedFlow[k], 0))]),
      ),
    );
  }
  console.log('');
  for (const r of rows) {
    const m = r.cold.memory;
    console.log(
      `${r.label} : à froid ${s(r.cold.wallMs)} s, médiane de ${r.coldRuns.map((ms) => s(ms, 2)).join(', ')} s (la construction médiane dit ${s(r.cold.reportedMs ?? undefined)} s)` +
        (m ? `, mémoire max ${fmt(m.treePssMiB, 0)} Mio en PSS pour l’arbre, médiane de ${r.coldMemoryRuns.map((mib) => fmt(mib, 0)).join(', ')} (${m.processes} processus au plus ; ${fmt(m.treeRssMiB, 0)} Mio en RSS additionnés), ${fmt(m.nodeMiB, 0)} Mio pour Node seul` : '') +
        `; sans changement ${s(r.unchanged.wallMs, 2)} s${r.unchanged.nothingChanged ? ` (rien refait ; la construction dit ${s(r.unchanged.reportedMs ?? undefined)} s, le reste est le démarrage de Node et le chargement des modules)` : ' (a reconstruit !)'}` +
        `; charge moyenne ${fmt(r.load.before, 2)} → ${fmt(r.load.after, 2)}.`,
    );
    for (const note of r.notes) console.log(`    remarque : ${note}`);
    if (r.cold.warnings) console.log(`    ${r.cold.warnings} avertissement(s) de la construction à froid, dont : ${r.cold.warningSamples.slice(0, 3).join(' / ')}`);
  }
  const machineLoad = load.stop();
  console.log(`Charge de la machine (moyenne sur une minute) : ${fmt(machineLoad.start, 2)} au départ, ${fmt(machineLoad.end, 2)} à la fin, ${fmt(machineLoad.highest, 2)} au plus haut, pour ${machine.cpus} processeur(s).`);
  const note = loadNote(machineLoad.highest, machine.cpus);
  if (note) console.log(note);

  const real = rows.find((r) => r.kind === 'réel');
  const big = find(TARGET_FLOWS);
  const realMet = real ? real.cold.wallMs < TARGET_REAL_COLD_MS : null;
  const coldMet = big ? big.cold.wallMs < TARGET_COLD_MS : null;
  const memoryMet = big?.cold.memory ? big.cold.memory.treePssMiB < TARGET_COLD_PSS_MIB : null;
  const identical = big ? big.reference.differing !== null && big.reference.differing.length === 0 : null;
  const editedMet = big ? big.edited.wallMs < TARGET_EDITED_MS && identical === true : null;
  const unchangedMet = big ? big.unchanged.wallMs < TARGET_UNCHANGED_MS && big.unchanged.nothingChanged : null;
  const verdict = (met: boolean | null, measured: string) => (met === null ? `non mesuré${quick ? ` (--quick : pas de ${TARGET_FLOWS} parcours)` : ''}` : `${met ? 'atteint' : 'non atteint'} (${measured})`);
  console.log('');
  console.log(`objectif < 5 s (e-CPS réel, à froid) : ${real ? `${realMet ? 'atteint' : 'non atteint'} (${s(real.cold.wallMs)} s)` : 'non mesuré'}`);
  console.log(`objectif < 60 s (${TARGET_FLOWS} parcours, à froid) : ${verdict(coldMet, `${s(big?.cold.wallMs)} s`)}`);
  console.log(`objectif < 1 Gio (${TARGET_FLOWS} parcours, à froid, arbre de processus en PSS) : ${verdict(memoryMet, `${fmt(big?.cold.memory?.treePssMiB ?? 0, 0)} Mio`)}`);
  console.log(`objectif < 10 s et à l’octet près (${TARGET_FLOWS} parcours, un parcours modifié) : ${verdict(editedMet, `${s(big?.edited.wallMs)} s, ${identical ? 'identique à une construction à froid' : `${big?.reference.differing?.length ?? '?'} fichier(s) différent(s) d’une construction à froid`}`)}`);
  console.log(`objectif < 10 s (${TARGET_FLOWS} parcours, sans changement) : ${verdict(unchangedMet, `${s(big?.unchanged.wallMs, 2)} s`)}`);
  console.log(`objectif « pas plus que linéaire » : ${linear.met === null ? 'non évalué' : linear.met ? 'atteint' : 'non atteint'} (${linear.how})`);
  if (linear.notLinear.length) console.log(`    étape(s) dont le coût par parcours croît plus vite que le nombre de parcours : ${linear.notLinear.join(', ')}`);

  const scale = {
    date: date.toISOString(),
    quick,
    seed: SEED,
    machine,
    load: machineLoad,
    method: {
      build: `node bin/parcours.js build --content <projet> --out <temporaire>, un processus par construction, dans une copie de la boîte à outils faite au départ (à l’abri des modifications faites à côté) ; projet de contenu : copie de parcours.yaml, flows/ et content/ (e-CPS) ou projet synthétique ; PARCOURS_CACHE temporaire, PARCOURS_SITE_URL=${SYNTHETIC_SITE_URL} (domaine .test : QR codes et adresses imprimés comme sur un site publié) ; avant chaque construction, le disque se pose (sync ; l’ancienne sortie, effacée en arrière-plan, a disparu) ; à froid (cache vide, pas de dist/) ${COLD_RUNS} fois, chacune dans ses propres dossiers (la médiane compte, pour le temps comme pour chaque pic de mémoire), puis sans changement, puis après la reformulation d’une question d’un parcours, puis ce contenu modifié à froid ailleurs, comparé fichier par fichier ; temps des étapes, nombres, upToDate et modelLoads lus dans <sortie>/${SUMMARY_FILE}`,
      synthetic: `bench/synthetic.ts : un projet de contenu (parcours.yaml à l’identité neutre « Aide synthétique », flows/, sans content/) de n parcours de 10 à 30 nœuds, 12 + n/5 procédures, ${BRANDS} marques et leurs variantes`,
      memory: 'toutes les 0,5 s, /proc de l’arbre de processus de la construction (Node, Chromium et ses processus, Pagefind) : pic de la somme des PSS (treePssMiB) et des RSS (treeRssMiB) ; pic de VmHWM du processus Node seul (nodeMiB)',
      naive: 'éléments dessinés ou imprimés × coût naïf par élément lu dans bench/results.json (diagrams, sheets : le plus grand N) ; Parcours : temps de l’étape dans la construction à froid',
      linear: `coût d’un parcours de plus (ms) entre les deux plus grandes tailles ≤ ${LINEAR_TOLERANCE} × celui entre les deux plus petites`,
    },
    naive,
    targets: {
      realCold: { targetMs: TARGET_REAL_COLD_MS, ms: real?.cold.wallMs ?? null, met: realMet },
      cold: { targetMs: TARGET_COLD_MS, flows: TARGET_FLOWS, ms: big?.cold.wallMs ?? null, met: coldMet },
      memory: { targetMiB: TARGET_COLD_PSS_MIB, flows: TARGET_FLOWS, treePssMiB: big?.cold.memory?.treePssMiB ?? null, met: memoryMet },
      edited: { targetMs: TARGET_EDITED_MS, flows: TARGET_FLOWS, ms: big?.edited.wallMs ?? null, identicalToCold: identical, met: editedMet },
      unchanged: { targetMs: TARGET_UNCHANGED_MS, flows: TARGET_FLOWS, ms: big?.unchanged.wallMs ?? null, met: unchangedMet },
      linear: { tolerance: LINEAR_TOLERANCE, met: linear.met, how: linear.how, intervals: linear.intervals, stagesNotLinear: linear.notLinear },
    },
    results: rows,
    problems,
  };
  writeResultsKey('scale', scale, problems);
  console.log(`\nRésultats écrits dans ${RESULTS} (clé « scale »).`);
  return finish(problems);
}

process.exitCode = await main();
