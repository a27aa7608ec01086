/**
 * Rebuilding what changed, and only that. After each kind of edit, the build that reuses the
 * pages of the last one (its page store, its search index fed with stand-ins) writes exactly
 * the bytes of a build that renders every page, and renders only the pages whose inputs
 * changed; a page that shows an edited contact, procedure or brand is never left stale.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { contentProject, ECPS_CONFIG, runBuild, type BuildRun } from '../helpers/build.ts';
import { ECPS, TOOLKIT } from '../helpers/cli.ts';
import { differences, explainDifferences, folders, tree } from '../helpers/tree.ts';
import { pictureName } from '../../src/site/picture-file.ts';

const siteCounts = (run: BuildRun) => run.summary?.stages.find((s) => s.id === 'site')?.counts;

/** Replaces `from` by `to` in a file of the project, once, checking it was there. */
function edit(project: string, file: string, from: string, to: string): void {
  const path = join(project, file);
  const text = readFileSync(path, 'utf8');
  expect(text, `${file} : « ${from} »`).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

/** The HTML pages of a built site whose text matches `pattern` (spaces may be no-break ones). */
const pagesShowing = (site: Map<string, Buffer>, pattern: RegExp) =>
  [...site].filter(([path, bytes]) => path.endsWith('.html') && pattern.test(bytes.toString('utf8'))).map(([path]) => path);

/** Waits (up to 20 s) for what a process of the build does in the background. */
function waitFor(condition: () => boolean, what: () => string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 400 && !condition(); i++) Atomics.wait(pause, 0, 0, 50);
  expect(condition(), what()).toBe(true);
}

/** The page store's files (`<cache>/pages/<key>.html`): a build adds one for each page it rendered. */
const stored = (cache: string): Set<string> => new Set(existsSync(join(cache, 'pages')) ? readdirSync(join(cache, 'pages')) : []);

/**
 * Builds `project` twice after each edit: incrementally (its own cache, kept between builds),
 * and from scratch for the pages (a second cache whose page store is emptied first: diagrams
 * and PDFs may come from it, every page is rendered). Returns the incremental run, its site, and
 * the published pages it rendered (those of its store's new files; the home, contacts, site
 * map, search, 404 and MDX pages are rendered by every build and not stored).
 */
function builder(project: string) {
  const root = mkdtempSync(join(tmpdir(), 'parcours-incr-site-'));
  const cache = join(root, 'cache');
  const skeleton = join(root, '.dist-skeleton');
  return (options: { onSkeleton?: boolean } = {}) => {
    const before = stored(cache);
    // The folders of the output before last, emptied in the background (src/stages/recycle.ts).
    if (options.onSkeleton) waitFor(() => existsSync(skeleton), () => `${root} : ${readdirSync(root).join(', ')}`);
    const recycled = existsSync(skeleton) ? statSync(join(skeleton, 'parcours')).ino : undefined;
    const incremental = runBuild(project, join(root, 'dist'), { env: { PARCOURS_CACHE: cache } });
    expect(incremental.status, `${incremental.stdout}\n${incremental.stderr}`).toBe(0);
    if (recycled !== undefined) expect(statSync(join(root, 'dist', 'parcours')).ino).toBe(recycled);
    // Every page rendered by Astro's own build: no page stored, no bundle kept (src/astro/kept-bundle.ts).
    rmSync(join(root, 'reference-cache', 'pages'), { recursive: true, force: true });
    rmSync(join(root, 'reference-cache', 'site-bundle'), { recursive: true, force: true });
    const reference = runBuild(project, join(root, 'reference'), { env: { PARCOURS_CACHE: join(root, 'reference-cache') } });
    expect(reference.status, `${reference.stdout}\n${reference.stderr}`).toBe(0);
    expect(siteCounts(reference)).toMatchObject({ reused: 0, bundleKept: 0 });
    const site = tree(join(root, 'dist'));
    const differing = differences(site, tree(join(root, 'reference')));
    expect(differing, explainDifferences(join(root, 'dist'), join(root, 'reference'), differing)).toEqual([]);
    // Not one folder more: those of the skeleton the new output did not use are gone.
    expect(folders(join(root, 'dist'))).toEqual(folders(join(root, 'reference')));
    // The store and the output share their pages (one file under two names), nothing copied;
    // only the sheets' print pages, which leave the output once printed, are the store's alone.
    const published = new Set([...site.keys()].filter((path) => path.endsWith('.html')).map((path) => statSync(join(root, 'dist', path)).ino));
    const unshared = [...stored(cache)].filter((name) => !published.has(statSync(join(cache, 'pages', name)).ino));
    expect(unshared.filter((name) => !readFileSync(join(cache, 'pages', name), 'utf8').includes('class="sheet-doc'))).toEqual([]);
    const added = [...stored(cache)].filter((name) => !before.has(name)).map((name) => readFileSync(join(cache, 'pages', name)));
    const rendered = [...site].filter(([path, bytes]) => path.endsWith('.html') && added.some((page) => page.equals(bytes))).map(([path]) => path);
    return { incremental, site, rendered };
  };
}

