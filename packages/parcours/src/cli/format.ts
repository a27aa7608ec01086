/** How the CLI shows diagnostics and summaries: plain text, French, one problem per block. */
import type { FlowSummary } from '../core/analyse.ts';
import { visibleControls } from '../core/characters.ts';
import { q, UNREADABLE_CODES, type Diagnostic } from '../core/diagnostics.ts';
import { frenchSpacing } from '../core/typography.ts';

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
export const red = (text: string) => paint(31, text);
export const green = (text: string) => paint(32, text);
export const yellow = (text: string) => paint(33, text);
export const dim = (text: string) => paint(2, text);
export const bold = (text: string) => paint(1, text);

/**
 * `file:line:column` first (editors and terminals make it clickable), then the message,
 * the suggestion and how to fix it.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const label = d.severity === 'error' ? red('erreur') : yellow('attention');
  // Messages quote the editor's text: nothing in it may drive the terminal.
  const text = (value: string) => visibleControls(frenchSpacing(value)).replace(/\n/g, ' ');
  const lines = [`${visibleControls(d.file)}:${d.line}:${d.column} ${label} ${text(d.message)} ${dim(`[${d.code}]`)}`];
  if (d.suggestion) lines.push(`    ${text(`Vouliez-vous dire ${q(d.suggestion)} ?`)}`);
  if (d.hint) lines.push(`    ${text(d.hint)}`);
  return lines.join('\n');
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n > 1 ? many : one}`;

export function formatSummary(s: FlowSummary): string {
  const ends = [plural(s.successes, 'réussite'), plural(s.supports, 'support'), ...(s.links ? [plural(s.links, 'lien', 'liens')] : [])];
  const paths = s.truncated ? `plus de ${s.paths} chemins` : plural(s.paths, 'chemin');
  return frenchSpacing(`${s.id} : ${plural(s.nodes, 'nœud')}, ${paths} (${ends.join(', ')}) — ${s.file}`);
}

export function formatTotals(diagnostics: Diagnostic[], files: number): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.length - errors.length;
  if (errors.length === 0) {
    const tail = warnings ? `, ${plural(warnings, 'avertissement')}` : '';
    return green(frenchSpacing(`✔ ${plural(files, 'fichier')} vérifié${files > 1 ? 's' : ''} : aucune erreur${tail}.`));
  }
  const inFiles = new Set(errors.map((d) => d.file)).size;
  // The root cause first: a file that cannot be read may explain errors elsewhere.
  const unreadable = [...new Set(errors.filter((d) => UNREADABLE_CODES.has(d.code)).map((d) => d.file))];
  const first = unreadable.length
    ? ` À corriger d’abord : ${unreadable.map(visibleControls).join(', ')} (illisible${unreadable.length > 1 ? 's' : ''} : ce qu’${unreadable.length > 1 ? 'ils définissent' : 'il définit'} n’a pas pu être vérifié).`
    : '';
  return red(frenchSpacing(`✘ ${plural(errors.length, 'erreur')} dans ${plural(inFiles, 'fichier')}.${first}`));
}
