/**
 * The project's flows plus what the sheet tests need: a brand with a logo and its own support contact,
 * a procedure illustrated with two views per step (pictures the test draws with Chromium, not
 * real screenshots), one a little too long for one page, one too long for two. Built by the
 * real build script into a temporary folder.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../../src/render/browser.ts';
import type { BuildSummary } from '../../src/stages/index.ts';
import { ECPS_CONFIG, runBuild } from '../helpers/build.ts';
import { TEST_SITE_URL } from '../helpers/build-site.ts';
import { ECPS } from '../helpers/cli.ts';

/** Steps of the procedure that is about 10 % too long for one page (found by measuring: see the test). */
export const SLIGHTLY_LONG_STEPS = 12;
/** Steps of the procedure that needs three pages. */
export const TOO_LONG_STEPS = 34;

const sentence = (i: number) =>
  `Étape d’essai numéro ${i} : ouvrez l’écran indiqué, lisez le message affiché puis confirmez votre choix avant de passer à la suite de la procédure d’essai.`;

function procedure(title: string, steps: number): string {
  return [
        `title: ${title}`,
    'prerequisites:',
    '  - Avoir un téléphone et un ordinateur d’essai.',
    'steps:',
    ...Array.from({ length: steps }, (_, i) => `  - where: ${i % 2 ? 'ordinateur' : 'telephone'}\n    text: "${sentence(i + 1)}"`),
  ].join('\n');
}

/** Draws the fixture's pictures: a phone screen, a computer screen, a logo (PNG, by Chromium). */
async function drawPictures(dir: string): Promise<void> {
  const { browser, close } = await launchBrowser();
  try {
    const page = await browser.newPage();
    const shot = async (file: string, width: number, height: number, html: string) => {
      await page.setViewport({ width, height, deviceScaleFactor: 1 });
      await page.setContent(`<!doctype html><html><body style="margin:0;font-family:'Liberation Sans',sans-serif">${html}</body></html>`);
      writeFileSync(join(dir, file), await page.screenshot({ type: 'png' }));
    };
    await shot('ecran-mobile.png', 360, 720, '<div style="height:720px;background:#eef;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:24px;font-size:28px"><b>Appli d’essai</b><span>Écran mobile</span><span style="padding:12px 24px;background:#235;color:#fff;border-radius:8px">Continuer</span></div>');
    await shot('ecran-ordinateur.png', 1200, 750, '<div style="height:750px;background:#f4f4f4;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:30px;font-size:40px"><b>Portail d’essai</b><span>Écran d’ordinateur</span><span style="padding:16px 32px;background:#235;color:#fff;border-radius:8px">Commencer l’activation</span></div>');
    await shot('logo.png', 480, 120, '<div style="height:120px;display:flex;align-items:center;gap:16px;padding-left:16px;font-size:44px;font-weight:700;color:#7a1d4f"><span style="width:84px;height:84px;border-radius:50%;background:#7a1d4f"></span>Essai Santé</div>');
    await page.close();
  } finally {
    await close();
  }
}

export interface FixtureSite {
  /** The project folder (flows/, images/). */
  dir: string;
  /** The built site. */
  site: string;
  /** The build's cache (its fiches/ holds the layout report). */
  cache: string;
  /** What the build said of itself (.parcours/build.json), and printed. */
  summary: BuildSummary;
  stdout: string;
}

