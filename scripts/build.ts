/**
 * `npm run build`: check the flows, then build into a temporary folder and swap it in for
 * dist/ only when everything succeeded, so a failed build leaves the last good dist/ as it was.
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { build } from 'astro';
import * as pagefind from 'pagefind';
import { renderFlowDiagrams, writeDiagrams } from '../src/build/diagrams.ts';
import { printSheets } from '../src/build/sheets.ts';
import { formatDiagnostic, formatTotals } from '../src/cli/format.ts';
import { hasErrors, loadFlows } from '../src/core/index.ts';

const root = join(import.meta.dirname, '..');
// `--out <dir>` builds elsewhere than dist/ (the tests build their own copy).
const outArg = process.argv.indexOf('--out');
const dist = outArg === -1 ? join(root, 'dist') : resolve(process.argv[outArg + 1] ?? 'dist');
const staging = join(dirname(dist), `.${basename(dist)}-${process.pid}`);
const previous = join(dirname(dist), `.${basename(dist)}-old-${process.pid}`);

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1).replace('.', ',')} s`;

const { diagnostics, project } = loadFlows(join(root, 'flows'), { cwd: root });
for (const d of diagnostics) console.log(`${formatDiagnostic(d)}\n`);
if (hasErrors(diagnostics)) {
  console.error(formatTotals(diagnostics, project.files.length));
  console.error(`Construction arrêtée : ${basename(dist)}/ n’a pas été modifié.`);
  process.exit(1);
}
console.log(`Vérification : ${project.flows.size} parcours, ${project.procedures.size} procédures (${elapsed()})`);

try {
  const { diagrams, stats } = await renderFlowDiagrams(project, { cacheDir: join(root, '.cache', 'diagrams') });
  console.log(`Logigrammes : ${diagrams.length} (${stats.rendered} dessinés, ${stats.reused} repris du cache) (${elapsed()})`);
  await build({ root, outDir: staging, logLevel: 'warn' });
  // After Astro, which empties its output folder before building.
  writeDiagrams(diagrams, staging);
  console.log(`Site : ${countPages(staging)} pages (${elapsed()})`);
  const { index } = await pagefind.createIndex({ forceLanguage: 'fr' });
  if (!index) throw new Error('Pagefind n’a pas pu démarrer.');
  const added = await index.addDirectory({ path: staging });
  await index.writeFiles({ outputPath: join(staging, 'pagefind') });
  await pagefind.close();
  console.log(`Recherche : ${added.page_count} pages indexées (${elapsed()})`);
  const sheets = await printSheets(project, { siteDir: staging, cacheDir: join(root, '.cache', 'fiches'), root });
  console.log(`Fiches : ${sheets.printed.length} + recueil (${sheets.stats.printed} imprimées, ${sheets.stats.reused} reprises du cache) (${elapsed()})`);
  if (existsSync(dist)) renameSync(dist, previous);
  renameSync(staging, dist);
  rmSync(previous, { recursive: true, force: true });
  console.log(`${basename(dist)}/ remplacé (${elapsed()})`);
} catch (error) {
  rmSync(staging, { recursive: true, force: true });
  if (!existsSync(dist) && existsSync(previous)) renameSync(previous, dist);
  console.error(`Construction échouée : ${error instanceof Error ? error.message : String(error)}`);
  console.error(`${basename(dist)}/ n’a pas été modifié.`);
  process.exit(1);
}

function countPages(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).length;
}
