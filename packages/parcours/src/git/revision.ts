/**
 * The content project at a git revision, for `parcours diff`: which revision to compare with
 * (by default where the current branch left the main branch), and its files written to a
 * folder, so that the real loader reads them as it reads the working tree. Only `git` itself
 * is run (plumbing commands, whose output does not change with the user's configuration);
 * nothing in the repository is changed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A problem with git or the revision, in French, for the command's message. */
export class GitError extends Error {}

/** Files of a revision can be large (pictures): git's output is read up to this size. */
const MAX_OUTPUT = 1024 * 1024 * 1024;

function git(cwd: string, args: string[], input?: string): { ok: boolean; stdout: Buffer; stderr: string } {
  const run = spawnSync('git', args, { cwd, maxBuffer: MAX_OUTPUT, ...(input === undefined ? {} : { input }), env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
  if (run.error) {
    const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new GitError(missing ? 'git est introuvable : installez-le (https://git-scm.com/) pour comparer avec une version précédente.' : `git n’a pas pu être lancé : ${run.error.message}`);
  }
  return { ok: run.status === 0, stdout: run.stdout, stderr: run.stderr.toString('utf8').trim() };
}

/** What a git command printed (trimmed), or undefined when it failed; throws GitError when git cannot run. */
export const gitText = (cwd: string, args: string[]) => {
  const run = git(cwd, args);
  return run.ok ? run.stdout.toString('utf8').trim() : undefined;
};
const text = gitText;

/** Where a folder sits in its git repository. */
export interface Repository {
  /** The repository's top folder. */
  root: string;
  /** The folder's path inside it, with a final "/" ("" at the top). */
  prefix: string;
}

export function repositoryOf(dir: string): Repository {
  const root = text(dir, ['rev-parse', '--show-toplevel']);
  if (root === undefined) throw new GitError(`Le projet n’est pas dans un dépôt git : « parcours diff » compare avec une version enregistrée par git.`);
  return { root, prefix: text(dir, ['rev-parse', '--show-prefix']) ?? '' };
}

/** A commit, and how to name it to a reader of the report. */
export interface Revision {
  commit: string;
  /** As given, or the branch it was found from (`main`, `HEAD`). */
  name: string;
  label: string;
}

const short = (commit: string) => commit.slice(0, 7);

/** The commit a revision names (a branch, a tag, a commit, `HEAD~2`…). */
export function resolveRevision(repo: Repository, revision: string): Revision {
  const commit = revision.startsWith('-') ? undefined : text(repo.root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]);
  if (!commit) throw new GitError(`Révision inconnue : « ${revision} ». Donnez une branche, une étiquette ou un commit (par exemple main, origin/main ou HEAD~1).`);
  return { commit, name: revision, label: `${revision} (${short(commit)})` };
}

/**
 * The default revision: where the current branch left the main branch (`main`, else `master`,
 * else the default branch of a remote), or `HEAD` when there is none (then only the changes
 * not yet committed are shown).
 */
export function defaultRevision(repo: Repository): Revision {
  const remotes = (text(repo.root, ['remote']) ?? '').split('\n').filter(Boolean).sort((a, b) => Number(b === 'origin') - Number(a === 'origin'));
  const candidates = ['main', 'master', ...remotes.map((r) => text(repo.root, ['symbolic-ref', '--quiet', '--short', `refs/remotes/${r}/HEAD`])).filter((b): b is string => Boolean(b))];
  const head = text(repo.root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (!head) throw new GitError('Le dépôt n’a encore aucun commit : il n’y a rien à comparer.');
  for (const branch of candidates) {
    if (!text(repo.root, ['rev-parse', '--verify', '--quiet', `${branch}^{commit}`])) continue;
    const base = text(repo.root, ['merge-base', 'HEAD', branch]);
    // On the main branch itself, its last commit: only what is not committed yet differs.
    if (base === head) return { commit: base, name: branch, label: `${branch} (dernier commit, ${short(base)})` };
    if (base) return { commit: base, name: branch, label: `${branch} (point de départ de la branche, ${short(base)})` };
  }
  return { commit: head, name: 'HEAD', label: `HEAD (${short(head)})` };
}

/**
 * Writes the files under `repo.prefix` at `commit` into `into` (the prefix taken off), as
 * git stores them: files, and links as links. Returns how many files were written.
 */
export function exportTree(repo: Repository, commit: string, into: string): number {
  const listing = git(repo.root, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', ...(repo.prefix ? [repo.prefix] : [])]);
  if (!listing.ok) throw new GitError(`Impossible de lire la révision ${short(commit)} : ${listing.stderr}`);
  const entries = listing.stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode, type, object] = line.slice(0, tab).split(' ');
      return { mode: mode!, type: type!, object: object!, path: line.slice(tab + 1).slice(repo.prefix.length) };
    })
    .filter((e) => e.type === 'blob' && e.path && !e.path.split('/').includes('..'));
  if (!entries.length) return 0;
  const blobs = git(repo.root, ['cat-file', '--batch'], `${entries.map((e) => e.object).join('\n')}\n`);
  if (!blobs.ok) throw new GitError(`Impossible de lire les fichiers de la révision ${short(commit)} : ${blobs.stderr}`);
  // Each answer: "<object> blob <size>\n", the bytes, "\n".
  let at = 0;
  for (const entry of entries) {
    const eol = blobs.stdout.indexOf(10, at);
    const size = Number(blobs.stdout.subarray(at, eol).toString('latin1').split(' ')[2]);
    const bytes = blobs.stdout.subarray(eol + 1, eol + 1 + size);
    at = eol + 1 + size + 1;
    const target = join(into, entry.path);
    mkdirSync(dirname(target), { recursive: true });
    if (entry.mode === '120000') symlinkSync(bytes.toString('utf8'), target);
    else writeFileSync(target, bytes);
  }
  return entries.length;
}
