/**
 * Parcours as a toolkit another agency adopts: a second content project (another service,
 * another publisher, its own brand) builds completely from its own folder through the real
 * command, and nothing of the e-CPS content, the ANS or a placeholder address reaches its
 * output. With no public address configured: no QR code, no online address, one warning.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBuild, type BuildRun } from '../helpers/build.ts';
import { TOOLKIT } from '../helpers/cli.ts';

const PROJECT = join(TOOLKIT, 'test', 'fixtures', 'agence-ouest');
const FOREIGN = [/e-CPS/i, /\bANS\b/, /example\.org/, /Agence du Numérique/i, /asipsante/i];
const out = join(mkdtempSync(join(tmpdir(), 'parcours-ouest-')), 'site');
let run: BuildRun;

beforeAll(() => {
  run = runBuild(PROJECT, out, { env: { PARCOURS_CACHE: mkdtempSync(join(tmpdir(), 'parcours-ouest-cache-')) } });
}, 240_000);

const files = (dir = out) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => !f.startsWith('pagefind/') && /\.(html|svg|mmd|css|js|json)$/.test(f));
const pdfs = () => readdirSync(join(out, 'fiches')).filter((f) => f.endsWith('.pdf'));
const pdfText = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', join(out, 'fiches', file), '-'], { encoding: 'utf8' });
const pdfInfo = (file: string) => execFileSync('pdfinfo', ['-enc', 'UTF-8', join(out, 'fiches', file)], { encoding: 'utf8' });

describe('a second content project, built with --content and --out', () => {
  it('builds completely: its pages, its diagram, its sheets (national and brand) and the recueil', () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.summary?.totals).toMatchObject({ flows: 1, procedures: 2, diagrams: 1, sheets: 2 });
    expect(run.summary?.stages.find((s) => s.id === 'sheets')?.counts).toMatchObject({ recueils: 2 });
    expect(run.summary?.modelLoads).toBe(1);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Agenda partagé');
    expect(readFileSync(join(out, 'parcours', 'partage', 'index.html'), 'utf8')).toContain('Avez-vous un compte sur l’agenda partagé');
    expect(readFileSync(join(out, 'aide', 'index.html'), 'utf8')).toContain('Choisissez un guide');
    expect(pdfs().sort()).toEqual(['ouest-partager-agenda.pdf', 'partager-agenda.pdf', 'recueil-ouest.pdf', 'recueil.pdf']);
  });

  it('has no e-CPS, ANS or placeholder wording in any page, diagram, sheet or metadata', () => {
    for (const file of files()) {
      const text = readFileSync(join(out, file), 'utf8');
      for (const word of FOREIGN) expect(text, `${file} contains ${word}`).not.toMatch(word);
    }
    for (const file of pdfs()) {
      const text = `${pdfText(file)}\n${pdfInfo(file)}`;
      for (const word of FOREIGN) expect(text, `${file} contains ${word}`).not.toMatch(word);
    }
  });

  it('names its own publisher as the author of its national sheets and of the recueil, and its brand on the brand’s sheet', async () => {
    const author = async (file: string) => (await PDFDocument.load(readFileSync(join(out, 'fiches', file)), { updateMetadata: false })).getAuthor();
    expect(await author('partager-agenda.pdf')).toBe('Groupement régional e-santé de l’Ouest');
    expect(await author('recueil.pdf')).toBe('Groupement régional e-santé de l’Ouest');
    expect(await author('ouest-partager-agenda.pdf')).toBe('Portail santé de l’Ouest');
    expect(readFileSync(join(out, 'index.html'), 'utf8').replace(/<[^>]+>/g, '')).toContain('Groupement régional e-santé de l’Ouest');
  });

  it('with no public address: no QR code and no online address on the sheets, and the build says so once', () => {
    const warnings = run.summary?.warnings.filter((w) => w.code === 'site-url-missing') ?? [];
    expect(warnings).toHaveLength(1);
    expect(run.stdout.match(/\[site-url-missing\]/g)).toHaveLength(1);
    for (const file of pdfs()) {
      const text = pdfText(file);
      // The QR code's caption and the footer's online address.
      expect(text).not.toContain('Version en ligne');
      expect(text).not.toMatch(/https?:\/\//);
    }
  });
});

/** How many pixels of page 1 of a PDF are (nearly) of a colour, read from pdftoppm's PPM. */
function pixelsOf(pdf: string, hex: string): number {
  const ppm = execFileSync('pdftoppm', ['-r', '60', '-f', '1', '-l', '1', pdf]);
  // P6 <width> <height> 255, then RGB bytes.
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 32).toString('latin1'))!;
  const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let count = 0;
  for (let i = header[0].length; i + 2 < ppm.length; i += 3) if (want.every((c, k) => Math.abs(ppm[i + k]! - c) <= 4)) count++;
  return count;
}

