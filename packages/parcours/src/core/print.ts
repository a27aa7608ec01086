/**
 * Text on paper: how an address is printed and where it may break, what must stay on one line
 * (amounts, phone numbers, short hyphenated words), the brand's generated wordmark and the page boxes (running
 * band and footer) of a printed sheet. Pure: strings in, strings out.
 */

/**
 * An address as a reader types it: no scheme, no trailing slash, percent-escapes decoded
 * (`https://aide.mon-agence.fr/mettre-%C3%A0-jour-ses-coordonn%C3%A9es/` → `aide.mon-agence.fr/mettre-à-jour-ses-coordonnées`);
 * `mailto:` and `tel:` give the bare address or number.
 */
export function shortAddress(url: string): string {
  let text = url.replace(/^(?:https?:\/\/|mailto:|tel:)/i, '');
  try {
    text = decodeURI(text);
  } catch {
    // A malformed escape: print it as written.
  }
  // Trailing slashes, without a regular expression (`/\/+$/` rereads a run of slashes once per slash).
  let end = text.length;
  while (end > 0 && text[end - 1] === '/') end--;
  return text.slice(0, end);
}

/**
 * An address cut where a line may break: after each `/` and `.` (never at a hyphen, which a
 * reader would copy as part of the address). Joined, the pieces give the address back.
 */
export function addressPieces(address: string): string[] {
  return address.match(/[^/.]*(?:[/.]+|$)/g)!.filter(Boolean);
}

export interface TextSegment {
  text: string;
  /** Printed on one line (never broken at its spaces or hyphens). */
  keep: boolean;
}

// Amounts (0,06 €/min), French phone numbers (0 825 85 2000, +33 8 09 40 00 82) and words
// hyphenated after one or two letters (e-santé, the names of apps), with the no-break space and
// sign that may follow (« e-santé : »): a text piece never starts with that space, which the
// site's typesetting would take for a stray one.
const KEEP = /(?:\d+(?:[,.]\d+)?[ \u00a0\u202f]?€(?:\/[a-zé]+)?|(?:\+33|(?<![\p{L}\p{N}])0)(?:[ \u00a0\u202f.]?\d){9}(?![\p{L}\p{N}])|(?<![\p{L}\p{N}-])[\p{L}]{1,2}-[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*)(?:[\u00a0\u202f][;:!?])?/giu;

/** Splits a text into runs, marking those that must not break across lines. */
export function keepTogether(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(KEEP)) {
    if (match.index > last) out.push({ text: text.slice(last, match.index), keep: false });
    out.push({ text: match[0], keep: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), keep: false });
  return out;
}

/** A CSS string literal, safe inside a <style> element whatever the text holds. */
export function cssString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\n\r\f\t]+/g, ' ').replace(/</g, '\\3C ').replace(/>/g, '\\3E ')}"`;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast ratio of two #rrggbb colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (l1! + 0.05) / (l2! + 0.05);
}

/** White or black, whichever reads better on a background colour. */
export function textOn(background: string): '#ffffff' | '#000000' {
  return contrast(background, '#ffffff') >= contrast(background, '#000000') ? '#ffffff' : '#000000';
}

// Advance widths of Liberation Sans Bold (Arial's metrics), in em, by kind of character:
// enough to size a wordmark so that its text never overflows.
const ADVANCES = new Map<string, number>();
const advance = (ch: string): number => {
  let width = ADVANCES.get(ch);
  if (width === undefined) ADVANCES.set(ch, (width = measure(ch)));
  return width;
};
const measure = (ch: string): number =>
  /[A-ZÀ-ÖØ-Þ]/.test(ch) ? (/[IJ]/.test(ch) ? 0.56 : /[MW]/.test(ch) ? 0.94 : 0.74) : /[a-zß-ÿ]/.test(ch) ? (/[ijlft]/.test(ch) ? 0.34 : /[mw]/.test(ch) ? 0.9 : 0.62) : /\d/.test(ch) ? 0.56 : ch === ' ' ? 0.28 : 0.5;
// Walks the characters without an array of them: a megabyte-long name made a million strings to collect.
function textWidth(text: string, size: number, spacing = 0): number {
  let width = 0;
  for (const ch of text) width += advance(ch) * size + spacing;
  return width;
}

/**
 * A wordmark for a brand that has no logo: its name set in type on a band of its colour, as
 * an SVG (no picture is invented). A name ending in an acronym (« Portail numérique régional PNR »)
 * puts the acronym large under the rest; other names are set on one or two lines.
 */
