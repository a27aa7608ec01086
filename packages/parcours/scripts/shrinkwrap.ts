/**
 * `prepack`, after the compilation: writes npm-shrinkwrap.json, the one lockfile npm publishes
 * and honours in a dependency, so that an agency installing the toolkit gets every package
 * (transitive ones included) at the version this repository tested, not the newest its ranges
 * allow. It is derived from the workspace's package-lock.json: npm resolves the toolkit's
 * runtime dependencies alone, keeping each locked version. `--clean` (`postpack`) removes it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const target = join(root, 'npm-shrinkwrap.json');
rmSync(target, { force: true });
if (!process.argv.includes('--clean')) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const dir = mkdtempSync(join(tmpdir(), 'parcours-shrinkwrap-'));
  try {
    const { name, version, dependencies, optionalDependencies } = manifest;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version, dependencies, optionalDependencies }, null, 2));
    copyFileSync(join(root, '..', '..', 'package-lock.json'), join(dir, 'package-lock.json'));
    const run = spawnSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
    if (run.status !== 0) process.exit(run.status ?? 1);
    copyFileSync(join(dir, 'package-lock.json'), target);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
