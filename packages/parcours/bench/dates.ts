/**
 * `node bench/dates.ts`: the sheets' dates in a content project kept in git, as agencies keep
 * theirs. Every build that reaches the sheets stage dates every sheet, printed or taken from
 * the cache (the date is printed on the sheet, so it is part of its cache key). The naive way
 * asks git once per sheet (`git log -1 -- <its files>`, what Parcours 1.0.0 did); Parcours
 * walks the history once (`sourceDates`, src/stages/source-date.ts). Both on the same
 * repository, in the same run; the dates must agree (the history is linear: on a merge that
 * only brings two files of a sheet together, 1.0.0 took the merge's date, see source-date.ts). The numbers go to bench/results.json,
 * under "dates".
 *
 *   node bench/dates.ts            500 journeys (134 procedures), 1,500 commits
 *   node bench/dates.ts --quick    100 journeys (32 procedures), 300 commits
 *
 * The repository: the synthetic project of the scale benchmark (bench/synthetic.ts, same
 * seed), committed whole, then one commit per edit of one of its files, chosen by a seeded
 * generator, a day apart (`git fast-import`: seconds, not the minutes of one `git commit` each).
 *
 * A script, not a test: it fails (exit code 1) only when the two ways give different dates.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { loadFlows, sheetsOf } from '../src/core/index.ts';
import { sourceDates } from '../src/stages/source-date.ts';
import { mulberry32, writeSyntheticContentProject } from './synthetic.ts';
import { finish, fmt, log, quickOption, round, table, temporaryRoot, writeResultsKey } from './common.ts';

const SEED = 20_240_601;
const quick = quickOption(process.argv.slice(2), 'node bench/dates.ts [--quick]');
if (quick === undefined) process.exit(2);
const flows = quick ? 100 : 500;
const commits = quick ? 300 : 1500;

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();

/** The project committed whole, then `count` commits, each appending a comment to one file. */
function commitHistory(dir: string, count: number): void {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  const files = filesUnder(dir).filter((f) => !f.startsWith('.git/'));
  const next = mulberry32(SEED);
  const texts = new Map(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  const start = Date.UTC(2022, 0, 3) / 1000;
  const parts: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const commit = (i: number, message: string, changed: string[]) => {
    const when = `${start + i * 86_400} +0000`;
    parts.push(`commit refs/heads/main\ncommitter Banc d’essai <banc@example.org> ${when}\n${data(message)}`);
    for (const f of changed) parts.push(`M 100644 inline ${f}\n${data(texts.get(f)!)}`);
  };
  commit(0, 'Contenu initial', files);
  for (let i = 1; i <= count; i++) {
    const file = files[Math.floor(next() * files.length)]!;
    texts.set(file, `${texts.get(file)}# révision ${i}\n`);
    commit(i, `Révision ${i}`, [file]);
  }
  const imported = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: parts.join(''), encoding: 'utf8', maxBuffer: 1024 ** 3 });
  if (imported.status !== 0) throw new Error(`git fast-import : ${imported.stderr}`);
  git('checkout', '-q', '-f', 'main');
}

const { root, release } = temporaryRoot('parcours-bench-dates-');
const problems: string[] = [];
try {
  const projectDir = join(root, 'projet');
  const { dir: flowsDir } = writeSyntheticContentProject(projectDir, { flows, seed: SEED, procedures: 12 + Math.floor(flows / 5), brands: 2 });
  const t0 = performance.now();
  commitHistory(projectDir, commits);
  log(`Dépôt : ${flows} parcours, ${commits + 1} commits, en ${fmt((performance.now() - t0) / 1000)} s.`);
  const loaded = loadFlows(flowsDir, { cwd: projectDir });
  const sheets = sheetsOf(loaded.project);
  const loadBefore = loadavg()[0]!;

  // The naive way: git once per sheet, as Parcours 1.0.0 asked (tracked? then its last commit).
  let t = performance.now();
  const naive = sheets.map((sheet) => {
    const tracked = spawnSync('git', ['ls-files', '--error-unmatch', '--', ...sheet.files], { cwd: projectDir, encoding: 'utf8' });
    if (tracked.status !== 0) return undefined;
    const seconds = Number(spawnSync('git', ['log', '-1', '--format=%ct', '--', ...sheet.files], { cwd: projectDir, encoding: 'utf8' }).stdout.trim());
    return seconds > 0 ? new Date(seconds * 1000).toISOString() : undefined;
  });
  const naiveMs = performance.now() - t;

  t = performance.now();
  const dateOf = sourceDates(projectDir);
  const parcours = sheets.map((sheet) => dateOf(sheet.files)?.toISOString());
  const parcoursMs = performance.now() - t;

  const differ = sheets.filter((_, i) => naive[i] !== parcours[i]).map((s) => s.name);
  if (differ.length) problems.push(`${differ.length} fiche(s) datée(s) autrement par les deux façons : ${differ.slice(0, 5).join(', ')}`);
  if (parcours.some((d) => d === undefined)) problems.push('une fiche sans date alors que tous ses fichiers sont suivis par git.');

  const ratio = naiveMs / parcoursMs;
  if (sheets.length === 0) problems.push('aucune fiche dans le projet synthétique.');
  console.log(`\nDates des fiches, ${sheets.length} fiches, ${commits + 1} commits (${cpus().length} processeurs, charge ${fmt(loadBefore, 2)}) :\n`);
  console.log(
    table(
      ['façon', 'total', 'par fiche'],
      [
        ['git une fois par fiche (naïve, Parcours 1.0.0)', `${fmt(naiveMs / 1000, 2)} s`, `${fmt(naiveMs / sheets.length)} ms`],
        ['un seul parcours de l’historique (Parcours)', `${fmt(parcoursMs / 1000, 2)} s`, `${fmt(parcoursMs / sheets.length)} ms`],
      ],
    ),
  );
  console.log(`\nRapport : ${fmt(ratio)}×. Dates identiques : ${differ.length === 0 ? 'oui' : 'non'}.`);
  writeResultsKey(
    'dates',
    {
      date: new Date().toISOString(),
      quick,
      flows,
      sheets: sheets.length,
      commits: commits + 1,
      cpus: cpus().length,
      load: { before: round(loadBefore, 2), after: round(loadavg()[0]!, 2) },
      naive: { totalMs: round(naiveMs), msPerSheet: round(naiveMs / sheets.length, 2) },
      parcours: { totalMs: round(parcoursMs), msPerSheet: round(parcoursMs / sheets.length, 2) },
      ratio: round(ratio),
      sameDates: differ.length === 0,
    },
    problems,
  );
} finally {
  release();
}
process.exitCode = finish(problems);
