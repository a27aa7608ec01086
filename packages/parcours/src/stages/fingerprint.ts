/**
 * What a build is made from, as one hash: the flows, the site's sources and content, the
 * configuration, the locked dependencies, and the settings that reach the output. When it
 * matches the one stored with the last good build, there is nothing to do.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

export function buildFingerprint(settings: Settings): string {
  const hash = createHash('sha256');
  const { contentDir } = settings;
  for (const part of [CONFIG_FILE, 'flows', 'content']) addTree(hash, join(contentDir, part), contentDir);
  hash.update('\0toolkit\0');
  for (const part of ['src', 'public', 'astro.config.mjs', 'package-lock.json']) addTree(hash, join(TOOLKIT_DIR, part), TOOLKIT_DIR);
  // The sheets' dates come from the last commits of their files.
  const git = spawnSync('git', ['log', '-1', '--format=%H', '--', settings.flowsDir], { cwd: contentDir, encoding: 'utf8' });
  hash.update(`git:${git.stdout?.trim() ?? ''}`);
  hash.update(`url=${settings.siteUrl ?? ''}\0date=${settings.sourceDateEpoch ?? ''}\0`);
  return hash.digest('hex');
}
