/** The changes of one thing's parts: texts, lists of texts, values, each named for a reader. */
import { alignLists } from './match.ts';
import type { Change, Ending, FieldChange, Subject } from './types.ts';
import { addsContactDetails, readerText, wordChange } from './words.ts';

/** Collects the changes of one subject's parts. */
export class FieldChanges {
  readonly list: Change[] = [];
  readonly subject: Subject;
  constructor(subject: Subject) {
    this.subject = subject;
  }

  /**
   * A text (or a value shown as text) that may be absent on either side. Different only when
   * a reader would read it differently.
   * @param contactDetails whether it is a contact detail itself (a phone number, an address);
   *   otherwise a text counts as one when it gains an address or a number
   */
  text(field: string, ending: Ending, before: string | undefined, after: string | undefined, contactDetails?: boolean): void {
    const b = before === undefined || readerText(before) === '' ? undefined : before;
    const a = after === undefined || readerText(after) === '' ? undefined : after;
    if (b === undefined && a === undefined) return;
    if (b !== undefined && a !== undefined && readerText(b) === readerText(a)) return;
    const change: FieldChange = {
      type: 'field',
      subject: this.subject,
      field,
      ending,
      ...(b !== undefined ? { before: readerText(b) } : {}),
      ...(a !== undefined ? { after: readerText(a) } : {}),
      ...(b !== undefined && a !== undefined ? { words: wordChange(b, a) } : {}),
      contactDetails: contactDetails ?? addsContactDetails(b ?? '', a ?? ''),
    };
    this.list.push(change);
  }

  /**
   * A list of texts (prerequisites, a step's items), aligned so that one removed item is one
   * change, not a change of every item after it.
   * @param label the name of the item at a 1-based position (« Prérequis 2 »)
   */
  texts(label: (n: number) => string, ending: Ending, before: readonly string[], after: readonly string[]): void {
    const { pairs, removed, added } = alignLists(before.map(readerText), after.map(readerText));
    for (const [i, j] of pairs) this.text(label(j + 1), ending, before[i], after[j]);
    for (const i of removed) this.text(label(i + 1), ending, before[i], undefined);
    for (const j of added) this.text(label(j + 1), ending, undefined, after[j]);
  }
}
