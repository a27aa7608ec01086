/**
 * The output's folders, kept from one build to the next. A page is `<path>/index.html`: the
 * site of 500 journeys has 11,000 folders. Creating them again at every build, after the
 * last output's were removed, cost 1.5 to 6 s of the kernel's time on this machine's disk
 * (ext4: creating a folder where folders were just removed is several times slower than the
 * first time), taken from Astro on the other core. So the replaced output is not removed: a
 * process of its own unlinks its files and keeps its folders, as `.<out>-skeleton`; the next
 * build takes that skeleton as its temporary folder, and removes at the end the folders it did
 * not use. Emptying the files and linking them again costs 0.5 s.
 *
 * The skeleton holds no file but the list of its folders (`FOLDER_LIST`): it is renamed as the
 * skeleton only once every file is unlinked, and a build claims it by renaming it (one build
 * gets it, the others start empty). Like the cache, it is the build's own folder: nothing else
 * writes there.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** Where the skeleton's folders are listed, deepest first (removed when claimed). */
const FOLDER_LIST = '.parcours-dossiers.json';

/** The skeleton kept for the output folder `out`. */
export function skeletonOf(out: string): string {
  return join(dirname(out), `.${basename(out)}-skeleton`);
}

/**
 * The replaced output while a process of its own empties it: `.<out>-emptying-<its pid>`. A name
 * of its own, never `.<out>-old-<pid>` (the last good output, for the instant between the
 * build's two renames, which ./preflight.ts puts back when that build was killed there): a
 * half-emptied output left by a killed emptier was put back as the output.
 */
export function emptyingPrefix(out: string): string {
  return join(dirname(out), `.${basename(out)}-emptying-`);
}

/** Astro's working folder once out of the output, while a thread removes it (`removeInThread`): `.<out>-site-<pid>`. */
export function siteLeftoverOf(out: string): string {
  return join(dirname(out), `.${basename(out)}-site-${process.pid}`);
}

/** Deepest first: a folder's path is longer than its parent's. */
const deepestFirst = (folders: string[]) => folders.sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));

/**
 * What the background process runs (CommonJS, `node -e`), in one of two ways. `empty`: the
 * replaced output (renamed after this process, `<prefix><its pid>`) has its files unlinked and
 * keeps its folders. `copy`: after a build that replaced no output (the first one, or after the
 * output was removed), the same folders as the new output `source` are made in
 * `<prefix><its pid>`. Either way the folder is then renamed as the skeleton, with the list of
 * its folders; when there is a skeleton already, or anything fails (the output replaced
 * meanwhile), it is removed instead.
 */
const KEEP_FOLDERS = `const fs = require('node:fs'), path = require('node:path');
const [mode, source, prefix, skeleton, list] = process.argv.slice(1);
const dir = prefix + process.pid;
// The build renames the replaced output after this process as soon as it has started: it may
// not have yet, on a loaded machine (5 s at most).
const pause = new Int32Array(new SharedArrayBuffer(4));
for (let i = 0; mode === 'empty' && i < 500 && !fs.existsSync(dir); i++) Atomics.wait(pause, 0, 0, 10);
try {
  if (fs.existsSync(skeleton)) throw new Error('skeleton kept already');
  const root = mode === 'empty' ? dir : source;
  const folders = [];
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isDirectory()) folders.push(path.relative(root, full).split(path.sep).join('/'));
    else if (mode === 'empty') fs.unlinkSync(full);
  }
  if (mode === 'copy') {
    fs.mkdirSync(dir);
    // Parents first.
    for (const folder of [...folders].sort((a, b) => a.length - b.length)) fs.mkdirSync(path.join(dir, folder));
  }
  folders.sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  fs.writeFileSync(path.join(dir, list), JSON.stringify(folders));
  fs.renameSync(dir, skeleton);
} catch {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}`;

