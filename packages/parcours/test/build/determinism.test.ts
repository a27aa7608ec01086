/**
 * Same input → same bytes, on any file system and whatever order its folders list their
 * files in. (Pagefind numbered pages in the order its directory walk met them: tmpfs and
 * ext4 list a folder differently, and the index differed.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { htmlFiles, indexSite, pageUrl } from '../../src/stages/search.ts';
import { readSummary } from '../../src/stages/build.ts';
import { ECPS, REPO, TOOLKIT } from '../helpers/cli.ts';
import { differences, explainDifferences, tree } from '../helpers/tree.ts';

/** tmpfs when the machine has one (Linux: /dev/shm), else the temporary folder. */
const SHM = existsSync('/dev/shm') && statSync('/dev/shm').isDirectory() ? '/dev/shm' : tmpdir();

/** Folders to remove at the end (tmpfs is memory). */
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const temporary = (parent: string, prefix: string) => {
  const dir = mkdtempSync(join(parent, prefix));
  made.push(dir);
  return dir;
};

/** The folder's entries in the order the file system lists them (Node's readdir sorts them). */
const rawOrder = (dir: string) => execFileSync('ls', ['-U', '-A', dir], { encoding: 'utf8' }).split('\n').filter(Boolean);

/** Copies a tree file by file, creating each folder's entries in sorted or reversed order. */
function copyTree(from: string, to: string, reverse: boolean): void {
  mkdirSync(to, { recursive: true });
  const names = readdirSync(from).sort();
  for (const name of reverse ? names.reverse() : names) {
    const source = join(from, name);
    if (statSync(source).isDirectory()) copyTree(source, join(to, name), reverse);
    else copyFileSync(source, join(to, name));
  }
}

describe('search index', () => {
  it('maps page paths to the URLs the site serves', () => {
    expect(pageUrl('index.html')).toBe('/');
    expect(pageUrl('parcours/activation/index.html')).toBe('/parcours/activation/');
    expect(pageUrl('404.html')).toBe('/404.html');
    expect(pageUrl('fiches/index-des-fiches.html')).toBe('/fiches/index-des-fiches.html');
  });

  it('is the same bytes for the same pages whatever order their folders list them in', async () => {
    const page = (title: string) =>
      `<!doctype html><html lang="fr"><head><title>${title}</title></head><body><main data-pagefind-body><h1>${title}</h1><p>Activer la carte ${title}, puis le code.</p></main></body></html>`;
    const names = Array.from({ length: 12 }, (_, i) => `page-${String(i).padStart(2, '0')}`);
    const sites = [false, true].map((reverse) => {
      const site = temporary(SHM, 'parcours-index-');
      for (const name of reverse ? [...names].reverse() : names) {
        mkdirSync(join(site, name));
        writeFileSync(join(site, name, 'index.html'), page(name));
      }
      writeFileSync(join(site, 'index.html'), page('Accueil'));
      return site;
    });
    // On tmpfs the two folders really list their pages differently (ext4 may not).
    if (SHM === '/dev/shm') expect(rawOrder(sites[0]!)).not.toEqual(rawOrder(sites[1]!));
    expect(htmlFiles(sites[0]!)).toEqual(htmlFiles(sites[1]!));

    for (const site of sites) expect(await indexSite(site, 'fr')).toBe(13);
    const [a, b] = sites.map((site) => tree(join(site, 'pagefind')));
    expect([...a!.keys()].some((f) => f.endsWith('.pf_index'))).toBe(true);
    expect(differences(a!, b!)).toEqual([]);
  });
});

/**
 * A copy of the toolkit (what a build runs) and of the e-CPS project (what it reads), side by
 * side, their files created in the given order. Returns the toolkit's command and the project.
 */
function copyProject(parent: string, reverse: boolean): { cli: string; project: string } {
  const root = temporary(parent, 'parcours-project-');
  const parts: [string, string][] = [
    ...['bin', 'src', 'public', 'templates', 'schema', 'package.json', 'tsconfig.json'].map((entry) => [join(TOOLKIT, entry), join(root, 'toolkit', entry)] as [string, string]),
    ...['flows', 'content', 'parcours.yaml', 'package.json'].map((entry) => [join(ECPS, entry), join(root, 'project', entry)] as [string, string]),
  ];
  for (const [source, target] of reverse ? parts.reverse() : parts) {
    mkdirSync(dirname(target), { recursive: true });
    if (statSync(source).isDirectory()) copyTree(source, target, reverse);
    else copyFileSync(source, target);
  }
  // The workspace's packages (hoisted to the repository's node_modules).
  symlinkSync(join(REPO, 'node_modules'), join(root, 'toolkit', 'node_modules'));
  return { cli: join(root, 'toolkit', 'bin', 'parcours.js'), project: join(root, 'project') };
}

it('the whole build gives the same bytes on tmpfs and on disk, from folders created in opposite orders', () => {
  const outputs = [
    { parent: SHM, reverse: false },
    { parent: tmpdir(), reverse: true },
  ].map(({ parent, reverse }) => {
    const { cli, project } = copyProject(parent, reverse);
    const out = join(project, 'dist');
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PARCOURS_CACHE: join(project, '.cache') };
    // Everything drawn and printed afresh (an empty cache each), each build in its own copy.
    const run = spawnSync(process.execPath, [cli, 'build', '--content', project, '--out', out, '--force'], { cwd: project, encoding: 'utf8', env, timeout: 240_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(readSummary(out)?.stages.find((stage) => stage.id === 'diagrams')?.counts).toMatchObject({ rendered: 3, reused: 0 });
    return out;
  });
  if (SHM === '/dev/shm') expect(statSync(dirname(outputs[0]!)).dev).not.toBe(statSync(dirname(outputs[1]!)).dev);
  const [a, b] = outputs.map(tree);
  expect(a!.size).toBeGreaterThan(100);
  expect([...a!.keys()].filter((f) => f.startsWith('pagefind/index/'))).not.toEqual([]);
  const differing = differences(a!, b!);
  expect(differing, explainDifferences(outputs[0]!, outputs[1]!, differing)).toEqual([]);
}, 600_000);
