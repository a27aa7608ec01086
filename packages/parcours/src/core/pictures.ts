/**
 * Pictures (screenshots, logos) are known by their content, not their name: PNG, JPEG and WebP
 * by their first bytes, SVG by parsing it as XML. An SVG is a document that can hold scripts,
 * foreign HTML and references to other files or sites: those are refused, so that a picture
 * shows the same thing wherever it is embedded (a page, a sheet, a PDF reader) and fetches
 * nothing. The checks read the file as the build will (project-files.ts), nothing else.
 */
import sax from 'sax';
import { isAbsolute, relative } from 'node:path';
import { q, type DiagnosticCode } from './diagnostics.ts';
import { frenchNumber } from './limits.ts';
import { describeFileProblem, readProjectFile } from './project-files.ts';

export type PictureKind = 'png' | 'jpeg' | 'webp' | 'svg';

/** Larger pictures are refused: each is embedded in every page and sheet that shows it. */
export const MAX_PICTURE_BYTES = 2 * 1024 * 1024;

export const PICTURE_MIME: Record<PictureKind, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', svg: 'image/svg+xml' };

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);

/** The kind of a picture from its content, or undefined when it is none of the four. */
export function pictureKind(bytes: Uint8Array): PictureKind | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  // An SVG is text with an <svg> element near its start; svgProblem then parses all of it.
  const head = bytes.subarray(0, 4096);
  if (!head.includes(0) && /<(?:[\w.-]+:)?svg[\s>/]/i.test(Buffer.from(head).toString('utf8'))) return 'svg';
  return undefined;
}

/**
 * The pixel size of a picture (PNG, JPEG, GIF, WebP, SVG with width/height or a viewBox), read from
 * its header. Undefined when unknown.
 */