describe('the same project once its publisher sets the public address, a colour and a logo in parcours.yaml', () => {
  const copy = mkdtempSync(join(tmpdir(), 'parcours-ouest-url-'));
  const site = join(copy, 'dist');
  const COLOUR = '#0b6e4f';
  let built: BuildRun;
  beforeAll(() => {
    cpSync(PROJECT, copy, { recursive: true });
    const config = join(copy, 'parcours.yaml');
    mkdirSync(join(copy, 'content', 'images'), { recursive: true });
    writeFileSync(join(copy, 'content', 'images', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40" viewBox="0 0 160 40"><text x="4" y="28" font-size="20">LOGO-OUEST</text></svg>');
    writeFileSync(config, readFileSync(config, 'utf8').replace('  language: fr\n', `  url: https://aide.groupement-ouest.test\n  language: fr\n  color: "${COLOUR}"\n  logo: content/images/logo.svg\n`));
    built = runBuild(copy, site);
  }, 240_000);

  it('prints the online address (in the footer and under the QR code) on every sheet', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(built.summary?.warnings.map((w) => w.code)).not.toContain('site-url-missing');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(site, 'fiches', 'partager-agenda.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Version en ligne');
    // Printed short, as a reader types it (no scheme, no final slash); the QR code holds it whole.
    expect(text.replace(/\s+/g, '')).toContain('aide.groupement-ouest.test/procedures/partager-agenda');
  });

  it('gives every page the site’s colour through a stylesheet (no inline style), and its logo in the header', () => {
    const home = readFileSync(join(site, 'index.html'), 'utf8');
    expect(home).toMatch(/<a class="site-name" href="\/"><img class="site-logo" src="data:image\/svg\+xml;base64,[^"]+" alt=""><span>Aide à l’agenda partagé<\/span><\/a>/);
    const css = [...home.matchAll(/<link rel="stylesheet" href="\/([^"]+\.css)"/g)].map((m) => readFileSync(join(site, m[1]!), 'utf8')).join('\n');
    expect(css).toContain(`:root{--accent:${COLOUR};--accent-ink:#fff;--accent-text:${COLOUR};`);
    // The brand's own colour, for its pages and sheets.
    expect(css).toMatch(/\[data-brand=(ouest|"ouest")\]\{--accent:#6b2d5c;/);
    for (const file of files(site).filter((f) => f.endsWith('.html'))) expect(readFileSync(join(site, file), 'utf8'), file).not.toMatch(/style="[^"]*--accent/);
  });

  it('prints the national sheets and the recueil’s cover in the site’s colour with its logo; the brand’s sheet keeps its own', () => {
    const sheet = join(site, 'fiches', 'partager-agenda.pdf');
    const brand = join(site, 'fiches', 'ouest-partager-agenda.pdf');
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', '1', '-l', '1', sheet, '-'], { encoding: 'utf8' })).toContain('LOGO-OUEST');
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', brand, '-'], { encoding: 'utf8' })).not.toContain('LOGO-OUEST');
    expect(pixelsOf(sheet, COLOUR)).toBeGreaterThan(200);
    expect(pixelsOf(brand, COLOUR)).toBe(0);
    expect(pixelsOf(brand, '#6b2d5c')).toBeGreaterThan(200);
    // Without a site colour, the national sheet has none of it (the first build, above).
    expect(pixelsOf(join(out, 'fiches', 'partager-agenda.pdf'), COLOUR)).toBe(0);
    const recueil = join(site, 'fiches', 'recueil.pdf');
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', '1', '-l', '1', recueil, '-'], { encoding: 'utf8' })).toContain('LOGO-OUEST');
    expect(pixelsOf(recueil, COLOUR)).toBeGreaterThan(200);
  });
});
