/**
 * A project as a hurried contributor leaves it, built for real: pictures kept beside flows/
 * (not in content/), an MDX page showing a picture, a journey of 240 nodes whose Mermaid text
 * is past Mermaid's default limit, a procedure with no date anywhere (the project is outside
 * git), and the leftovers of a build killed with SIGKILL. It builds; the big journey is drawn
 * whole; the undated sheet prints no date and its PDF carries none; the leftovers are gone;
 * nothing from outside the project (no other file's content, no path of this machine) is in
 * any output; and replacing the picture beside flows/ makes the next build redo the pages.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOLKIT_DIR } from '../../src/settings/settings.ts';
import { contentProject, runBuild, type BuildRun } from '../helpers/build.ts';
import { TOOLKIT } from '../helpers/cli.ts';
import { makeReadOnly } from '../helpers/read-only.ts';

const IMAGES = join(TOOLKIT, 'test', 'fixtures', 'adversarial', 'images');
const QUESTIONS = 238;

/** 238 questions in a row, each with a way out to a procedure: 240 nodes, 477 links. */
function bigJourney(): string {
  const nodes = Array.from({ length: QUESTIONS }, (_, i) =>
    [
      `  q${i}:`,
      `    question: "Étape ${i + 1} : l’application affiche-t-elle bien le message « Code envoyé » sur l’écran de votre téléphone ?"`,
      `    answers:`,
      `      - { label: "Oui, je le vois", next: ${i + 1 < QUESTIONS ? `q${i + 1}` : 'fin'} }`,
      `      - { label: "Non, rien ne s’affiche", next: ecran }`,
    ].join('\n'),
  );
  return `title: Un très long parcours\nstart: q0\nnodes:\n${nodes.join('\n')}\n  ecran: { procedure: ecran, next: fin }\n  fin: { success: C’est terminé }\n`;
}

const project = contentProject({
  files: {
    'flows/grand.yaml': bigJourney(),
    'flows/procedures/ecran.yaml': 'title: Je regarde l’écran\nsteps:\n  - text: Regardez l’écran.\n    pictures:\n      - { view: mobile, src: ../../images/ecran.png, alt: L’écran du téléphone }\n',
    'content/ecrans.mdx': '---\ntitle: Les écrans\n---\n\nL’écran de l’application :\n\n![L’écran de l’application sur un téléphone](../images/ecran.png)\n',
  },
});
mkdirSync(join(project, 'images'));
cpSync(join(IMAGES, 'ecran-mobile.png'), join(project, 'images', 'ecran.png'));
const out = join(mkdtempSync(join(tmpdir(), 'parcours-hostile-out-')), 'dist');

/** A process that has ended: its pid is one a killed build could have had. */
const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
const leftovers = [join(out, '..', `.dist-${gone}`), join(TOOLKIT_DIR, `.astro-build-${gone}`)];

let first: BuildRun;
let second: BuildRun;
let readOnly: BuildRun;
let lastGood: string;
/** What the first build wrote (the second replaces the picture). */
let firstPages: { picture: Buffer; page: string };

beforeAll(() => {
  for (const dir of leftovers) mkdirSync(join(dir, 'client'), { recursive: true });
  first = runBuild(project, out);
  firstPages = { picture: shownPicture(), page: text('ecrans/index.html') };
  cpSync(join(IMAGES, 'ecran-ordinateur.png'), join(project, 'images', 'ecran.png'));
  second = runBuild(project, out);
  // Everything is cached and nothing changed, but the cache cannot be written.
  lastGood = readFileSync(join(out, '.parcours', 'build.json'), 'utf8');
  const restore = makeReadOnly(join(project, '.cache'));
  try {
    readOnly = runBuild(project, out);
  } finally {
    restore();
  }
}, 900_000);

afterAll(() => {
  for (const dir of leftovers) rmSync(dir, { recursive: true, force: true });
});

const text = (file: string) => readFileSync(join(out, file), 'utf8');
/** The picture the procedure's page shows, as the site serves it. */
function shownPicture(): Buffer {
  const src = /<img src="\/(images\/[0-9a-f]+\.png)"[^>]* alt="L’écran du téléphone"/.exec(text('procedures/ecran/index.html'))?.[1];
  expect(src, 'the step’s picture').toBeDefined();
  return readFileSync(join(out, src!));
}

describe('a hostile project, built', () => {
  it('builds, and cleans what a killed build had left', () => {
    expect(first.status, first.stdout + first.stderr).toBe(0);
    for (const dir of leftovers) expect(existsSync(dir), dir).toBe(false);
  });

  it('draws the journey past Mermaid’s default size whole, with no error drawn in its place', () => {
    expect(text('diagrams/grand.mmd').length).toBeGreaterThan(50_000);
    const svg = text('diagrams/grand.svg');
    expect(svg).not.toMatch(/Maximum text size|Syntax error|Edge limit/);
    expect(svg.match(/class="node [a-z ]*"/g)?.length).toBe(QUESTIONS + 2);
    expect(svg).toContain(`Étape ${QUESTIONS}`);
  });

  it('embeds the picture kept beside flows/, and shows the page’s picture, by their content', () => {
    expect(firstPages.picture.equals(readFileSync(join(IMAGES, 'ecran-mobile.png')))).toBe(true);
    expect(firstPages.page).toMatch(/<img src="\/_astro\/[^"]+"[^>]* alt="L’écran de l’application sur un téléphone"/);
  });

  it('prints no date on a sheet that has none, and stamps none in its PDF', () => {
    const pdf = join(out, 'fiches', 'ecran.pdf');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).not.toMatch(/CreationDate|ModDate/);
    const printed = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(printed).toMatch(/Fiche pratique, version [0-9a-f]+\n/);
    expect(printed).not.toMatch(/version [0-9a-f]+ du |janvier 2000/);
  });

  it('puts nothing from outside the project in any output: no other file, no path of this machine', () => {
    const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!;
    const forbidden = [passwd, project, TOOLKIT_DIR, homedir(), tmpdir()].filter((s) => s.length > 4);
    const found: string[] = [];
    for (const file of readdirSync(out, { recursive: true, encoding: 'utf8' })) {
      if (!/\.(html|svg|mmd|json|js|css|txt|xml)$/.test(file)) continue;
      const content = readFileSync(join(out, file), 'utf8');
      for (const s of forbidden) if (content.includes(s)) found.push(`${file}: ${s}`);
    }
    expect(found).toEqual([]);
    const summary = JSON.parse(text('.parcours/build.json')) as { warnings: { file: string }[] };
    expect(summary.warnings.length).toBeGreaterThan(0);
    for (const warning of summary.warnings) expect(warning.file, warning.file).not.toMatch(/^\//);
  });

  it('rebuilds when a picture beside flows/ is replaced: every file that shapes the output is in the fingerprint', () => {
    expect(second.status, second.stdout + second.stderr).toBe(0);
    expect(second.summary?.upToDate).toBe(false);
    expect(shownPicture().equals(readFileSync(join(IMAGES, 'ecran-ordinateur.png')))).toBe(true);
  });

  it('says in French that the cache cannot be written, even when everything is cached, and leaves the output as it was', () => {
    expect(readOnly.status).toBe(1);
    expect(readOnly.stderr).toContain(`✘ Construction arrêtée : le dossier de cache «\u202f${join(project, '.cache')}\u202f» (le dossier par défaut, à côté de parcours.yaml) n’est pas accessible en écriture`);
    expect(readOnly.stderr).toMatch(/\((EROFS|EACCES)\)/);
    expect(readFileSync(join(out, '.parcours', 'build.json'), 'utf8')).toBe(lastGood);
  });
});
