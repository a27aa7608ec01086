/**
 * Characters that have no place in a text: C0 control characters other than tab and line
 * feed (a BEL makes an SVG invalid XML, an ESC reaches the terminal raw), DEL and the C1
 * controls, the line and paragraph separators U+2028/U+2029 (line breaks for some tools, not
 * for others), and the characters that cannot be seen but change what is read: bidirectional
 * controls (U+202E shows « 0 809 28 00 04 » as « 40 00 82 908 0 »), zero-width and other
 * invisible characters (a zero-width space inside a number or an address, U+FEFF inside a
 * text). They are invisible, so a message names each one.
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

/** Bidirectional controls: they reorder what a reader sees, so a text can show what it does not say. */
const BIDI: Record<number, string> = {
  0x061c: 'marque de lettre arabe',
  0x200e: 'marque de gauche à droite',
  0x200f: 'marque de droite à gauche',
  0x202a: 'enchâssement de gauche à droite',
  0x202b: 'enchâssement de droite à gauche',
  0x202c: 'fin d’enchâssement',
  0x202d: 'forçage de gauche à droite',
  0x202e: 'forçage de droite à gauche',
  0x2066: 'isolat de gauche à droite',
  0x2067: 'isolat de droite à gauche',
  0x2068: 'isolat de direction neutre',
  0x2069: 'fin d’isolat',
};

/** Characters with no width or no glyph, that hide inside a word, a number or an address. */
const INVISIBLE: Record<number, string> = {
  0x00ad: 'trait d’union conditionnel',
  0x034f: 'graphème combinatoire invisible',
  0x115f: 'remplissage hangûl',
  0x1160: 'remplissage hangûl',
  0x17b4: 'voyelle khmère invisible',
  0x17b5: 'voyelle khmère invisible',
  0x180e: 'séparateur de voyelle mongol',
  0x200b: 'espace sans chasse',
  0x200c: 'antiliant sans chasse',
  0x200d: 'liant sans chasse',
  0x2060: 'gluon de mots',
  0x2061: 'application de fonction',
  0x2062: 'multiplication invisible',
  0x2063: 'séparateur invisible',
  0x2064: 'addition invisible',
  0x3164: 'remplissage hangûl',
  0xfeff: 'indicateur d’ordre des octets, ou espace sans chasse',
  0xffa0: 'remplissage hangûl',
};

/**
 * The characters refused in a text, one class per kind of trouble. Carriage return is
 * refused inside a value; in a file it is left to the YAML parser, for which CR LF (Windows)
 * ends a line like LF. Also refused: the deprecated format characters U+206A–U+206F, the
 * interlinear annotation marks U+FFF9–U+FFFB, the Mongolian variation selectors, and the
 * invisible "tag" characters U+E0000–U+E007F (they can spell a hidden text).
 */
const REFUSED_CLASS = String.raw`\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}`;
const REFUSED = new RegExp(`[${REFUSED_CLASS}]`, 'gu');

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
  if (BIDI[code]) return `caractère de contrôle bidirectionnel ${hex(c)} (${BIDI[code]}), qui change l’ordre d’affichage du texte`;
  return `caractère invisible ${hex(c)}${INVISIBLE[code] ? ` (${INVISIBLE[code]})` : ''}`;
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
 * The text with every refused character (carriage return included) shown as ⟨U+0007⟩, for a
 * terminal: an ESC from a file must not reach it raw and recolour or rewrite the screen.
 */
export function visibleControls(text: string): string {
  return text.replace(new RegExp(`[${REFUSED_CLASS}]`, 'gu'), (c) => `⟨${hex(c)}⟩`);
}
