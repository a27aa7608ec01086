/** The order in which the site lists a project's journeys and procedures. */
import type { Flow, Procedure, Project } from './model.ts';

/** Journeys by their `order`, then by title (French collation). */
export function orderedFlows(project: Project): Flow[] {
  return [...project.flows.values()].sort((a, b) => (a.order ?? 1e9) - (b.order ?? 1e9) || a.title.localeCompare(b.title, 'fr'));
}

export function nationalProcedures(project: Project): Procedure[] {
  return [...project.procedures.values()].filter((p) => !p.brand);
}

export function brandProcedures(project: Project): Procedure[] {
  return [...project.procedures.values()].filter((p) => p.brand);
}

/**
 * Strings by their UTF-16 code units, whatever the locale: the order of the output's files
 * (Pagefind's page numbers, the offline copy, the output's check), the same on every machine.
 */
export const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
