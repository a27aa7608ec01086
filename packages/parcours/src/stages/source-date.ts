/**
 * The date printed on a sheet and stamped in its PDF: never "now", so that the same content
 * gives the same bytes. SOURCE_DATE_EPOCH wins (the reproducible-builds convention); else the
 * last commit that touched the sheet's files; else the last commit; else the procedure's review
 * date (a project outside git); else 1 January 2000.
 */
import { spawnSync } from 'node:child_process';

const FALLBACK = new Date(Date.UTC(2000, 0, 1));

export function sourceDate(files: string[], cwd: string, sourceDateEpoch?: number, reviewed?: string): Date {
  if (sourceDateEpoch !== undefined) return new Date(sourceDateEpoch * 1000);
  // Outside a git history (a copied project): the date the editor last checked the content.
  const fromReview = reviewed && /^\d{4}-\d{2}-\d{2}$/.test(reviewed) ? new Date(`${reviewed}T00:00:00Z`) : undefined;
  for (const paths of [files, []]) {
    const git = spawnSync('git', ['log', '-1', '--format=%ct', '--', ...paths], { cwd, encoding: 'utf8' });
    const seconds = Number(git.stdout?.trim());
    if (git.status === 0 && seconds > 0) return new Date(seconds * 1000);
  }
  return fromReview ?? FALLBACK;
}

/** "23 novembre 2026", in French, in UTC (the same on every machine). */
export function frenchDate(date: Date): string {
  return new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}
