/**
 * What a build is made from, as one hash: every file of the content project that shapes the
 * output (parcours.yaml, the flows, the pages, and every picture and logo they show, wherever
 * in the project it lies), the toolkit as it runs (its code and the versions of its packages),
 * and the settings that reach the output. When it matches the one stored with the last good
 * build, there is nothing to do. Files are read as the build reads them (regular files only,
 * never a pipe or a device), and one that cannot be read counts as its reason, never as an
 * error of its own. The toolkit's identity and the pages' digest are also part of every page's
 * key (page-keys.ts).
 */
import { spawnSync } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { CONFIG_FILE } from '../core/config.ts';
import type { Project } from '../core/model.ts';
import { readProjectFile } from '../core/project-files.ts';
import { TOOLKIT_DIR, type Settings } from '../settings/settings.ts';

/** Large enough for any file the build reads; what check refused never gets here. */
const MAX_HASHED_BYTES = 64 * 1024 * 1024;

function addFile(hash: Hash, path: string, base: string): void {
  const read = readProjectFile(path, '/', MAX_HASHED_BYTES);
  hash.update(relative(base, path)).update('\0');
  hash.update(read.ok ? read.bytes : `(${read.problem.kind})`).update('\0');
}

/** Every regular file of a folder of the toolkit, in a fixed order (links and special files are skipped). */
function addTree(hash: Hash, dir: string, base: string): void {
  if (!existsSync(dir)) return;
  const entries = lstatSync(dir).isDirectory() ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort() : [''];
  for (const entry of entries) {
    const path = join(dir, entry);
    if (lstatSync(path).isFile()) hash.update(relative(base, path)).update('\0').update(readFileSync(path)).update('\0');
  }
}

const sorted = (files: Iterable<string>) => [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The files of the content project the output depends on, sorted (the same hash on any file system). */
export function contentFiles(settings: Settings, project: Project): string[] {
  const files = new Set<string>([join(settings.contentDir, CONFIG_FILE)]);
  for (const file of project.files) files.add(file.path);
  for (const file of pageFiles(project)) files.add(file);
  for (const procedure of project.procedures.values()) for (const step of procedure.steps) for (const picture of step.pictures) files.add(picture.path);
  for (const brand of project.brands.values()) if (brand.logo) files.add(brand.logo);
  if (settings.config.site.logo) files.add(settings.config.site.logo);
  return sorted(files);
}

/** The content project's own pages (MDX) and the pictures they show. */
function pageFiles(project: Project): string[] {
  const files = new Set<string>();
  for (const page of project.pages.values()) {
    files.add(page.path);
    for (const picture of page.pictures) files.add(picture);
  }
  return sorted(files);
}

let toolkit: string | undefined;

/**
 * The toolkit as it runs: its sources (or, installed, its compiled code and the sources it
 * ships: pages, components, core), public files, package.json, and the version of each package
 * it depends on as installed (astro, @astrojs/mdx, qrcode… render the pages). Read once per
 * process: the toolkit does not change under a running build.
 */
export function toolkitIdentity(): string {
  if (toolkit) return toolkit;
  const hash = createHash('sha256');
  for (const part of ['src', 'dist', 'public', 'package.json']) addTree(hash, join(TOOLKIT_DIR, part), TOOLKIT_DIR);
  const manifest = JSON.parse(readFileSync(join(TOOLKIT_DIR, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const require = createRequire(join(TOOLKIT_DIR, 'package.json'));
  for (const name of Object.keys(manifest.dependencies ?? {}).sort()) {
    let version: string;
    try {
      version = (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
    } catch {
      // A package that hides its package.json: its declared range stands for it.
      version = manifest.dependencies![name]!;
    }
    hash.update(`${name}@${version}\0`);
  }
  toolkit = hash.digest('hex');
  return toolkit;
}

/** The content project's pages (MDX) and the pictures they show, hashed: every page's layout links them. */
export function contentDigest(settings: Settings, project: Project): string {
  const hash = createHash('sha256');
  for (const file of pageFiles(project)) addFile(hash, file, settings.contentDir);
  return hash.digest('hex');
}

export function buildFingerprint(settings: Settings, project: Project): string {
  const hash = createHash('sha256');
  for (const file of contentFiles(settings, project)) addFile(hash, file, settings.contentDir);
  hash.update(`\0toolkit\0${toolkitIdentity()}\0`);
  // The sheets' dates come from the last commits of their files.
  const git = spawnSync('git', ['log', '-1', '--format=%H', '--', settings.flowsDir], { cwd: settings.contentDir, encoding: 'utf8' });
  hash.update(`git:${git.stdout?.trim() ?? ''}`);
  hash.update(`url=${settings.siteUrl ?? ''}\0date=${settings.sourceDateEpoch ?? ''}\0search-parts=${settings.searchPartPages}\0`);
  return hash.digest('hex');
}
