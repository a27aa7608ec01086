/**
 * `node bench/lsp.ts`: how long an editor waits for the problems of an edit on the e-CPS
 * project. The real language server (`parcours lsp`, started by the CLI) runs on a copy of
 * the project; an LSP client types into flows/activation.yaml, by turns removing the `next` of
 * « methode-a » (a dead end) and putting it back, never saving. Measured: from sending the
 * change to receiving the diagnostics of the whole project, checked again (the pause the
 * server waits for typing to stop included). Also measured, in this process: the check alone,
 * and the processor time it takes (a busy machine stretches the others, not this one).
 * Target: under 300 ms (median). The numbers go to bench/results.json, under "lsp".
 *
 *   node bench/lsp.ts            40 edits (after 5 not measured)
 *   node bench/lsp.ts --quick    10 edits
 *
 * A script, not a test: it fails (exit code 1) only when the server did not say what it should
 * (no dead end after the edit, or one left after the undo), never because the target was missed.
 */
import { cpSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { isoDay } from '../src/core/freshness.ts';
import { memoryParses } from '../src/core/load.ts';
import { checkContent } from '../src/lsp/check.ts';
import { LspClient } from '../test/editor/lsp-client.ts';
import { finish, fmt, log, quickOption, round, table, temporaryRoot, writeResultsKey } from './common.ts';

const TARGET_MS = 300;
const WARM_UP = 5;
const FLOW = 'flows/activation.yaml';
const ECPS = join(import.meta.dirname, '..', '..', '..', 'guides', 'e-cps');

const quick = quickOption(process.argv.slice(2), 'node bench/lsp.ts [--quick]');
if (quick === undefined) process.exit(2);
const edits = quick ? 10 : 40;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

const { root, release } = temporaryRoot('parcours-bench-lsp-');
const problems: string[] = [];
cpSync(join(ECPS, 'flows'), join(root, 'flows'), { recursive: true });
cpSync(join(ECPS, 'parcours.yaml'), join(root, 'parcours.yaml'));
const saved = readFileSync(join(root, FLOW), 'utf8');
const deadEnd = saved.replace('    procedure: activation-carte\n    next: activee-a\n', '    procedure: activation-carte\n');
if (deadEnd === saved) throw new Error(`${FLOW} has changed: the edit of the benchmark no longer applies`);

const loadBefore = loadavg()[0]!;
const client = await LspClient.start(root);
const roundTrips: number[] = [];
try {
  await client.open(FLOW, saved);
  for (let i = 0; i < WARM_UP + edits; i++) {
    const broken = i % 2 === 0;
    const started = performance.now();
    await client.type(FLOW, broken ? deadEnd : saved);
    const ms = performance.now() - started;
    const said = client.diagnosticsOf(FLOW).some((d) => d.code === 'dead-end');
    if (said !== broken) problems.push(`édition ${i + 1} : ${broken ? 'aucun' : 'encore un'} « dead-end » dans les diagnostics reçus.`);
    if (i >= WARM_UP) roundTrips.push(ms);
  }
} finally {
  await client.stop();
}

// The check alone, as the server runs it after an edit (the other files' parses kept), in this
// process: its time, and the processor time it takes, which other programs do not stretch.
const memo = { parses: memoryParses() };
const check = (i: number) => checkContent({ dir: root, unsaved: new Map([[join(root, FLOW), i % 2 ? saved : deadEnd]]), today: isoDay(new Date()), siteUrlFromEnv: false, memo });
check(1);
const checks: number[] = [];
const processor: number[] = [];
for (let i = 0; i < edits; i++) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  check(i);
  const used = process.cpuUsage(cpu);
  checks.push(performance.now() - started);
  processor.push((used.user + used.system) / 1000);
}
const loadAfter = loadavg()[0]!;
release();

const row = (name: string, values: number[]) => [name, fmt(percentile(values, 50)), fmt(percentile(values, 90)), fmt(Math.max(...values))];
console.log(`\nDiagnostics d’une édition du projet e-CPS (${edits} éditions, ms) :\n`);
console.log(
  table(['', 'médiane', '90 %', 'max'], [row('de la frappe aux diagnostics', roundTrips), row('dont la vérification seule', checks), row('temps processeur de la vérification', processor)]),
);
const median = percentile(roundTrips, 50);
console.log(`\nObjectif : moins de ${TARGET_MS} ms (médiane) — ${median < TARGET_MS ? 'atteint' : 'manqué'} (${fmt(median)} ms).`);
if (loadAfter > cpus().length) log(`Charge moyenne : ${fmt(loadBefore, 2)} puis ${fmt(loadAfter, 2)} pour ${cpus().length} processeur(s) : d’autres programmes ont pu ralentir les mesures.`);

writeResultsKey(
  'lsp',
  {
    date: new Date().toISOString(),
    quick,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'inconnu', node: process.version, load: { before: round(loadBefore, 2), after: round(loadAfter, 2) } },
    method: `serveur réel (parcours lsp) sur une copie de guides/e-cps ; ${edits} éditions de ${FLOW} après ${WARM_UP} non mesurées, sans enregistrer : de l’envoi de textDocument/didChange à la réception des diagnostics du projet (pause de frappe du serveur comprise)`,
    targetMs: TARGET_MS,
    roundTripMs: { median: round(median), p90: round(percentile(roundTrips, 90)), max: round(Math.max(...roundTrips)) },
    checkMs: { median: round(percentile(checks, 50)), p90: round(percentile(checks, 90)), max: round(Math.max(...checks)) },
    checkCpuMs: { median: round(percentile(processor, 50)), p90: round(percentile(processor, 90)), max: round(Math.max(...processor)) },
    met: median < TARGET_MS,
  },
  problems,
);
process.exitCode = finish(problems);