it('a journey, a contact, a procedure, a brand, then the configuration edited: the bytes of a build from scratch, only the changed pages rendered', () => {
  const project = contentProject({ config: ECPS_CONFIG('https://aide.parcours.test/') });
  const build = builder(project);

  const first = build();
  const pages = siteCounts(first.incremental)!.pages!;
  expect(siteCounts(first.incremental)).toMatchObject({ rendered: pages, reused: 0, bundleKept: 0 });
  const phone = /0[\s\u00a0\u202f]825[\s\u00a0\u202f]85[\s\u00a0\u202f]2000/;
  const showingPhone = pagesShowing(first.site, phone);
  // The support pages that name the contact, the contacts page, the home: several pages.
  expect(showingPhone.length).toBeGreaterThan(3);

  // One question of one journey, and one contact's phone number.
  edit(project, 'flows/activation.yaml', 'question:', 'question: Pour commencer,');
  edit(project, 'flows/contacts/ans.yaml', '"0 825 85 2000"', '"0 825 85 2001"');
  const second = build();
  const counts = siteCounts(second.incremental)!;
  expect(counts.reused).toBeGreaterThan(0);
  // Rendered from the bundle the first build kept: a journey and a contact are not in it.
  expect(counts.bundleKept).toBe(1);
  expect(counts.rendered).toBeLessThan(pages);
  expect(counts.rendered! + counts.reused!).toBe(pages);
  expect(pagesShowing(second.site, phone)).toEqual([]);
  const newPhone = /0[\s\u00a0\u202f]825[\s\u00a0\u202f]85[\s\u00a0\u202f]2001/;
  expect(pagesShowing(second.site, newPhone)).toEqual(showingPhone);
  // Rendered: the edited journey's pages, the procedures it leads to (their pages link it), the
  // pages that show the contact. The other journeys' pages are reused, though they link to the
  // edited one (under its title, unchanged).
  expect(second.rendered.some((path) => path.startsWith('parcours/activation/'))).toBe(true);
  expect(second.rendered.filter((path) => !path.startsWith('parcours/activation/') && !path.startsWith('procedures/') && !showingPhone.includes(path))).toEqual([]);
  const otherJourneys = [...second.site.keys()].filter((path) => /^parcours\/(suppression|reactivation)\/.*\.html$/.test(path));
  expect(otherJourneys.filter((path) => !showingPhone.includes(path)).length).toBeGreaterThan(10);

  // One step of a procedure, and the name of the region's brand.
  edit(project, 'flows/procedures/activation-carte.yaml', 'disponible sur l’App Store', 'disponible sur l’App Store d’Apple');
  edit(project, 'flows/brands/paca.yaml', 'name: Portail de santé PACA', 'name: Portail régional de santé PACA');
  const third = build({ onSkeleton: true });
  expect(siteCounts(third.incremental)).toMatchObject({ bundleKept: 1 });
  expect(siteCounts(third.incremental)!.reused).toBeGreaterThan(0);
  expect(pagesShowing(third.site, /App Store d’Apple/).length).toBeGreaterThan(1);
  expect(pagesShowing(third.site, /Portail régional de santé PACA/)).toEqual(expect.arrayContaining(['index.html', 'procedures/activation-carte-paca/index.html']));

  // The site's name is on every page: nothing can be reused.
  edit(project, 'parcours.yaml', 'name: Aide e-CPS', 'name: Aide e-CPS (essai)');
  const fourth = build();
  // Every page rendered again, from the kept bundle: the site's name is data, not bundled.
  expect(siteCounts(fourth.incremental)).toMatchObject({ rendered: pages, reused: 0, bundleKept: 1 });

  // An MDX page and the brand's colour (a stylesheet Astro bundles): Astro bundles the site
  // anew; the pages show the new text and colour.
  edit(project, 'content/aide.mdx', 'Il figure sur la première ligne', 'Il figure toujours sur la première ligne');
  edit(project, 'flows/brands/paca.yaml', 'color: "#0b6e4f"', 'color: "#0b5e4f"');
  const fifth = build();
  expect(siteCounts(fifth.incremental)).toMatchObject({ bundleKept: 0 });
  expect(pagesShowing(fifth.site, /Il figure toujours sur la première ligne/)).toContain('aide/index.html');
  expect([...fifth.site].some(([path, bytes]) => path.endsWith('.css') && bytes.toString('utf8').includes('#0b5e4f'))).toBe(true);
  // And kept again for the next edit.
  edit(project, 'flows/activation.yaml', 'Pour commencer,', 'Pour débuter,');
  expect(siteCounts(build().incremental)).toMatchObject({ bundleKept: 1 });
}, 1_200_000);

