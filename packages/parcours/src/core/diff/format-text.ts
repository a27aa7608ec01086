/**
 * The report for a terminal: sections, one block per journey, procedure, contact or brand,
 * changed words between [-…-] and {+…+} (as `git diff --word-diff` shows them), so that the
 * marks read without colour; colours, when the terminal has them, are added by `paint`.
 */
import { visibleControls } from '../characters.ts';
import { frenchSpacing } from '../typography.ts';
import type { Block, Change, DiffReport } from './types.ts';
import { blockChanges, blockTitle, describeChange, describePath, describeSheet, nothingToSay, PATH_GROUPS, SECTIONS, type DiffLabels, type Markup } from './wording.ts';

/** Terminal colours (identity when there are none). */
export interface Paint {
  removed(text: string): string;
  added(text: string): string;
  strong(text: string): string;
  warning(text: string): string;
}

const PLAIN: Paint = { removed: (t) => t, added: (t) => t, strong: (t) => t, warning: (t) => t };

export function formatText(report: DiffReport, labels: DiffLabels, paint: Paint = PLAIN): string {
  if (report.empty) return `${nothingToSay(labels)}\n`;
  const m: Markup = {
    // French spacing is applied once the lines are made; only what could drive the terminal is changed here.
    text: (t) => visibleControls(t).replace(/\n/g, ' '),
    code: (t) => visibleControls(t),
    removed: (t) => paint.removed(`[-${t}-]`),
    added: (t) => paint.added(`{+${t}+}`),
  };
  const out: string[] = [paint.strong('Ce que les lecteurs verront de différent'), `De ${labels.from} à ${labels.to}.`, ''];
  const change = (c: Change, indent: string, within?: Block['subject']) => {
    const d = describeChange(c, m, within);
    out.push(`${indent}• ${d.head}`);
    if (d.before !== undefined && d.after !== undefined) {
      out.push(`${indent}    avant : ${d.before}`, `${indent}    après : ${d.after}`);
    } else if (d.after !== undefined || d.before !== undefined) out[out.length - 1] += ` : ${d.after ?? d.before}`;
  };
  if (report.contactDetails.length) {
    out.push(paint.warning(SECTIONS.contactDetails));
    for (const c of report.contactDetails) change(c, '  ');
    out.push('');
  }
  const section = (title: string, all: Block[]) => {
    // A journey whose only news is a procedure or a contact detail, said in its own place: nothing to add here.
    const blocks = all.filter((b) => b.status !== 'changed' || b.paths.length || blockChanges(b).length);
    if (!blocks.length) return;
    out.push(paint.strong(title));
    for (const b of blocks) {
      out.push(`■ ${blockTitle(b, m)}`);
      for (const group of PATH_GROUPS) {
        const paths = b.paths.filter((p) => p.type === group.type);
        if (!paths.length) continue;
        out.push(`  ${group.title} :`);
        for (const p of paths) out.push(`    • ${describePath(p, m)}`);
      }
      if (b.pathsTruncated) out.push('  (Parcours trop ramifié : seuls ses 10 000 premiers chemins ont été comparés.)');
      const changes = blockChanges(b);
      if (changes.length && b.paths.length) out.push('  Textes et nœuds :');
      for (const c of changes) change(c, b.paths.length ? '    ' : '  ', b.subject);
      out.push('');
    }
  };
  section(SECTIONS.flows, report.flows);
  section(SECTIONS.procedures, report.procedures);
  section(SECTIONS.contacts, report.contacts);
  section(SECTIONS.brands, report.brands);
  if (report.sheets.length) {
    out.push(paint.strong(SECTIONS.sheets));
    for (const s of report.sheets) out.push(`  • ${describeSheet(s, m)}`);
    out.push('');
  }
  if (report.site.length) {
    out.push(paint.strong(SECTIONS.site));
    for (const c of report.site) change(c, '  ');
    out.push('');
  }
  return `${out.map((line) => frenchSpacing(line).trimEnd()).join('\n').trimEnd()}\n`;
}