export function wordmarkSvg(name: string, color: string): string {
  const words = name.trim().split(/\s+/);
  const last = words[words.length - 1]!;
  const ink = textOn(color);
  let lines: { text: string; size: number; spacing: number }[];
  if (words.length > 1 && /^[A-ZÀ-ÖØ-Þ0-9-]{2,8}$/.test(last)) {
    lines = [
      { text: words.slice(0, -1).join(' ').toLocaleUpperCase('fr'), size: 9, spacing: 0.9 },
      { text: last, size: 22, spacing: 1.5 },
    ];
  } else if (name.length <= 22) {
    lines = [{ text: name, size: 16, spacing: 0.3 }];
  } else {
    // Two lines, cut at the space nearest the middle.
    // (The length of the words before each, summed as it goes: linear in the name.)
    let left = -1;
    let cut = 1;
    let bestLeft = words[0]!.length;
    words.forEach((word, i) => {
      if (i > 0 && Math.abs(left - name.length / 2) < Math.abs(bestLeft - name.length / 2)) {
        cut = i;
        bestLeft = left;
      }
      left += word.length + 1;
    });
    lines = [words.slice(0, cut).join(' '), words.slice(cut).join(' ')].map((text) => ({ text, size: 12, spacing: 0.2 }));
  }
  const pad = 7;
  const width = Math.ceil(Math.max(...lines.map((l) => textWidth(l.text, l.size, l.spacing))) + 2 * pad);
  let y = pad - 1;
  const texts = lines.map((l) => {
    y += l.size * 0.9;
    const t = `<text x="${pad}" y="${y.toFixed(1)}" font-size="${l.size}" letter-spacing="${l.spacing}">${escapeXml(l.text)}</text>`;
    y += l.size * 0.25;
    return t;
  });
  const height = Math.ceil(y + pad - 2);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="wordmark" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(name)}">` +
    `<rect width="${width}" height="${height}" rx="3" fill="${escapeXml(color)}"/>` +
    `<g fill="${ink}" font-family="'Liberation Sans', Arial, sans-serif" font-weight="700">${texts.join('')}</g></svg>`
  );
}

export interface PageBoxes {
  /** The CSS page name (`@page <name>`), unique per sheet so that a recueil can hold several. */
  page: string;
  /** Running band, on every page: « Fiche pratique », the portal's or site's name, its wiki. */
  band: { kicker: string; name: string; wiki?: string };
  /** The band's colour and its text colour; `filled` draws a solid band (a brand), else a rule. */
  accent: string;
  filled: boolean;
  /** Footer, left: online address, version, date. */
  footer: string;
}

/**
 * The CSS of a sheet's page boxes: the running band at the top of every page and the footer
 * (with « page x / y ») at the bottom, drawn by Chromium in the page margins. Every text is a
 * CSS string (escaped), so nothing from the YAML can become a rule.
 */
export function pageBoxesCss(boxes: PageBoxes): string {
  const ink = boxes.filled ? textOn(boxes.accent) : boxes.accent;
  const band = boxes.filled
    ? `background: linear-gradient(to bottom, transparent 4.5mm, ${boxes.accent} 4.5mm, ${boxes.accent} 11mm, transparent 11mm);`
    : `background: linear-gradient(to bottom, transparent 10.4mm, ${boxes.accent} 10.4mm, ${boxes.accent} 11mm, transparent 11mm);`;
  // Font sizes to the quarter pixel (src/site/styles/sheet.css says why).
  const common = `font-family: 'Liberation Sans', Arial, sans-serif; font-size: round(8pt, 0.25px); color: ${ink}; vertical-align: top; padding-top: ${boxes.filled ? '6.4mm' : '6mm'}; ${band}`;
  const kicker = `${boxes.band.kicker.toLocaleUpperCase('fr')} · ${boxes.band.name}`;
  const foot = `font-family: 'Liberation Sans', Arial, sans-serif; font-size: 7.5pt; color: #333; vertical-align: top; padding-top: 3mm;`;
  return [
    `@page ${boxes.page} {`,
    `  @top-left { content: ${cssString(kicker)}; font-weight: 700; letter-spacing: 0.02em; padding-left: ${boxes.filled ? '3mm' : '0'}; ${common} }`,
    `  @top-right { content: ${boxes.band.wiki ? cssString(boxes.band.wiki) : '""'}; padding-right: ${boxes.filled ? '3mm' : '0'}; text-align: right; ${common} }`,
    `  @bottom-left { content: ${cssString(boxes.footer)}; ${foot} }`,
    `  @bottom-right { content: "page " counter(page) " / " counter(pages); white-space: nowrap; text-align: right; ${foot} }`,
    `}`,
  ].join('\n');
}
