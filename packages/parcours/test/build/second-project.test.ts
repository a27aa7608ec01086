/**
 * Parcours as a toolkit another agency adopts: a second content project (another service,
 * another publisher, its own brand) builds completely from its own folder through the real
 * command, and nothing of the e-CPS content, the ANS or a placeholder address reaches its
 * output. With no public address configured: no QR code, no online address, one warning.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

const files = () => readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => !f.startsWith('pagefind/') && /\.(html|svg|mmd|css|js|json)$/.test(f));
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

describe('the same project once its publisher sets the public address in parcours.yaml', () => {
  it('prints the online address (in the footer and under the QR code) on every sheet', () => {
    const copy = mkdtempSync(join(tmpdir(), 'parcours-ouest-url-'));
    cpSync(PROJECT, copy, { recursive: true });
    const config = join(copy, 'parcours.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('  language: fr\n', '  url: https://aide.groupement-ouest.test\n  language: fr\n'));
    const site = join(copy, 'dist');
    const built = runBuild(copy, site);
    expect(built.status, built.stderr).toBe(0);
    expect(built.summary?.warnings.map((w) => w.code)).not.toContain('site-url-missing');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(site, 'fiches', 'partager-agenda.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Version en ligne');
    // Printed short, as a reader types it (no scheme, no final slash); the QR code holds it whole.
    expect(text.replace(/\s+/g, '')).toContain('aide.groupement-ouest.test/procedures/partager-agenda');
  }, 240_000);
});
