/**
 * The date printed on a sheet and stamped in its PDF: a true date, or none. Never "now" (the
 * same content gives the same bytes), never a date the content does not have:
 * SOURCE_DATE_EPOCH wins (the reproducible-builds convention, checked when settings are read);
 * else the last commit that touched the sheet's files, when those files are tracked by the
 * repository around them (a project copied, untracked, into another repository must not take
 * that repository's date); else the review date the editor wrote (`reviewed`); else no date.
 */
import { spawnSync } from 'node:child_process';
import { parseReviewDate } from '../core/freshness.ts';

/** The last commit of `files`, when git tracks every one of them from `cwd`. */
function lastCommit(files: string[], cwd: string): Date | undefined {
  if (files.length === 0) return undefined;
  const tracked = spawnSync('git', ['ls-files', '--error-unmatch', '--', ...files], { cwd, encoding: 'utf8' });
  if (tracked.status !== 0) return undefined;
  const git = spawnSync('git', ['log', '-1', '--format=%ct', '--', ...files], { cwd, encoding: 'utf8' });
  const seconds = Number(git.stdout?.trim());
  return git.status === 0 && seconds > 0 ? new Date(seconds * 1000) : undefined;
}

export function sourceDate(files: string[], cwd: string, sourceDateEpoch?: number, reviewed?: string): Date | undefined {
  if (sourceDateEpoch !== undefined) return new Date(sourceDateEpoch * 1000);
  const committed = lastCommit(files, cwd);
  if (committed) return committed;
  const day = reviewed === undefined ? undefined : parseReviewDate(reviewed);
  return day ? new Date(Date.UTC(day.year, day.month - 1, day.day)) : undefined;
}

/** "23 novembre 2026", in French, in UTC (the same on every machine). */
export function frenchDate(date: Date): string {
  return new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}
