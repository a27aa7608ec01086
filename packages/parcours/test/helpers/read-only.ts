import { execFileSync } from 'node:child_process';

/**
 * Makes a folder read-only for real, even for root (whom file modes do not stop): a read-only
 * bind mount of itself when running as root, the file modes otherwise. Returns what undoes it.
 */
export function makeReadOnly(dir: string): () => void {
  if (process.getuid?.() !== 0) {
    execFileSync('chmod', ['-R', 'a-w', dir]);
    return () => execFileSync('chmod', ['-R', 'u+w', dir]);
  }
  execFileSync('mount', ['--bind', dir, dir]);
  try {
    execFileSync('mount', ['-o', 'remount,bind,ro', dir]);
  } catch (error) {
    execFileSync('umount', [dir]);
    throw error;
  }
  return () => execFileSync('umount', [dir]);
}
