/**
 * Whether an editor shows a content project's problems: the language server (the VS Code
 * extension's) says so by a file of its own per project, `<temporary folder>/parcours-editeurs/
 * <project's key>-<its pid>`, removed when it exits (and ignored once its process is gone,
 * should it be killed). `parcours check --watch`, the task a new project's VS Code starts on
 * opening the folder, reads it: while the server shows the problems, the task does not list
 * them again (they appeared twice in the Problems panel).
 *
 * Nothing is written in the content project, and nothing is read from these files but their
 * names.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRunning } from '../core/processes.ts';

const folder = () => join(tmpdir(), 'parcours-editeurs');

/** The same project, whatever path leads to it (a link, a trailing slash). */
function keyOf(projectDir: string): string {
  let path = projectDir;
  try {
    path = realpathSync(projectDir);
  } catch {
    // A folder gone: its path as given.
  }
  return createHash('sha256').update(path).digest('hex').slice(0, 16);
}

/** The projects this process announced, with the file that says so. */
const announced = new Map<string, string>();

/**
 * Says that this process shows `projectDir`'s problems, until it exits. Called at each check
 * (each pause in typing): a project said once is not said again.
 */
export function announceEditor(projectDir: string): void {
  if (announced.has(projectDir)) return;
  const file = join(folder(), `${keyOf(projectDir)}-${process.pid}`);
  try {
    mkdirSync(folder(), { recursive: true });
    writeFileSync(file, '');
  } catch {
    // Not said: the task lists the problems too, as before.
    return;
  }
  if (announced.size === 0) process.once('exit', withdrawEditor);
  announced.set(projectDir, file);
}

/** Takes back what this process said (at its exit). */
export function withdrawEditor(): void {
  for (const file of announced.values()) rmSync(file, { force: true });
  announced.clear();
}

/** Whether another running process shows `projectDir`'s problems. */
export function editorShows(projectDir: string): boolean {
  const prefix = `${keyOf(projectDir)}-`;
  let names: string[];
  try {
    names = readdirSync(folder());
  } catch {
    return false;
  }
  return names.some((name) => {
    if (!name.startsWith(prefix)) return false;
    const pid = Number(name.slice(prefix.length));
    return Number.isInteger(pid) && pid !== process.pid && isRunning(pid);
  });
}
