/**
 * What a build is made from, as one hash: the flows, the site's sources and content, the
 * configuration, the toolkit, and the settings that reach the output. When it matches the one
 * stored with the last good build, there is nothing to do. The toolkit's own identity (its
 * files and the versions of its packages) is also part of every page's key (page-keys.ts).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { CONFIG_FILE } from '../core/config.ts';
import { TOOLKIT_DIR, type Settings } from '../settings/settings.ts';

function addTree(hash: ReturnType<typeof createHash>, dir: string, base: string): void {
  if (!existsSync(dir)) return;
  const entries = statSync(dir).isDirectory() ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort() : [''];
  for (const entry of entries) {
    const path = join(dir, entry);
    if (!statSync(path).isFile()) continue;
    hash.update(relative(base, path)).update('\0').update(readFileSync(path)).update('\0');
  }
}

let toolkit: string | undefined;

/**
 * The toolkit as it runs: its sources (or, installed, its compiled code and the sources it
 * ships: pages, components, core), public files, package.json, and the version of each package
 * it depends on as installed (astro, @astrojs/mdx, qrcode… render the pages).
 */
export function toolkitIdentity(): string {
  if (toolkit) return toolkit;
  const hash = createHash('sha256');
  for (const part of ['src', 'dist', 'public', 'package.json']) addTree(hash, join(TOOLKIT_DIR, part), TOOLKIT_DIR);
  const manifest = JSON.parse(readFileSync(join(TOOLKIT_DIR, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const require = createRequire(join(TOOLKIT_DIR, 'package.json'));
  for (const name of Object.keys(manifest.dependencies ?? {}).sort()) {
    let version = '?';
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

/** The content project's content/ folder (MDX pages and the files they use), hashed. */
export function contentDigest(settings: Settings): string {
  const hash = createHash('sha256');
  addTree(hash, settings.pagesDir, settings.contentDir);
  return hash.digest('hex');
}

export function buildFingerprint(settings: Settings): string {
  const hash = createHash('sha256');
  const { contentDir } = settings;
  for (const part of [CONFIG_FILE, 'flows', 'content']) addTree(hash, join(contentDir, part), contentDir);
  hash.update(`\0toolkit\0${toolkitIdentity()}\0`);
  // The sheets' dates come from the last commits of their files.
  const git = spawnSync('git', ['log', '-1', '--format=%H', '--', settings.flowsDir], { cwd: contentDir, encoding: 'utf8' });
  hash.update(`git:${git.stdout?.trim() ?? ''}`);
  hash.update(`url=${settings.siteUrl ?? ''}\0date=${settings.sourceDateEpoch ?? ''}\0`);
  return hash.digest('hex');
}
