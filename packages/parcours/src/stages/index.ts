/**
 * The build's stages, in order, in one place: the CLI numbers them ("[2/5]") from this list,
 * the summary (build.json) names them from it, and the benchmarks read them back.
 */
export const STAGES = [
  { id: 'check', label: 'Vérification' },
  { id: 'diagrams', label: 'Logigrammes' },
  { id: 'site', label: 'Site' },
  // Sheets before search: their print pages leave the site once printed, so never indexed.
  { id: 'sheets', label: 'Fiches' },
  { id: 'search', label: 'Recherche' },
] as const;

export type StageId = (typeof STAGES)[number]['id'];

/** One stage as the build summary records it. */
export interface StageReport {
  id: StageId;
  label: string;
  /** Wall time, in seconds. */
  seconds: number;
  /** What the stage made: pages, diagrams drawn and reused… */
  counts: Record<string, number>;
}

/** `dist/.parcours/build.json`: what the last build did, for tools (bench, tests, CI). */
export interface BuildSummary {
  /** Everything the output depends on, hashed: equal means nothing to do. */
  fingerprint: string;
  /** True when the build found nothing changed and did nothing. */
  upToDate: boolean;
  /** How many times the content was loaded and checked (once per build). */
  modelLoads: number;
  stages: StageReport[];
  totals: { flows: number; procedures: number; contacts: number; pages: number; diagrams: number; sheets: number };
  warnings: { code: string; file: string; line: number; column: number; message: string }[];
  seconds: number;
}

export const SUMMARY_DIR = '.parcours';
export const SUMMARY_FILE = `${SUMMARY_DIR}/build.json`;