it('a picture and a logo replaced under the same names: the pages that show them change', () => {
  const fixture = join(TOOLKIT, 'test', 'fixtures', 'adversarial');
  const project = contentProject({ flows: [join(ECPS, 'flows'), join(fixture, 'flows')] });
  // The fixture's pictures and logo, moved into flows/ (whose every file the build's
  // fingerprint covers) and named from there.
  const images = join(fixture, 'images');
  cpSync(images, join(project, 'flows', 'images'), { recursive: true });
  for (const file of ['flows/procedures/etapes.yaml', 'flows/brands/essai.yaml']) {
    const path = join(project, file);
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll('../../images/', '../images/'));
  }
  const build = builder(project);
  const first = build();
  // Pictures are files of the site named by their content (site/picture-file.ts).
  const showing = pagesShowing(first.site, new RegExp(pictureName(join(project, 'flows', 'images', 'ecran-mobile.png')).replace('.', '\\.')));
  expect(showing.length).toBeGreaterThan(0);
  const withLogo = pagesShowing(first.site, new RegExp(pictureName(join(project, 'flows', 'images', 'logo.svg')).replace('.', '\\.')));
  expect(withLogo.length).toBeGreaterThan(0);

  // The two screenshots swap their bytes; the logo gets another colour.
  writeFileSync(join(project, 'flows', 'images', 'ecran-mobile.png'), readFileSync(join(images, 'ecran-ordinateur.png')));
  writeFileSync(join(project, 'flows', 'images', 'ecran-ordinateur.png'), readFileSync(join(images, 'ecran-mobile.png')));
  writeFileSync(join(project, 'flows', 'images', 'logo.svg'), readFileSync(join(images, 'logo.svg'), 'utf8').replace(/#[0-9a-fA-F]{6}/, '#123456'));
  const second = build();
  expect(siteCounts(second.incremental)!.reused).toBeGreaterThan(0);
  for (const path of [...showing, ...withLogo]) expect(second.site.get(path)!.equals(first.site.get(path)!), path).toBe(false);
}, 600_000);