/** Starts that process, detached: it outlives the build. Undefined when it could not start. */
export function keepFoldersInBackground(mode: 'empty' | 'copy', source: string, prefix: string, skeleton: string): ReturnType<typeof spawn> | undefined {
  try {
    const worker = spawn(process.execPath, ['-e', KEEP_FOLDERS, mode, source, prefix, skeleton, FOLDER_LIST], { detached: true, stdio: 'ignore' });
    worker.on('error', () => undefined);
    worker.unref();
    return worker.pid === undefined ? undefined : worker;
  } catch {
    return undefined;
  }
}

/**
 * Empties the replaced output `dir` in a process of its own that outlives the build (the new
 * output is already in place), and keeps it as the skeleton. The folder is renamed after that
 * process (`<prefix><its pid>`), so that a build starting meanwhile leaves it to it, and removes
 * it should it die (./preflight.ts removes such folders whose process no longer runs).
 */
export function emptyInBackground(dir: string, prefix: string, skeleton: string): void {
  if (!existsSync(dir)) return;
  const worker = keepFoldersInBackground('empty', '', prefix, skeleton);
  if (worker === undefined) rmSync(dir, { recursive: true, force: true });
  else renameSync(dir, `${prefix}${worker.pid}`);
}

/**
 * After a build that replaced no output, makes in the background the skeleton its next build
 * will take (the first edit after a build from scratch gains what later ones do), as
 * `<prefix><its pid>` (./preflight.ts removes it should the process die). Without it, the next
 * build makes its folders itself.
 */
export function foldersInBackground(out: string, prefix: string, skeleton: string): void {
  if (!existsSync(skeleton)) keepFoldersInBackground('copy', out, prefix, skeleton);
}

/**
 * Takes the skeleton as the build's temporary folder `staging` (which must not exist); returns
 * its folders, deepest first, or none when there was no skeleton to take (`staging` does not
 * exist then) or its list could not be read (`staging` is then removed).
 */
export function claimSkeleton(skeleton: string, staging: string): string[] {
  try {
    renameSync(skeleton, staging);
  } catch {
    return [];
  }
  try {
    const folders = JSON.parse(readFileSync(join(staging, FOLDER_LIST), 'utf8')) as unknown;
    unlinkSync(join(staging, FOLDER_LIST));
    // Folders of the skeleton only: relative, never climbing out of it.
    const inside = (folder: unknown) => typeof folder === 'string' && folder !== '' && !folder.startsWith('/') && !folder.split('/').includes('..');
    if (!Array.isArray(folders) || !folders.every(inside)) throw new Error('liste illisible');
    return deepestFirst(folders as string[]);
  } catch {
    rmSync(staging, { recursive: true, force: true });
    return [];
  }
}

/**
 * Gives `staging` back as the skeleton, for a build that ends before writing into it (errors in
 * the content, nothing to do); `workDir`, Astro's, is removed first. Removed whole when a
 * skeleton appeared meanwhile.
 */
export function returnSkeleton(staging: string, skeleton: string, folders: string[], workDir: string): void {
  rmSync(workDir, { recursive: true, force: true });
  try {
    if (folders.length === 0) throw new Error('pas de squelette');
    // As claimed: deepest first.
    writeFileSync(join(staging, FOLDER_LIST), JSON.stringify(folders));
    renameSync(staging, skeleton);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Removes `dir` in a thread of its own. Removing is mostly the kernel's waiting (Astro's working
 * folder after its pages moved out, 11,000 empty folders: 0.9 s, of which 0.23 s of processor),
 * which the build's thread need not do; `fs.promises.rm` instead took 0.7 to 0.9 s of processor,
 * and held the thread up to 0.1 s at a time.
 */
export function removeInThread(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const thread = new Worker("require('node:fs').rmSync(require('node:worker_threads').workerData, { recursive: true, force: true });", { eval: true, workerData: dir, execArgv: [] });
    thread.on('error', reject);
    thread.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`suppression de ${dir} arrêtée (code ${code})`))));
  });
}

/** Removes the skeleton's folders the new output left empty (deepest first: a folder emptied of its empty folders goes too). */
export function removeUnusedFolders(staging: string, folders: string[]): void {
  for (const folder of folders) {
    try {
      rmdirSync(join(staging, folder));
    } catch {
      // Not empty (in use), or gone.
    }
  }
}
