/**
 * Nothing stale, nothing untrue: every file that shapes the output is in the build's
 * fingerprint, a killed build's leftovers are cleaned by the next one, a sheet's date is a true
 * one or none, and an unusable SOURCE_DATE_EPOCH is refused. Real files, real git.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlows } from '../../src/core/load.ts';
import { readEnv } from '../../src/settings/env.ts';
import { resolveSettings, TOOLKIT_DIR } from '../../src/settings/settings.ts';
import { looksChanged } from '../../src/stages/build.ts';
import { buildFingerprint, contentFiles } from '../../src/stages/fingerprint.ts';
import { isRunning } from '../../src/core/processes.ts';
import { cleanLeftovers, prepareBuild } from '../../src/stages/preflight.ts';
import { emptyingPrefix } from '../../src/stages/recycle.ts';
import { sourceDate, sourceDates } from '../../src/stages/source-date.ts';
import { writeProject } from '../helpers/project.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1e02cd40000000049454e44ae426082', 'hex');

/** A small valid project whose procedure shows a picture kept at the project's root (images/), and whose page shows another. */
function project(): string {
  return writeProject({
    'parcours.yaml': 'site:\n  name: Essai\npublisher:\n  name: Éditeur\n',
    'flows/f.yaml': 'title: T\nstart: p\nnodes:\n  p: { procedure: faire, next: fin }\n  fin: { success: Fini }\n',
    'flows/procedures/faire.yaml': 'title: Faire\nsteps:\n  - text: Faire.\n    pictures:\n      - { view: mobile, src: ../../images/ecran.png, alt: Écran }\n',
    'images/ecran.png': PNG,
    'content/aide.mdx': '---\ntitle: Aide\n---\n\n![Capture](../autres/capture.png)\n',
    'autres/capture.png': PNG,
  });
}

function fingerprintOf(dir: string): string {
  const resolved = resolveSettings({ content: dir, env: {} });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.diagnostics));
  const { project: loaded, diagnostics } = loadFlows(resolved.settings.flowsDir, { cwd: dir });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return buildFingerprint(resolved.settings, loaded);
}

const dead = (): number => {
  // A process that has ended: its pid is free (and, a moment later, still unused).
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
};

