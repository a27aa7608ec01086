/**
 * The date printed on a sheet and stamped in its PDF: a true date, or none. Never "now" (the
 * same content gives the same bytes), never a date the content does not have (`sourceDates`).
 */
import { relative, resolve, sep } from 'node:path';
import { parseReviewDate } from '../core/freshness.ts';
import { GitError, gitText, repositoryOf } from '../git/revision.ts';

/** What git knows of a project's files (named from the repository's top): which it tracks, and when each was last committed. */
interface History {
  /** Where `cwd` is in the repository (`guides/aide/`, or empty at its top). */
  prefix: string;
  tracked: Set<string>;
  /** By file: the first commit that touches it in `git log`'s order (its rank, and its time in seconds). */
  last: Map<string, { rank: number; seconds: number }>;
}

/**
 * The project's history in ONE walk of `git log` (limited to `cwd`): asking git once per sheet
 * cost 7.9 s for 134 sheets in a 1,500-commit repository, and a build asks for every sheet,
 * printed or not (their dates are part of their cache keys). A merge counts for the files it
 * changed from every parent (`--cc`), as `git log -- <file>` shows it. Files are named from
 * the repository's top, as `git log` names them (it does so for a merge's files even when
 * asked for names relative to `cwd`).
 */
function readHistory(cwd: string): History {
  const history: History = { prefix: '', tracked: new Set(), last: new Map() };
  let listed: string | undefined;
  let log: string | undefined;
  try {
    history.prefix = repositoryOf(cwd).prefix;
    listed = gitText(cwd, ['ls-files', '-z', '--full-name']);
    log = listed ? gitText(cwd, ['log', '--name-only', '--cc', '-z', '--format=%x01%ct', '--', '.']) : undefined;
  } catch (error) {
    // Not a repository, or no git: the sheets take their review dates.
    if (error instanceof GitError) return history;
    throw error;
  }
  for (const file of listed?.split('\0') ?? []) if (file) history.tracked.add(file);
  let rank = -1;
  let seconds = 0;
  for (const token of log?.split('\0') ?? []) {
    const name = token.replace(/^\n/, '');
    const commit = /^\x01(\d+)$/.exec(name);
    if (commit) {
      rank++;
      seconds = Number(commit[1]);
    } else if (name && rank >= 0 && !history.last.has(name)) history.last.set(name, { rank, seconds });
  }
  return history;
}

/**
 * The dates of a project's sheets: `of(files, reviewed)` gives a sheet's date from its files.
 * SOURCE_DATE_EPOCH wins (the reproducible-builds convention, checked when settings are read);
 * else the newest of the files' last commits, when git tracks every one of them from `cwd` (a
 * project copied, untracked, into another repository must not take that repository's date);
 * else the review date the editor wrote (`reviewed`); else no date. (`git log -1` over all the
 * files at once would also date the sheet by a merge that only brings two of them together,
 * changing neither: the sheet's text was written before.)
 */
export function sourceDates(cwd: string, sourceDateEpoch?: number): (files: string[], reviewed?: string) => Date | undefined {
  let history: History | undefined;
  return (files, reviewed) => {
    if (sourceDateEpoch !== undefined) return new Date(sourceDateEpoch * 1000);
    if (files.length > 0) {
      history ??= readHistory(cwd);
      const { prefix, tracked, last } = history;
      // Named as git names them: from the repository's top (a file outside `cwd` is not the project's).
      const names = files.map((file) => relative(cwd, resolve(cwd, file)).split(sep).join('/')).map((file) => (file.startsWith('../') ? undefined : `${prefix}${file}`));
      if (names.every((name) => name !== undefined && tracked.has(name))) {
        const newest = names.map((name) => last.get(name!)).reduce((a, b) => (b && (!a || b.rank < a.rank) ? b : a), undefined);
        if (newest && newest.seconds > 0) return new Date(newest.seconds * 1000);
      }
    }
    const day = reviewed === undefined ? undefined : parseReviewDate(reviewed);
    return day ? new Date(Date.UTC(day.year, day.month - 1, day.day)) : undefined;
  };
}

/** One sheet's date (see `sourceDates`, which reads the history once for all of them). */
export function sourceDate(files: string[], cwd: string, sourceDateEpoch?: number, reviewed?: string): Date | undefined {
  return sourceDates(cwd, sourceDateEpoch)(files, reviewed);
}

/** "23 novembre 2026", in French, in UTC (the same on every machine). */
export function frenchDate(date: Date): string {
  return new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}
