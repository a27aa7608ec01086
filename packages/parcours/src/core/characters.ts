/**
 * Invisible characters that have no place in a text: C0 control characters other than tab and
 * line feed (a BEL makes an SVG invalid XML, an ESC reaches the terminal raw), DEL and the C1
 * controls, the line and paragraph separators U+2028/U+2029 (line breaks for some tools, not
 * for others) and U+FEFF inside a text. They are invisible, so a message names each one.
 */

// French names of the C0 controls, as an editor might look them up.
const C0_NAMES = [
  'nul',
  'début d’en-tête',
  'début de texte',
  'fin de texte',
  'fin de transmission',
  'demande',
  'accusé de réception',
  'sonnerie',
  'retour arrière',
  'tabulation',
  'saut de ligne',
  'tabulation verticale',
  'saut de page',
  'retour chariot',
  'hors code',
  'en code',
  'échappement de transmission',
  'commande d’appareil 1',
  'commande d’appareil 2',
  'commande d’appareil 3',
  'commande d’appareil 4',
  'accusé de réception négatif',
  'synchronisation',
  'fin de bloc de transmission',
  'annulation',
  'fin de support',
  'substitution',
  'échappement',
  'séparateur de fichier',
  'séparateur de groupe',
  'séparateur d’enregistrement',
  'séparateur d’unité',
];

/**
 * The characters refused in a text. Carriage return is refused inside a value; in a file it
 * is left to the YAML parser, for which CR LF (Windows) ends a line like LF.
 */
const REFUSED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g;

export interface ControlCharacter {
  /** Offset in the text. */
  offset: number;
  char: string;
  /** In French, e.g. « caractère de contrôle U+0007 (sonnerie) ». */
  description: string;
}

const hex = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** What a refused character is, in French, with its code point (it cannot be seen). */
export function describeControl(c: string): string {
  const code = c.codePointAt(0)!;
  if (code < 0x20) return `caractère de contrôle ${hex(c)} (${C0_NAMES[code]})`;
  if (code === 0x7f) return `caractère de contrôle ${hex(c)} (suppression)`;
  if (code <= 0x9f) return `caractère de contrôle ${hex(c)}`;
  if (code === 0x2028) return `séparateur de ligne ${hex(c)}`;
  if (code === 0x2029) return `séparateur de paragraphe ${hex(c)}`;
  return `caractère invisible ${hex(c)} (indicateur d’ordre des octets, ou espace sans chasse)`;
}

/**
 * Every refused character of a text, in order.
 * @param inFile a whole file's text: CR is then a line ending, not a character of a value
 */
export function controlCharacters(text: string, inFile = false): ControlCharacter[] {
  const found: ControlCharacter[] = [];
  for (const match of text.matchAll(REFUSED)) {
    if (inFile && match[0] === '\r') continue;
    found.push({ offset: match.index, char: match[0], description: describeControl(match[0]) });
  }
  return found;
}

/**
 * The text with every refused character (and carriage return) shown as ⟨U+0007⟩, for a
 * terminal: an ESC from a file must not reach it raw and recolour or rewrite the screen.
 */
export function visibleControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => `⟨${hex(c)}⟩`);
}
