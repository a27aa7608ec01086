/**
 * A diagnostic of `parcours check` as an editor shows it: at its place, the whole word
 * underlined, the same code, and the same French words (the message, the suggestion, how to fix).
 */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { visibleControls } from '../core/characters.ts';
import { q, type Diagnostic } from '../core/diagnostics.ts';
import { frenchSpacing } from '../core/typography.ts';
import type { ScalarEnds } from './symbols.ts';

/** Shown as the source of every problem, in the Problems panel. */
export const SOURCE = 'parcours';

/** What the CLI prints for a problem, line by line: the message, « Vouliez-vous dire … ? », the fix. */
export function diagnosticText(d: Diagnostic): string {
  // Messages quote the editor's text: nothing in it may hide or fake a line.
  const text = (value: string) => visibleControls(frenchSpacing(value)).replace(/\n/g, ' ');
  return [text(d.message), ...(d.suggestion ? [text(`Vouliez-vous dire ${q(d.suggestion)} ?`)] : []), ...(d.hint ? [text(d.hint)] : [])].join('\n');
}

export function toLspDiagnostic(d: Diagnostic, document: TextDocument, scalarEnds: ScalarEnds | undefined): LspDiagnostic {
  const start = document.offsetAt({ line: d.line - 1, character: d.column - 1 });
  const text = document.getText();
  // The scalar that starts there, else the word; at least one character.
  const word = /^[^\s:,[\]{}#]+/.exec(text.slice(start, start + 200))?.[0].length ?? 0;
  const end = Math.min(text.length, Math.max(start + 1, scalarEnds?.get(start) ?? start + word));
  return {
    range: { start: document.positionAt(start), end: document.positionAt(end) },
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: SOURCE,
    message: diagnosticText(d),
    ...(d.suggestion ? { data: { suggestion: d.suggestion } } : {}),
  };
}