/** Writes the fixture project and builds it with scripts/build.ts. */
export async function buildFixture(): Promise<FixtureSite> {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-fiches-essai-'));
  const images = join(dir, 'images');
  mkdirSync(images, { recursive: true });
  await drawPictures(images);
  // The project's own flows too: the site's pages (content/) name them.
  cpSync(join(ECPS, 'flows'), join(dir, 'flows'), { recursive: true });
  const files: Record<string, string> = {
    'flows/essai.yaml': [
      '# yaml-language-server: $schema=../schema/flow.schema.json',
      'title: Parcours d’essai des fiches',
      'order: 1',
      'start: choix',
      'nodes:',
      '  choix:',
      '    question: Quelle procédure ?',
      '    answers:',
      '      - { label: Illustrée, next: illustree }',
      '      - { label: Un peu longue, next: un-peu-longue }',
      '      - { label: Trop longue, next: trop-longue }',
      '  illustree: { procedure: illustree, next: fin }',
      '  un-peu-longue: { procedure: un-peu-longue, next: fin }',
      '  trop-longue: { procedure: trop-longue, next: fin }',
      '  fin:',
      '    question: Ça a marché ?',
      '    answers:',
      '      - { label: Oui, next: ok }',
      '      - { label: Non, next: aide }',
      '  ok: { success: C’est fait }',
      '  aide: { support: J’ai un problème, contacts: [service-national] }',
    ].join('\n'),
    'flows/contacts/essai.yaml': [
      'contacts:',
      '  service-national:',
      '    name: Service national d’essai',
      '    phone: { number: "01 99 00 12 34", cost: "0,06 €/min + prix appel" }',
      '    email: national@essai.example',
      '  support-essai:',
      '    name: Assistance du portail d’essai',
      '    phone: { number: "01 99 00 56 78", cost: appel gratuit }',
      '    email: assistance@portail.essai.example',
    ].join('\n'),
    'flows/brands/essai.yaml': [
      'name: Portail d’essai',
      'wiki: https://wiki.essai.example/tutoriels/',
      'logo: ../../images/logo.png',
      'logoAlt: Logo du portail d’essai',
      'color: "#7a1d4f"',
      'contacts: [support-essai]',
    ].join('\n'),
    'flows/procedures/illustree.yaml': [
      'title: Procédure illustrée d’essai',
      'steps:',
      '  - where: telephone-et-ordinateur',
      '    text: Scannez le QR code affiché par votre ordinateur avec l’appli.',
      '    pictures:',
      '      - { view: mobile, src: ../../images/ecran-mobile.png, alt: "Appli d’essai : l’écran mobile et son bouton Continuer" }',
      '      - { view: ordinateur, src: ../../images/ecran-ordinateur.png, alt: "Portail d’essai : l’écran d’ordinateur et son bouton Commencer l’activation" }',
      '  - where: telephone',
      '    text: Appuyez sur « Continuer » sur votre téléphone.',
      '    pictures:',
      '      - { view: mobile, src: ../../images/ecran-mobile.png, alt: Appli d’essai seule sur le téléphone }',
      '  - where: ordinateur',
      '    text: Terminez sur votre ordinateur.',
    ].join('\n'),
    'flows/procedures/illustree-essai.yaml': [
      'title: Procédure illustrée du portail d’essai',
      'brand: essai',
      'variantOf: illustree',
      'steps:',
      '  - where: telephone-et-ordinateur',
      '    text: Scannez le QR code affiché par le portail avec l’appli.',
      '    pictures:',
      '      - { view: ordinateur, src: ../../images/ecran-ordinateur.png, alt: "Portail d’essai : l’écran d’ordinateur et son bouton Commencer l’activation" }',
      '      - { view: mobile, src: ../../images/ecran-mobile.png, alt: "Appli d’essai : l’écran mobile et son bouton Continuer" }',
      '  - where: ordinateur',
      '    text: Terminez sur le portail.',
    ].join('\n'),
    'flows/procedures/un-peu-longue.yaml': procedure('Procédure un peu trop longue pour une page', SLIGHTLY_LONG_STEPS),
    'flows/procedures/trop-longue.yaml': procedure('Procédure trop longue pour deux pages', TOO_LONG_STEPS),
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), `${content}\n`);
  }
  // A content project: the e-CPS configuration and pages (content/ embeds real procedures).
  cpSync(join(ECPS, 'content'), join(dir, 'content'), { recursive: true });
  writeFileSync(join(dir, 'parcours.yaml'), ECPS_CONFIG(TEST_SITE_URL));
  const site = join(dir, 'site');
  const cache = join(dir, 'cache');
  const run = runBuild(dir, site, { env: { PARCOURS_CACHE: cache, SOURCE_DATE_EPOCH: '1780000000' } });
  if (run.status !== 0) throw new Error(`The fixture did not build:\n${run.stdout}\n${run.stderr}`);
  return { dir, site, cache, summary: run.summary!, stdout: run.stdout };
}
