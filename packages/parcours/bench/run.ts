/**
 * `npm run bench`: the benchmarks in turn — diagrams (bench/diagrams.ts), sheets
 * (bench/sheets.ts), the build at scale (bench/scale.ts), the sheets' dates in a git history
 * (bench/dates.ts), then the language server's diagnostics while typing (bench/lsp.ts) — each
 * as its own process, with the options given here (`npm run bench -- --quick`). The scale
 * benchmark compares the build with the naive way's costs the first two have just measured
 * (PARCOURS_BENCH_SINCE tells it they come from this run). Each writes its key of bench/results.json.
 *
 * A benchmark that fails does not stop the next ones (their numbers stand on their own);
 * the exit code is 1 when one of them failed, 2 when the options were wrong.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const BENCHMARKS = [
  ['diagrams.ts', 'logigrammes'],
  ['sheets.ts', 'fiches'],
  ['scale.ts', 'construction à l’échelle'],
  ['dates.ts', 'dates des fiches (git)'],
  ['lsp.ts', 'diagnostics pendant la frappe'],
] as const;

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--quick');
if (unknown.length) {
  process.stderr.write(`Option inconnue : ${unknown.join(' ')}. Usage : npm run bench [-- --quick]\n`);
  process.exit(2);
}

const since = new Date().toISOString();
const outcomes: { name: string; what: string; status: string; seconds: number }[] = [];
let code = 0;
for (const [name, what] of BENCHMARKS) {
  console.log(`\n══ ${what} : node bench/${name} ${args.join(' ')}`.trimEnd());
  const t = performance.now();
  // This very Node (24), not whatever `node` is first on the PATH.
  const run = spawnSync(process.execPath, [join(HERE, name), ...args], { stdio: 'inherit', env: { ...process.env, PARCOURS_BENCH_SINCE: since } });
  const seconds = (performance.now() - t) / 1000;
  const status = run.error ? run.error.message : run.signal ? `signal ${run.signal}` : `code ${run.status}`;
  outcomes.push({ name, what, status, seconds });
  if (run.signal === 'SIGINT' || run.signal === 'SIGTERM') {
    code = 130;
    break;
  }
  if (run.status !== 0) code = run.status === 2 ? 2 : Math.max(code, 1);
}

console.log('\n══ Bilan');
for (const o of outcomes) {
  console.log(`  ${o.what.padEnd(30)} bench/${o.name.padEnd(12)} ${o.status === 'code 0' ? 'terminé' : `échec (${o.status})`} en ${(o.seconds / 60).toFixed(1).replace('.', ',')} min`);
}
console.log('Résultats : bench/results.json (clés « diagrams », « sheets », « scale », « dates », « lsp »).');
process.exitCode = code;
