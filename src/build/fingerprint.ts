/**
 * What a build is made from, as one hash: the flows, the site's sources and content, the
 * configuration, the locked dependencies, and the settings that reach the output. When it
 * matches the one stored with the last good build, there is nothing to do.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const FINGERPRINT_FILE = '.parcours-build.json';

function addTree(hash: ReturnType<typeof createHash>, dir: string, base: string): void {
  if (!existsSync(dir)) return;
  const entries = statSync(dir).isDirectory() ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort() : [''];
  for (const entry of entries) {
    const path = join(dir, entry);
    if (!statSync(path).isFile()) continue;
    hash.update(relative(base, path)).update('\0').update(readFileSync(path)).update('\0');
  }
}

export function buildFingerprint(root: string, flowsDir: string): string {
  const hash = createHash('sha256');
  addTree(hash, flowsDir, flowsDir);
  for (const part of ['src', 'scripts', 'content', 'public', 'astro.config.mjs', 'package-lock.json']) addTree(hash, join(root, part), root);
  // The sheets' dates come from the last commits of their files.
  const git = spawnSync('git', ['log', '-1', '--format=%H', '--', flowsDir], { cwd: root, encoding: 'utf8' });
  hash.update(`git:${git.stdout?.trim() ?? ''}`);
  for (const name of ['PARCOURS_SITE_URL', 'SOURCE_DATE_EPOCH']) hash.update(`${name}=${process.env[name] ?? ''}\0`);
  return hash.digest('hex');
}

export function storedFingerprint(outDir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(outDir, FINGERPRINT_FILE), 'utf8')) as { fingerprint?: string }).fingerprint;
  } catch {
    return undefined;
  }
}
