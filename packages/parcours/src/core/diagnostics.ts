import { distance } from 'fastest-levenshtein';

/**
 * Every problem Parcours can report, one code per rule (stable: tests and editors rely on them).
 * A runtime list, so that tests can check each has a broken case in test/fixtures/broken/.
 */
export const DIAGNOSTIC_CODES = [
  // The project's configuration (parcours.yaml)
  'config-missing',
  'site-url-missing',
  // The environment's overrides (SOURCE_DATE_EPOCH…)
  'environment-invalid',
  // Reading and parsing a file
  'file-unreadable',
  'file-outside-project',
  'file-not-regular',
  'file-too-large',
  'file-binary',
  'file-encoding',
  'file-empty',
  'control-character',
  'yaml-tab',
  'yaml-syntax',
  'yaml-duplicate-key',
  'yaml-alias-bomb',
  'yaml-multiple-documents',
  'yaml-too-deep',
  // Bounded work: limits checked before any costly work
  'text-too-long',
  'too-many-items',
  'journey-too-large',
  // Against the JSON Schema
  'schema-unknown-field',
  'schema-missing-field',
  'schema-type',
  'schema-value',
  'schema-invalid-id',
  'schema-too-few',
  'schema-empty',
  'node-kind-missing',
  'node-kind-ambiguous',
  // Meaning
  'unknown-node',
  'unknown-procedure',
  'unknown-contact',
  'unknown-brand',
  'unknown-flow',
  'duplicate-id',
  'duplicate-answer',
  'support-without-contact',
  'contact-unreachable',
  'forbidden-link',
  'raw-html',
  'invalid-email',
  'invalid-phone',
  'invalid-url',
  'picture-outside-project',
  'picture-missing',
  'picture-not-a-file',
  'picture-too-large',
  'picture-format',
  'picture-unsafe',
  'empty-step',
  'variant-without-brand',
  'variant-of-variant',
  'variant-of-itself',
  'no-flows',
  // Editorial pages (content/*.mdx)
  'page-syntax',
  'page-parser-missing',
  'page-code',
  'page-component',
  'page-too-deep',
  // The graph
  'unreachable-node',
  'dead-end',
  'endless-cycle',
  'too-many-paths',
  // Freshness (warnings of `parcours check`)
  'review-overdue',
  'review-date-invalid',
  // The format's changes between versions (src/core/format-changes.ts)
  'obsolete-schema-modeline',
  'schema-renamed-field',
  // Found by the build only (printing)
  'sheet-too-long',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

/** Codes only a build can find (it prints the sheets): tested through builds, not the broken corpus. */
export const BUILD_ONLY_CODES: ReadonlySet<DiagnosticCode> = new Set(['sheet-too-long']);

/**
 * Problems that stop a file from being read at all: every other problem that mentions what
 * this file defines may be a consequence, so they are listed first (the root cause first).
 */
export const UNREADABLE_CODES: ReadonlySet<DiagnosticCode> = new Set([
  'file-unreadable',
  'file-outside-project',
  'file-not-regular',
  'file-outside-project',
  'file-not-regular',
  'file-too-large',
  'file-binary',
  'file-encoding',
  'file-empty',
  'yaml-tab',
  'yaml-syntax',
  'yaml-duplicate-key',
  'yaml-alias-bomb',
  'yaml-multiple-documents',
  'yaml-too-deep',
  'text-too-long',
  'too-many-items',
  'journey-too-large',
]);

export type Severity = 'error' | 'warning';

/** A place in a source file; line and column start at 1. */
export interface Position {
  file: string;
  line: number;
  column: number;
}

export interface Diagnostic extends Position {
  code: DiagnosticCode;
  severity: Severity;
  /** What is wrong, in French, for the editor. */
  message: string;
  /** How to fix it, in French. */
  hint?: string;
  /** The value the editor probably meant ("vouliez-vous dire … ?"). */
  suggestion?: string;
}

/**
 * The closest candidate to a mistyped value, or undefined when none is close enough
 * to be a plausible typo (a third of the length, at least 2 edits, allowed).
 */
export function closest(value: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.floor(value.length / 3));
  for (const candidate of candidates) {
    if (candidate === value) continue;
    const d = distance(value.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/**
 * Root causes first (files that could not be read or parsed), then by file, position and
 * code, so that output is stable and the editor fixes first what may explain the rest.
 */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const rank = (d: Diagnostic) => (UNREADABLE_CODES.has(d.code) ? 0 : 1);
  return [...diagnostics].sort(
    (a, b) =>
      rank(a) - rank(b) || compare(a.file, b.file) || a.line - b.line || a.column - b.column || compare(a.code, b.code),
  );
}

/** Code-unit order: the same on every machine, whatever its locale. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Drop exact repeats (same place, code and message) that two rules may both find. */
export function uniqueDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.code}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const hasErrors = (diagnostics: Diagnostic[]) => diagnostics.some((d) => d.severity === 'error');

/** French quotation marks with the no-break spaces French typography wants inside them. */
export const q = (value: string | number) => `«\u202f${value}\u202f»`;
