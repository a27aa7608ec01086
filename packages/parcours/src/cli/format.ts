/** How the CLI shows diagnostics and summaries: plain text, French, one problem per block. */
import type { FlowSummary } from '../core/analyse.ts';
import { visibleControls } from '../core/characters.ts';
import { q, UNREADABLE_CODES, type Diagnostic } from '../core/diagnostics.ts';
import { frenchSpacing } from '../core/typography.ts';

export interface Palette {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** The colours of one run: real ones on a terminal, none otherwise (files, pipes, tests). */
export function palette(color: boolean): Palette {
  const paint = (code: number) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { red: paint(31), green: paint(32), yellow: paint(33), dim: paint(2), bold: paint(1) };
}

const PLAIN = palette(false);

/**
 * A count and its noun, in French: the singular for 0 and 1 (« 0 erreur », « 1 fiche »),
 * the plural above (« 2 fiches »); `many` for nouns whose plural is not the singular plus s
 * (« 2 nœuds » is regular, « 2 journaux » is not).
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${agree(n, one, many)}`;
}

/** The word alone, agreed with a count said elsewhere (« 1 logigramme dessiné », « 2 … dessinés »). */
export function agree(n: number, one: string, many = `${one}s`): string {
  return n > 1 ? many : one;
}

/**
 * `file:line:column` first (editors and terminals make it clickable), then the message,
 * the suggestion and how to fix it.
 */
export function formatDiagnostic(d: Diagnostic, { red, yellow, dim }: Palette = PLAIN): string {
  const label = d.severity === 'error' ? red('erreur') : yellow('attention');
  // Messages quote the editor's text: nothing in it may drive the terminal.
  const text = (value: string) => visibleControls(frenchSpacing(value)).replace(/\n/g, ' ');
  const lines = [`${visibleControls(d.file)}:${d.line}:${d.column} ${label} ${text(d.message)} ${dim(`[${d.code}]`)}`];
  if (d.suggestion) lines.push(`    ${text(`Vouliez-vous dire ${q(d.suggestion)} ?`)}`);
  if (d.hint) lines.push(`    ${text(d.hint)}`);
  return lines.join('\n');
}

export function formatSummary(s: FlowSummary): string {
  const ends = [plural(s.successes, 'réussite'), plural(s.supports, 'support'), ...(s.links ? [plural(s.links, 'lien')] : [])];
  const paths = s.truncated ? `plus de ${s.paths} chemins` : plural(s.paths, 'chemin');
  return frenchSpacing(`${s.id} : ${plural(s.nodes, 'nœud')}, ${paths} (${ends.join(', ')}) — ${s.file}`);
}

export function formatTotals(diagnostics: Diagnostic[], files: number, { red, green }: Palette = PLAIN): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.length - errors.length;
  if (errors.length === 0) {
    const tail = warnings ? `, ${plural(warnings, 'avertissement')}` : '';
    return green(frenchSpacing(`✔ ${plural(files, 'fichier')} ${agree(files, 'vérifié')} : aucune erreur${tail}.`));
  }
  const inFiles = new Set(errors.map((d) => d.file)).size;
  // The root cause first: a file that cannot be read may explain errors elsewhere.
  const unreadable = [...new Set(errors.filter((d) => UNREADABLE_CODES.has(d.code)).map((d) => d.file))];
  const first = unreadable.length
    ? ` À corriger d’abord : ${unreadable.map(visibleControls).join(', ')} (${agree(unreadable.length, 'illisible')} : ce qu’${agree(unreadable.length, 'il définit', 'ils définissent')} n’a pas pu être vérifié).`
    : '';
  return red(frenchSpacing(`✘ ${plural(errors.length, 'erreur')} dans ${plural(inFiles, 'fichier')}.${first}`));
}
