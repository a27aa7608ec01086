/** Freshness: review dates read from real YAML through the loader, judged against a given day. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byOwner, formatReviewDate, isOverdue, overdueReviews, parseReviewDate, reviewDiagnostics } from '../../src/core/freshness.ts';
import { loadFlows } from '../../src/core/index.ts';

describe('dates', () => {
  it('reads real days only', () => {
    expect(parseReviewDate('2026-11-12')).toEqual({ year: 2026, month: 11, day: 12 });
    expect(parseReviewDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseReviewDate('2025-02-29')).toBeUndefined();
    expect(parseReviewDate('2026-13-01')).toBeUndefined();
    expect(parseReviewDate('12/11/2026')).toBeUndefined();
  });

  it('writes them the French way', () => {
    expect(formatReviewDate('2026-11-12')).toBe('12 novembre 2026');
    expect(formatReviewDate('2027-03-01')).toBe('1er mars 2027');
    expect(formatReviewDate('2026-08-15')).toBe('15 août 2026');
  });

  it('a page is due the day after its threshold has passed', () => {
    expect(isOverdue('2025-11-23', '2026-11-23', 12)).toBe(false);
    expect(isOverdue('2025-11-23', '2026-11-24', 12)).toBe(true);
    expect(isOverdue('2026-05-31', '2026-11-30', 6)).toBe(false);
    expect(isOverdue('2026-05-31', '2026-12-01', 6)).toBe(true);
    // 2024-02-29 + 12 months: there is no 2025-02-29, so the 28th is the last fresh day.
    expect(isOverdue('2024-02-29', '2025-02-28', 12)).toBe(false);
    expect(isOverdue('2024-02-29', '2025-03-01', 12)).toBe(true);
  });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-fraicheur-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, 'flows', name, '..'), { recursive: true });
    writeFileSync(join(dir, 'flows', name), text);
  }
  return dir;
}

describe('overdue pages', () => {
  const dir = project({
    'ancien.yaml': 'title: Ancien\nreviewed: 2024-01-15\nowner: Équipe A\nstart: ok\nnodes:\n  ok: { success: Fini }\n',
    'recent.yaml': 'title: Récent\nreviewed: 2026-10-01\nowner: Équipe A\nstart: ok\nnodes:\n  ok: { success: Fini }\n',
    'sans-date.yaml': 'title: Sans date\nstart: ok\nnodes:\n  ok: { success: Fini }\n',
    'procedures/vieille.yaml': 'title: Vieille\nsteps:\n  - text: Faire.\nreviewed: 2023-06-30\n',
    'procedures/futur.yaml': 'title: Future\nsteps:\n  - text: Faire.\nreviewed: 2027-01-01\nowner: Équipe B\n',
  });
  const { project: loaded, diagnostics } = loadFlows(join(dir, 'flows'), { cwd: dir, today: '2026-11-23' });

  it('the loader keeps reviewed and owner, and they are valid fields; a date in the future is refused, at its line', () => {
    expect(diagnostics.map((d) => [d.file, d.code, d.severity, d.line])).toEqual([['flows/procedures/futur.yaml', 'review-date-invalid', 'error', 4]]);
    expect(diagnostics[0]!.message).toContain('dans le futur');
    expect(loaded.flows.get('ancien')).toMatchObject({ reviewed: '2024-01-15', owner: 'Équipe A' });
    expect(loaded.procedures.get('vieille')).toMatchObject({ reviewed: '2023-06-30' });
  });

  it('lists the pages older than the threshold, oldest first, grouped by owner', () => {
    const overdue = overdueReviews(loaded, '2026-11-23', 12);
    expect(overdue.map((p) => p.id)).toEqual(['vieille', 'ancien']);
    expect(byOwner(overdue).map((g) => [g.owner, g.pages.map((p) => p.id)])).toEqual([
      ['Équipe A', ['ancien']],
      [undefined, ['vieille']],
    ]);
    // A shorter threshold catches the recent one too; a very long one, nothing.
    expect(overdueReviews(loaded, '2026-11-23', 1).map((p) => p.id)).toContain('recent');
    expect(overdueReviews(loaded, '2026-11-23', 120)).toEqual([]);
  });

  it('warns at the reviewed line, naming the owner', () => {
    const found = reviewDiagnostics(loaded, '2026-11-23', 12, (file) => ({ line: file.endsWith('ancien.yaml') ? 2 : 4, column: 1 }));
    expect(found.every((d) => d.severity === 'warning')).toBe(true);
    const ancien = found.find((d) => d.file.endsWith('ancien.yaml'))!;
    expect(ancien).toMatchObject({ code: 'review-overdue', line: 2, column: 1 });
    expect(ancien.message).toContain('15 janvier 2024');
    expect(ancien.message).toContain('responsable : Équipe A');
    expect(found.some((d) => d.file.endsWith('futur.yaml'))).toBe(false);
    expect(found.some((d) => d.file.endsWith('recent.yaml') || d.file.endsWith('sans-date.yaml'))).toBe(false);
  });

  it('a date that is not AAAA-MM-JJ is refused by the schema with a hint about dates', () => {
    const bad = project({ 'mauvais.yaml': 'title: Mauvais\nreviewed: 23/11/2026\nstart: ok\nnodes:\n  ok: { success: Fini }\n' });
    const result = loadFlows(join(bad, 'flows'), { cwd: bad });
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ code: 'schema-value', line: 2, severity: 'error' });
    expect(result.diagnostics[0]!.hint).toMatch(/AAAA-MM-JJ/);
  });
});
