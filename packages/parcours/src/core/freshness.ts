/**
 * Freshness: when each journey and procedure was last checked against its sources, as the
 * editor wrote it (`reviewed: 2026-11-23`, optionally `owner:`). Git dates are not review
 * dates: a typo fix is not a review. Pure: "today" is a parameter.
 */
import { q, type Diagnostic } from './diagnostics.ts';
import type { Project } from './model.ts';

/** Pages checked longer ago than this are listed by `parcours check` (the project may set its own). */
export const DEFAULT_REVIEW_MONTHS = 12;

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

export interface ReviewedPage {
  kind: 'flow' | 'procedure';
  id: string;
  title: string;
  /** The YAML file, as shown in messages. */
  file: string;
  reviewed: string;
  owner?: string;
}

/** A `YYYY-MM-DD` string as its year, month (1-12) and day, or undefined when no such day exists (2026-02-30). */
export function parseReviewDate(value: string): { year: number; month: number; day: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/** A date as French readers write it: "12 novembre 2026", "1er mars 2027". */
export function formatReviewDate(value: string): string {
  const date = parseReviewDate(value);
  if (!date) return value;
  return `${date.day === 1 ? '1er' : date.day} ${MONTHS[date.month - 1]} ${date.year}`;
}

/** A day as `YYYY-MM-DD` (UTC). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Whether a page reviewed on `reviewed` is due again on `today`: more than `months` months
 * have passed (reviewed 2025-11-23, 12 months: due from 2026-11-24). A day past the end of
 * the target month counts from that month's last day (2025-02-29 does not exist: 2025-02-28).
 */
export function isOverdue(reviewed: string, today: string, months = DEFAULT_REVIEW_MONTHS): boolean {
  const from = parseReviewDate(reviewed);
  const now = parseReviewDate(today);
  if (!from || !now) return false;
  const monthIndex = from.month - 1 + months;
  const year = from.year + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const due = `${year}-${String(month).padStart(2, '0')}-${String(Math.min(from.day, lastDay)).padStart(2, '0')}`;
  return today > due;
}

/** Every flow and procedure that carries a `reviewed` date, in file order. */
export function reviewedPages(project: Project): ReviewedPage[] {
  const pages: ReviewedPage[] = [];
  for (const flow of project.flows.values()) {
    if (flow.reviewed !== undefined) pages.push({ kind: 'flow', id: flow.id, title: flow.title, file: flow.origin.file, reviewed: flow.reviewed, ...(flow.owner ? { owner: flow.owner } : {}) });
  }
  for (const procedure of project.procedures.values()) {
    if (procedure.reviewed !== undefined) {
      pages.push({ kind: 'procedure', id: procedure.id, title: procedure.title, file: procedure.origin.file, reviewed: procedure.reviewed, ...(procedure.owner ? { owner: procedure.owner } : {}) });
    }
  }
  return pages;
}

/**
 * The pages checked more than `months` months before `today`, oldest first.
 *
 * @param today `YYYY-MM-DD`
 * @param months the project's threshold (12 by default)
 */
export function overdueReviews(project: Project, today: string, months = DEFAULT_REVIEW_MONTHS): ReviewedPage[] {
  return reviewedPages(project)
    .filter((page) => isOverdue(page.reviewed, today, months))
    .sort((a, b) => a.reviewed.localeCompare(b.reviewed) || a.file.localeCompare(b.file));
}

/** Overdue pages grouped by owner (pages without one last, under `undefined`), owners in alphabetical order. */
export function byOwner(pages: ReviewedPage[]): { owner: string | undefined; pages: ReviewedPage[] }[] {
  const groups = new Map<string | undefined, ReviewedPage[]>();
  for (const page of pages) groups.set(page.owner, [...(groups.get(page.owner) ?? []), page]);
  return [...groups.entries()]
    .sort(([a], [b]) => (a === undefined ? 1 : b === undefined ? -1 : a.localeCompare(b, 'fr')))
    .map(([owner, list]) => ({ owner, pages: list }));
}

/**
 * One warning per page due for review, placed on its `reviewed` line. (A date that is not a
 * real day or lies in the future is an error of the loader: see reviewDateProblems.)
 *
 * @param locate where the `reviewed` key of a file is
 */
export function reviewDiagnostics(
  project: Project,
  today: string,
  months: number,
  locate: (file: string) => { line: number; column: number },
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const page of reviewedPages(project)) {
    if (!parseReviewDate(page.reviewed) || page.reviewed > today || !isOverdue(page.reviewed, today, months)) continue;
    const what = page.kind === 'flow' ? 'Le parcours' : 'La procédure';
    out.push({
      file: page.file,
      ...locate(page.file),
      severity: 'warning',
      code: 'review-overdue',
      message: `${what} ${q(page.id)} a été vérifié${page.kind === 'flow' ? '' : 'e'} le ${formatReviewDate(page.reviewed)}, il y a plus de ${months} mois${page.owner ? ` (responsable : ${page.owner})` : ''}.`,
      hint: 'Relisez le contenu avec ses sources, corrigez ce qui a changé, puis mettez à jour « reviewed » avec la date du jour.',
    });
  }
  return out;
}

/**
 * A `reviewed` date that is not a real day (2026-02-30) or lies after `today`: an error, since
 * the sheets print it and a reader trusts it.
 *
 * @param locate where the `reviewed` key of a page's file is
 */
export function reviewDateProblems(project: Project, today: string, locate: (page: ReviewedPage) => { line: number; column: number }): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const page of reviewedPages(project)) {
    const at = { file: page.file, ...locate(page), severity: 'error' as const, code: 'review-date-invalid' as const };
    if (!parseReviewDate(page.reviewed)) {
      out.push({ ...at, message: `La date de vérification ${q(page.reviewed)} n’existe pas.`, hint: 'Une date s’écrit AAAA-MM-JJ, par exemple 2026-11-23.' });
    } else if (page.reviewed > today) {
      out.push({
        ...at,
        message: `La date de vérification ${q(page.reviewed)} est dans le futur.`,
        hint: 'Écrivez la date à laquelle le contenu a vraiment été relu : elle est imprimée sur les fiches.',
      });
    }
  }
  return out;
}