describe('the fingerprint', () => {
  it('changes when a picture changes, wherever it lies in the project: beside flows/, or shown by a page', () => {
    const dir = project();
    const first = fingerprintOf(dir);
    expect(fingerprintOf(dir)).toBe(first);
    writeFileSync(join(dir, 'images', 'ecran.png'), Buffer.concat([PNG, Buffer.from([0])]));
    const second = fingerprintOf(dir);
    expect(second).not.toBe(first);
    writeFileSync(join(dir, 'autres', 'capture.png'), Buffer.concat([PNG, Buffer.from([1])]));
    expect(fingerprintOf(dir)).not.toBe(second);
  });

  it('lists the files that shape the output, and no other; a dangling link or a pipe elsewhere in the project breaks nothing', () => {
    const dir = project();
    symlinkSync('nulle-part.png', join(dir, 'content', 'perdu.png'));
    execFileSync('mkfifo', [join(dir, 'content', 'tube')]);
    const resolved = resolveSettings({ content: dir, env: {} });
    if (!resolved.ok) throw new Error('settings');
    const { project: loaded } = loadFlows(resolved.settings.flowsDir, { cwd: dir });
    expect(contentFiles(resolved.settings, loaded).map((f) => f.slice(dir.length + 1))).toEqual([
      'autres/capture.png',
      'content/aide.mdx',
      'flows/f.yaml',
      'flows/procedures/faire.yaml',
      'images/ecran.png',
      'parcours.yaml',
    ]);
    expect(fingerprintOf(dir)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('whether Chromium and Astro start before the check (looksChanged)', () => {
  it('yes when a file or folder of the project changed after the last build.json, or there is none; not for its output, cache, dependencies or hidden folders', () => {
    const dir = project();
    const resolved = resolveSettings({ content: dir, env: {} });
    if (!resolved.ok) throw new Error('settings');
    const { settings } = resolved;
    expect(looksChanged(settings)).toBe(true);
    const summary = join(settings.outDir, '.parcours', 'build.json');
    mkdirSync(dirname(summary), { recursive: true });
    for (const folder of [settings.cacheDir, join(dir, 'node_modules', 'x'), join(dir, '.git')]) mkdirSync(folder, { recursive: true });
    const past = new Date(Date.now() - 60_000);
    const age = (path: string) => utimesSync(path, past, past);
    for (const path of ['parcours.yaml', 'flows/f.yaml', 'flows/procedures/faire.yaml', 'flows/procedures', 'flows', 'images/ecran.png', 'images', 'content/aide.mdx', 'content', 'autres/capture.png', 'autres', 'node_modules', '.']) age(join(dir, path));
    writeFileSync(summary, '{}');
    expect(looksChanged(settings)).toBe(false);
    // Written by the build (the output renamed into place, the last one out), its cache, npm or git: not the content.
    mkdirSync(join(dir, '.dist-old-1'));
    renameSync(join(dir, '.dist-old-1'), join(dir, '.dist-old-2'));
    writeFileSync(join(settings.outDir, 'index.html'), '');
    writeFileSync(join(settings.cacheDir, 'x'), '');
    writeFileSync(join(dir, 'node_modules', 'x', 'y.js'), '');
    writeFileSync(join(dir, '.git', 'index'), '');
    age(join(dir, 'node_modules'));
    expect(looksChanged(settings)).toBe(false);
    // A journey edited; a file removed (its folder changes).
    utimesSync(join(dir, 'flows', 'f.yaml'), new Date(), new Date(Date.now() + 1000));
    expect(looksChanged(settings)).toBe(true);
    age(join(dir, 'flows', 'f.yaml'));
    rmSync(join(dir, 'autres', 'capture.png'));
    utimesSync(join(dir, 'autres'), new Date(), new Date(Date.now() + 1000));
    expect(looksChanged(settings)).toBe(true);
  });
});

/** A project's settings, its output and cache beside its files. */
function withOutput() {
  const dir = project();
  const resolved = resolveSettings({ content: dir, env: {} });
  if (!resolved.ok) throw new Error('settings');
  return { dir, settings: { ...resolved.settings, outDir: join(dir, 'dist'), cacheDir: join(dir, '.cache') } };
}

describe('leftovers of a killed build', () => {
  it('are removed when their process is gone; a previous output caught between two renames is put back', () => {
    const { dir, settings } = withOutput();
    const gone = dead();
    expect(isRunning(gone)).toBe(false);
    const staging = join(dir, `.dist-${gone}`);
    const previous = join(dir, `.dist-old-${gone}`);
    const astro = join(TOOLKIT_DIR, `.astro-build-${gone}`);
    const live = join(dir, `.dist-${process.pid}`);
    const temporary = join(settings.cacheDir, 'fiches', `abc.pdf.${gone}.tmp`);
    for (const folder of [staging, previous, astro, live]) mkdirSync(folder, { recursive: true });
    writeFileSync(join(previous, 'index.html'), 'dernière bonne version');
    mkdirSync(dirname(temporary), { recursive: true });
    writeFileSync(temporary, '%PDF-1.7 à moitié');
    try {
      const done = cleanLeftovers(settings);
      expect(done.map((p) => basename(p)).sort()).toEqual([basename(astro), basename(previous), basename(staging), basename(temporary)].sort());
      expect([staging, previous, astro, temporary].map(existsSync)).toEqual([false, false, false, false]);
      // The last good output is back; a running build's folder is left alone.
      expect(readFileSync(join(dir, 'dist', 'index.html'), 'utf8')).toBe('dernière bonne version');
      expect(existsSync(live)).toBe(true);
    } finally {
      rmSync(astro, { recursive: true, force: true });
    }
  });

  it('an output left half emptied by a process that is gone is removed, never put back as the output', () => {
    const { dir, settings } = withOutput();
    const gone = dead();
    // What a real emptier leaves when killed halfway: its folders, some of its files.
    const emptying = `${emptyingPrefix(settings.outDir)}${gone}`;
    mkdirSync(join(emptying, 'parcours', 'activation'), { recursive: true });
    writeFileSync(join(emptying, 'parcours', 'activation', 'index.html'), '<!doctype html><html lang="fr"></html>');
    expect(cleanLeftovers(settings).map((p) => basename(p))).toEqual([`.dist-emptying-${gone}`]);
    expect([emptying, settings.outDir].map(existsSync)).toEqual([false, false]);
  });

  it('folders being made for the next build by a process that is gone are removed, never taken for the output', () => {
    const { dir, settings } = withOutput();
    const gone = dead();
    const making = join(dir, `.dist-skeleton-${gone}`);
    const kept = join(dir, '.dist-skeleton');
    mkdirSync(join(making, 'parcours'), { recursive: true });
    mkdirSync(join(kept, 'parcours'), { recursive: true });
    expect(cleanLeftovers(settings).map((p) => basename(p))).toEqual([basename(making)]);
    // No output appeared (there was none), and the finished skeleton stays for the next build.
    expect([making, settings.outDir, kept].map(existsSync)).toEqual([false, false, true]);
  });

  it('the working folder of Astro, left by a build that is gone while it was being removed, is removed', () => {
    const { dir, settings } = withOutput();
    const gone = dead();
    const left = join(dir, `.dist-site-${gone}`);
    mkdirSync(join(left, 'out', 'parcours', 'activation'), { recursive: true });
    expect(cleanLeftovers(settings).map((p) => basename(p))).toEqual([basename(left)]);
    expect(existsSync(left)).toBe(false);
  });

  it('a cache that cannot be written is said in French, naming the folder and the setting that chose it', () => {
    const dir = project();
    writeFileSync(join(dir, 'parcours.yaml'), 'site:\n  name: Essai\npublisher:\n  name: Éditeur\nbuild:\n  cache: cache-bloque\n');
    // A file where the cache folder should be: it cannot be written, even by root.
    writeFileSync(join(dir, 'cache-bloque'), '');
    const resolved = resolveSettings({ content: dir, env: {} });
    if (!resolved.ok) throw new Error('settings');
    expect(() => prepareBuild(resolved.settings)).toThrow(/le dossier de cache «\u202f.*cache-bloque\u202f» \(.*parcours\.yaml:6:10\) n’est pas accessible en écriture \((EEXIST|ENOTDIR)\)/);
  });
});

describe('sheet dates', () => {
  const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=Essai', '-c', 'user.email=essai@example.org', ...args], { cwd, env: { ...process.env, GIT_AUTHOR_DATE: '2024-03-01T12:00:00Z', GIT_COMMITTER_DATE: '2024-03-01T12:00:00Z' } });

  it('outside git: the review date, else none (never a made-up date)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parcours-date-'));
    writeFileSync(join(dir, 'f.yaml'), 'x: 1\n');
    expect(sourceDate(['f.yaml'], dir, undefined, '2026-11-23')?.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(sourceDate(['f.yaml'], dir)).toBeUndefined();
  });

  it('in its own repository: the last commit of its files; copied untracked into another repository: not that repository’s date', () => {
    const repo = mkdtempSync(join(tmpdir(), 'parcours-repo-'));
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'suivi.yaml'), 'x: 1\n');
    git(repo, 'add', 'suivi.yaml');
    git(repo, 'commit', '-q', '-m', 'premier');
    expect(sourceDate(['suivi.yaml'], repo)?.toISOString()).toBe('2024-03-01T12:00:00.000Z');
    mkdirSync(join(repo, 'copie'));
    writeFileSync(join(repo, 'copie', 'f.yaml'), 'x: 2\n');
    expect(sourceDate(['f.yaml'], join(repo, 'copie'))).toBeUndefined();
    expect(sourceDate(['f.yaml'], join(repo, 'copie'), undefined, '2025-01-02')?.toISOString()).toBe('2025-01-02T00:00:00.000Z');
  });

  it('read in one walk of the history: each file dated as `git log -1` dates it, a sheet by the newest of its files (branches, a merge that changes a file, a file in two sheets)', () => {
    const repo = mkdtempSync(join(tmpdir(), 'parcours-history-'));
    const at = (day: number) => ({ GIT_AUTHOR_DATE: `2024-03-${String(day).padStart(2, '0')}T12:00:00Z`, GIT_COMMITTER_DATE: `2024-03-${String(day).padStart(2, '0')}T12:00:00Z` });
    const run = (day: number, ...args: string[]) => execFileSync('git', ['-c', 'user.name=Essai', '-c', 'user.email=essai@example.org', ...args], { cwd: repo, env: { ...process.env, ...at(day) } });
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(repo, file)), { recursive: true });
      writeFileSync(join(repo, file), text);
    };
    run(1, 'init', '-q', '-b', 'main');
    for (const f of ['flows/a.yaml', 'flows/b.yaml', 'flows/c.yaml', 'flows/d é.yaml', 'contacts.yaml']) write(f, `${f}: 1\n`);
    run(1, 'add', '-A');
    run(1, 'commit', '-q', '-m', 'début');
    run(2, 'checkout', '-q', '-b', 'branche');
    write('flows/a.yaml', 'a: 2\n');
    write('flows/c.yaml', 'c: 2\n');
    run(3, 'commit', '-q', '-am', 'branche : a et c');
    run(4, 'checkout', '-q', 'main');
    write('flows/a.yaml', 'a: 3\n');
    write('flows/b.yaml', 'b: 3\n');
    run(5, 'commit', '-q', '-am', 'main : a et b');
    // a.yaml changed on both sides: the merge writes a third version (it is a's last change).
    spawnSync('git', ['merge', '-q', 'branche'], { cwd: repo, env: { ...process.env, ...at(6) } });
    write('flows/a.yaml', 'a: 4\n');
    run(6, 'add', '-A');
    run(6, 'commit', '-q', '-m', 'fusion');
    write('flows/d é.yaml', 'd: 7\n');
    run(7, 'commit', '-q', '-am', 'd');
    const sheets = [['flows/a.yaml'], ['flows/b.yaml'], ['flows/c.yaml'], ['flows/d é.yaml'], ['contacts.yaml'], ['flows/b.yaml', 'contacts.yaml'], ['flows/c.yaml', 'flows/b.yaml']];
    const dateOf = sourceDates(repo);
    // A file's date is its `git log -1`; a sheet's, the newest of its files' (a merge that only brings them together changes neither).
    const byGit = (file: string) => Number(execFileSync('git', ['log', '-1', '--format=%ct', '--', file], { cwd: repo, encoding: 'utf8' }).trim());
    expect(sheets.map((files) => dateOf(files)?.toISOString())).toEqual(sheets.map((files) => new Date(Math.max(...files.map(byGit)) * 1000).toISOString()));
    // What they are: the merge for a, each side's commit for b and c, the last for d, the first for the contacts.
    expect(sheets.map((files) => dateOf(files)?.toISOString().slice(0, 10))).toEqual(['2024-03-06', '2024-03-05', '2024-03-03', '2024-03-07', '2024-03-01', '2024-03-05', '2024-03-05']);
    // A project in a folder of the repository: its files, named from there however written (the merge's too); none outside it.
    const inFolder = sourceDates(join(repo, 'flows'));
    expect(['b.yaml', 'a.yaml', './c.yaml', '../flows/b.yaml', join(repo, 'flows', 'a.yaml')].map((file) => inFolder([file])?.toISOString().slice(0, 10))).toEqual([
      '2024-03-05',
      '2024-03-06',
      '2024-03-03',
      '2024-03-05',
      '2024-03-06',
    ]);
    expect(inFolder(['../contacts.yaml'])).toBeUndefined();
    // A file git does not track: no date from git for any sheet that has it.
    write('flows/nouveau.yaml', 'n: 1\n');
    expect(sourceDates(repo)(['flows/b.yaml', 'flows/nouveau.yaml'], '2025-01-02')?.toISOString()).toBe('2025-01-02T00:00:00.000Z');
  });

  it('SOURCE_DATE_EPOCH that is not a whole number, or in the future, is refused with a message, never ignored', () => {
    const now = Date.UTC(2026, 11, 4);
    expect(readEnv({ SOURCE_DATE_EPOCH: '1700000000' }, now)).toEqual({ sourceDateEpoch: 1700000000 });
    for (const value of ['abc', '-5', '1.5', '17e8', '4102444800']) {
      const env = readEnv({ SOURCE_DATE_EPOCH: value }, now);
      expect(env.sourceDateEpoch, value).toBeUndefined();
      expect(env.problems?.[0]?.message, value).toMatch(/^La variable d’environnement SOURCE_DATE_EPOCH vaut « .* » : (ce n’est pas un nombre entier|cette date est dans le futur)/);
    }
    const resolved = resolveSettings({ content: project(), env: readEnv({ SOURCE_DATE_EPOCH: 'abc' }, now) });
    expect(resolved.ok ? [] : resolved.diagnostics.map((d) => [d.file, d.code])).toEqual([['SOURCE_DATE_EPOCH', 'environment-invalid']]);
  });
});
