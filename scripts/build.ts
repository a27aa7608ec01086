/**
 * `npm run build`: check → diagrams → site → search index → sheets, each stage with its
 * progress and time, then a summary. Everything is built in a temporary folder that replaces
 * dist/ only when every stage succeeded: a flow error, a missing Chromium, a full disk or
 * Ctrl-C leave the last good dist/ exactly as it was.
 *
 * Nothing changed since the last good build (flows, sources, content, configuration,
 * dependencies): nothing is redone. Otherwise diagrams and sheets whose inputs did not change
 * come from the cache.
 *
 * Options: `--out <dir>` (default dist/), `--force` (rebuild even if nothing changed). Environment: PARCOURS_FLOWS (the flows folder,
 * default flows/), PARCOURS_CACHE (default .cache/), PARCOURS_SITE_URL, SOURCE_DATE_EPOCH.
 */
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { buildFingerprint, FINGERPRINT_FILE, storedFingerprint } from '../src/build/fingerprint.ts';
import { formatDiagnostic, formatTotals, green, red } from '../src/cli/format.ts';
import { hasErrors, loadFlows } from '../src/core/index.ts';

const root = join(import.meta.dirname, '..');
const outArg = process.argv.indexOf('--out');
const dist = outArg === -1 ? join(root, 'dist') : resolve(process.argv[outArg + 1] ?? 'dist');
const flowsDir = resolve(root, process.env.PARCOURS_FLOWS ?? 'flows');
const cacheDir = resolve(root, process.env.PARCOURS_CACHE ?? '.cache');
const staging = join(dirname(dist), `.${basename(dist)}-${process.pid}`);
const previous = join(dirname(dist), `.${basename(dist)}-old-${process.pid}`);
const out = basename(dist);

const started = performance.now();
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1).replace('.', ',')} s`;
const tty = process.stdout.isTTY;

/** Runs one stage, printing "[n/5] name… done/total" as it goes and its time at the end. */
async function stage<T>(n: number, name: string, work: (progress: (done: number, total: number) => void) => Promise<T> | T, done: (result: T) => string): Promise<T> {
  const since = performance.now();
  const label = `[${n}/5] ${name}`;
  const progress = (d: number, total: number) => {
    if (tty) process.stdout.write(`\r${label} ${d}/${total}`);
  };
  const result = await work(progress);
  process.stdout.write(`${tty ? '\r\u001b[K' : ''}${label} : ${done(result)} (${seconds(since)})\n`);
  return result;
}

function cleanUp(): void {
  rmSync(staging, { recursive: true, force: true });
  // Interrupted between the two renames: put the previous dist/ back.
  if (!existsSync(dist) && existsSync(previous)) renameSync(previous, dist);
}

function fail(reason: string, code = 1): never {
  cleanUp();
  console.error(red(`✘ Construction arrêtée : ${reason}`));
  console.error(`${out}/ n’a pas été modifié.`);
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => fail(signal === 'SIGINT' ? 'interrompue (Ctrl-C).' : 'interrompue.', 130));
}

const { project, diagnostics } = await stage(
  1,
  'Vérification',
  () => loadFlows(flowsDir, { cwd: root }),
  (r) => `${r.project.flows.size} parcours, ${r.project.procedures.size} procédures, ${r.project.contacts.size} contacts`,
);
for (const d of diagnostics) console.log(`${formatDiagnostic(d)}\n`);
if (hasErrors(diagnostics)) {
  console.error(formatTotals(diagnostics, project.files.length));
  fail('les parcours contiennent des erreurs (voir ci-dessus).');
}

const fingerprint = buildFingerprint(root, flowsDir);
if (!process.argv.includes('--force') && storedFingerprint(dist) === fingerprint) {
  console.log(green(`✔ Rien n’a changé depuis la dernière construction : ${out}/ est à jour (${seconds(started)}).`));
  process.exit(0);
}

// Loaded only now: Astro, Pagefind and puppeteer take seconds to import, and a build with
// nothing to do, or with errors in the flows, needs none of them.
const [{ build }, { indexSite }, { renderFlowDiagrams, writeDiagrams }, { printSheets }] = await Promise.all([
  import('astro'),
  import('../src/build/search.ts'),
  import('../src/build/diagrams.ts'),
  import('../src/build/sheets.ts'),
]);

try {
  const diagrams = await stage(
    2,
    'Logigrammes',
    (progress) => renderFlowDiagrams(project, { cacheDir: join(cacheDir, 'diagrams'), onProgress: progress }),
    (r) => `${r.diagrams.length} (${r.stats.rendered} dessinés, ${r.stats.reused} repris du cache)`,
  );
  const pages = await stage(
    3,
    'Site',
    async () => {
      await build({ root, outDir: staging, logLevel: 'warn' });
      // After Astro, which empties its output folder before building.
      writeDiagrams(diagrams.diagrams, staging);
      return readdirSync(staging, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).length;
    },
    (count) => `${count} pages`,
  );
  await stage(
    4,
    'Recherche',
    () => indexSite(staging),
    (count) => `${count} pages indexées`,
  );
  const sheets = await stage(
    5,
    'Fiches',
    (progress) => printSheets(project, { siteDir: staging, cacheDir: join(cacheDir, 'fiches'), root, onProgress: progress }),
    (r) => `${r.printed.length} fiches et le recueil (${r.stats.printed} imprimées, ${r.stats.reused} reprises du cache)`,
  );

  writeFileSync(join(staging, FINGERPRINT_FILE), `${JSON.stringify({ fingerprint }, null, 2)}\n`);
  if (existsSync(dist)) renameSync(dist, previous);
  renameSync(staging, dist);
  rmSync(previous, { recursive: true, force: true });
  console.log(
    green(
      `✔ ${out}/ : ${project.flows.size} parcours, ${pages} pages, ${diagrams.diagrams.length} logigrammes (${diagrams.stats.reused} repris), ` +
        `${sheets.printed.length} fiches (${sheets.stats.reused} reprises) en ${seconds(started)}.`,
    ),
  );
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