export function pictureSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length > 24 && b.toString('latin1', 1, 4) === 'PNG') return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length > 10 && b.toString('latin1', 0, 3) === 'GIF') return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  if (b.length > 30 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') {
    const kind = b.toString('latin1', 12, 16);
    if (kind === 'VP8X') return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
    if (kind === 'VP8 ') return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
    if (kind === 'VP8L') {
      const bits = b.readUInt32LE(21);
      return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
    }
  }
  if (b[0] === 0xff && b[1] === 0xd8) {
    // JPEG: walk the segments to the frame header (SOF0…SOF15, not DHT, JPG or DAC).
    let i = 2;
    while (i + 9 < b.length && b[i] === 0xff) {
      const marker = b[i + 1]!;
      const length = b.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
      i += 2 + length;
    }
    return undefined;
  }
  const svg = /<svg\b[^>]*>/i.exec(b.toString('utf8', 0, 4096))?.[0];
  if (svg) {
    const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']\\s*([\\d.]+)(?:px)?\\s*["']`, 'i').exec(svg)?.[1];
    const [w, h] = [attr('width'), attr('height')].map(Number);
    if (w && h) return { width: w, height: h };
    const box = /viewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(svg);
    if (box) return { width: Number(box[1]), height: Number(box[2]) };
  }
  return undefined;
}

/** Larger pictures are refused: decoded, a small file of huge dimensions takes gigabytes (a "decompression bomb"). */
export const MAX_PICTURE_SIDE = 10_000;
export const MAX_PICTURE_PIXELS = 40_000_000;

/** Elements that run code, embed other documents or play media: never in a picture. */
const FORBIDDEN_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'embed', 'object', 'audio', 'video', 'handler', 'listener', 'canvas']);
/** Raster pictures may be embedded in an SVG, as data: addresses of the three formats. */
const EMBEDDED_PICTURE = /^data:image\/(?:png|jpeg|webp);base64,[A-Za-z0-9+/=\s]*$/i;
/** A reference inside CSS to anything but a fragment of the same file (`url(#gradient)`). */
const EXTERNAL_CSS = /@import|url\(\s*["']?(?!#)/i;

/**
 * What makes an SVG unsafe to embed, in French (« un script (<script>) »), or a syntax
 * problem (`malformed`); undefined when the SVG only draws.
 */
export function svgProblem(text: string): { malformed?: string; unsafe?: string } | undefined {
  const parser = sax.parser(true, { xmlns: true, position: true });
  let problem: { malformed?: string; unsafe?: string } | undefined;
  let root = true;
  let inStyle = false;
  const refuse = (unsafe: string) => {
    problem ??= { unsafe: `${unsafe} (ligne ${parser.line + 1})` };
  };
  parser.onerror = (error: Error) => {
    problem ??= { malformed: error.message.split('\n')[0]! };
    throw error;
  };
  parser.ondoctype = () => refuse('une déclaration <!DOCTYPE> (elle peut définir des entités qui se démultiplient ou lisent d’autres fichiers)');
  parser.onprocessinginstruction = (pi: { name: string }) => {
    if (pi.name.toLowerCase() !== 'xml') refuse(`une instruction <?${pi.name}?> (elle peut charger une feuille de style extérieure)`);
  };
  parser.onopentag = (node: { local: string; uri: string; attributes: Record<string, { local: string; value: string; prefix: string }> }) => {
    const name = node.local.toLowerCase();
    if (root && name !== 'svg') refuse(`un élément racine <${node.local}> au lieu de <svg>`);
    root = false;
    if (FORBIDDEN_ELEMENTS.has(name)) refuse(`un élément <${node.local}>, qui peut exécuter du code ou afficher un autre document`);
    if (node.uri === 'http://www.w3.org/1999/xhtml') refuse(`un élément HTML <${node.local}>`);
    inStyle = name === 'style';
    for (const attribute of Object.values(node.attributes)) {
      const attr = attribute.local.toLowerCase();
      const value = attribute.value.trim();
      if (attr.startsWith('on')) refuse(`un attribut ${attribute.local}, qui exécute du code`);
      if (attr === 'href' || attr === 'src') {
        if (!value.startsWith('#') && !EMBEDDED_PICTURE.test(value)) refuse(`un lien vers ${JSON.stringify(value.slice(0, 80))} (un SVG ne doit renvoyer qu’à lui-même)`);
      }
      if ((name === 'set' || name.startsWith('animate')) && attr === 'attributename' && /href|^on/i.test(value)) refuse('une animation qui change un lien');
      if (attr === 'style' && EXTERNAL_CSS.test(value)) refuse('un style qui charge une ressource extérieure (url(…) ou @import)');
    }
  };
  parser.onclosetag = () => {
    inStyle = false;
  };
  const css = (text: string) => {
    if (inStyle && EXTERNAL_CSS.test(text)) refuse('une feuille de style qui charge une ressource extérieure (url(…) ou @import)');
  };
  parser.ontext = css;
  parser.oncdata = css;
  try {
    parser.write(text).close();
  } catch {
    // The first error is kept above: the rest of a malformed file tells nothing more.
  }
  return problem;
}

/** Why a text is not well-formed XML (the parser's words), or undefined when it is. */
export function xmlProblem(text: string): string | undefined {
  const parser = sax.parser(true, { position: true });
  let problem: string | undefined;
  parser.onerror = (error: Error) => {
    problem ??= error.message.split('\n')[0]!;
    throw error;
  };
  try {
    parser.write(text).close();
  } catch {
    // The first error is kept above.
  }
  return problem;
}

export interface PictureProblem {
  code: DiagnosticCode;
  message: string;
  hint: string;
}

/**
 * Where the editor put a picture (inside the project), then what the file is (see
 * `pictureFileProblem`). Used for steps' pictures, brands' logos and the site's logo.
 *
 * @param written the path as the editor wrote it
 * @param path the same, resolved against the file that names it
 * @param projectRoot the content project's folder
 * @param what how the message names it (« L’image », « Le logo »)
 * @param config the path is written in parcours.yaml (relative to it), not in a flows file
 */
export function pictureProblem(written: string, path: string, projectRoot: string, what: string, config = false): PictureProblem | undefined {
  const rel = relative(projectRoot, path);
  if (rel.startsWith('..') || isAbsolute(rel) || isAbsolute(written)) {
    return {
      code: 'picture-outside-project',
      message: `${what} ${q(written)} est hors du projet.`,
      hint: `Placez le fichier dans le projet (par exemple content/images/) et indiquez son chemin relatif à ${config ? 'parcours.yaml' : 'ce fichier YAML'}.`,
    };
  }
  const problem = pictureFileProblem(path, projectRoot, `${what} ${q(written)}`);
  if (problem?.code === 'picture-missing' && config) return { ...problem, hint: 'Vérifiez le chemin : il est relatif à parcours.yaml (le dossier du projet).' };
  return problem;
}

/**
 * What is wrong with a picture or a logo, read as the build will read it: a regular file inside
 * the project once links are resolved, of a bounded size, a PNG, JPEG, WebP or SVG by its
 * content, and an SVG that only draws. Undefined when it can be embedded.
 *
 * @param what how the picture is named in messages (« L’image « ecran.png » »)
 */
export function pictureFileProblem(path: string, projectRoot: string, what: string): PictureProblem | undefined {
  const read = readProjectFile(path, projectRoot, MAX_PICTURE_BYTES);
  if (!read.ok) {
    const { problem } = read;
    if (problem.kind === 'missing') return { code: 'picture-missing', message: `${what} est introuvable.`, hint: 'Vérifiez le chemin : il est relatif au fichier YAML qui le cite.' };
    const code = ({ 'dangling-link': 'picture-missing', outside: 'picture-outside-project', 'not-a-file': 'picture-not-a-file', 'too-large': 'picture-too-large', unreadable: 'picture-not-a-file' } as const)[problem.kind];
    return { code, ...describeFileProblem(problem, what) };
  }
  const kind = pictureKind(read.bytes);
  if (!kind) {
    return {
      code: 'picture-format',
      message: `${what} n’est ni une image PNG, ni JPEG, ni WebP, ni SVG (d’après son contenu, pas son nom).`,
      hint: 'Enregistrez la capture d’écran en PNG ou en JPEG, et le logo en SVG ou en PNG.',
    };
  }
  if (kind !== 'svg') {
    const size = pictureSize(read.bytes);
    if (!size || size.width > MAX_PICTURE_SIDE || size.height > MAX_PICTURE_SIDE || size.width * size.height > MAX_PICTURE_PIXELS) {
      return {
        code: 'picture-too-large',
        message: size
          ? `${what} mesure ${frenchNumber(size.width)} × ${frenchNumber(size.height)} pixels, pour ${frenchNumber(MAX_PICTURE_SIDE)} pixels de côté et ${frenchNumber(MAX_PICTURE_PIXELS / 1_000_000)} millions de pixels au plus.`
          : `${what} n’indique pas sa taille en pixels : son en-tête est illisible.`,
        hint: 'Réduisez ses dimensions (une capture d’écran de téléphone fait environ 1 200 × 2 600 pixels), ou enregistrez-la de nouveau depuis un logiciel d’images.',
      };
    }
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes);
  } catch {
    return { code: 'picture-format', message: `${what} n’est pas un SVG valide (il n’est pas encodé en UTF-8).`, hint: 'Exportez-le de nouveau en SVG depuis votre logiciel de dessin, ou en PNG.' };
  }
  const svg = svgProblem(text);
  if (svg?.malformed) return { code: 'picture-format', message: `${what} n’est pas un SVG valide (détail technique : ${svg.malformed}).`, hint: 'Exportez-le de nouveau en SVG depuis votre logiciel de dessin, ou en PNG.' };
  if (svg?.unsafe) {
    return {
      code: 'picture-unsafe',
      message: `${what} contient ${svg.unsafe}.`,
      hint: 'Une image ne fait que dessiner : exportez-la en « SVG simple » (sans script ni lien, dans Inkscape : Enregistrer sous, SVG simple) ou en PNG.',
    };
  }
  return undefined;
}
