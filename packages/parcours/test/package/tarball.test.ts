/**
 * Parcours as an agency adopts it: from the packed tarball (`npm pack`), on the machine's own
 * Node (20 here: the repository's node_modules/.bin is left out of PATH), into a folder that
 * holds nothing else. `npx parcours init`, then in the new project `npm install` of the same
 * tarball (the version is not published), `npm run check` and `npm run build`: the site and
 * the sheets. Then the same project with another agency's flows and configuration, published
 * under a path: nothing of e-CPS anywhere, and nothing answers 404 when served under that path.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/render/browser.ts';
import { serveDir } from '../../src/render/static-server.ts';
import { TOOLKIT } from '../helpers/cli.ts';

const work = mkdtempSync(join(tmpdir(), 'parcours-package-'));
// The machine's own Node and npm, as an agency's terminal has them.
const PATH = (process.env.PATH ?? '').split(delimiter).filter((dir) => !dir.includes(`node_modules${'/'}.bin`)).join(delimiter);
const env: NodeJS.ProcessEnv = { ...process.env, PATH, NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
for (const key of Object.keys(env)) if (key.startsWith('npm_') && !['npm_config_update_notifier', 'npm_config_fund', 'npm_config_audit'].includes(key)) delete env[key];
// Everything the e-CPS content is, that must not reach another agency's output.
const FOREIGN = [/e-CPS/i, /\bCPx\b/, /\bANS\b/, /Agence du Numérique/i, /asipsante/i, /esante\.gouv/i, /PACA/];

function sh(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  // Never in the current folder instead: a test run alone (-t) has no project from the one
  // before it, and `npm install <tarball>` then went into the repository's own package.json.
  if (!cwd || !existsSync(cwd)) throw new Error(`No such folder to run ${command} in: ${String(cwd)}`);
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 600_000 });
}
const ok = (run: SpawnSyncReturns<string>) => `${run.stdout}\n${run.stderr}`;

let tarball: string;
let agency: string;

beforeAll(() => {
  const pack = sh('npm', ['pack', '--pack-destination', work], TOOLKIT);
  expect(pack.status, ok(pack)).toBe(0);
  tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
  agency = join(work, 'agence');
  mkdirSync(agency);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed toolkit', () => {
  it('holds what the toolkit needs and nothing else: no tests, benchmarks, sources of the CLI or content of its own', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files).toContain('bin/parcours.js');
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('CHANGELOG.md');
    expect(files).toContain('templates/nouveau-projet/gitignore');
    expect(files.filter((f) => /^(test|bench|scripts|\.ci)\//.test(f) || f.includes('e-cps') || f.endsWith('.test.ts'))).toEqual([]);
    // The TypeScript that Node runs is compiled; only what Astro compiles itself stays as source.
    expect(files.filter((f) => f.startsWith('src/') && !/^src\/(pages|site|core)\/|^src\/env\.d\.ts$/.test(f))).toEqual([]);
    // The repository runs its sources: packing leaves no compiled copy behind.
    expect(existsSync(join(TOOLKIT, 'dist'))).toBe(false);
  });

  it('pins its dependencies to the versions it was tested with', () => {
    const manifest = JSON.parse(execFileSync('tar', ['xzf', tarball, '-O', 'package/package.json'], { encoding: 'utf8' })) as { dependencies: Record<string, string>; private?: boolean };
    expect(manifest.private).toBeUndefined();
    for (const [name, version] of Object.entries(manifest.dependencies)) expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
    // Transitive ones too: the shrinkwrap holds every package at the version of this repository's lockfile.
    type Lock = { packages: Record<string, { version?: string }> };
    const shrinkwrap = JSON.parse(execFileSync('tar', ['xzf', tarball, '-O', 'package/npm-shrinkwrap.json'], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Lock;
    const tested = JSON.parse(readFileSync(join(TOOLKIT, '..', '..', 'package-lock.json'), 'utf8')) as Lock;
    // npm may nest a package elsewhere than the workspace did: compare names and versions, not places.
    const nameOf = (path: string) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const testedVersions = new Set(Object.entries(tested.packages).map(([path, { version }]) => `${nameOf(path)}@${version}`));
    const entries = Object.entries(shrinkwrap.packages).filter(([path]) => path);
    expect(entries.length).toBeGreaterThan(100);
    expect(entries.map(([path, { version }]) => `${nameOf(path)}@${version}`).filter((entry) => !testedVersions.has(entry))).toEqual([]);
  });
});

describe('an agency starts from an empty folder, on the machine’s own Node', () => {
  let project: string;

  it('installs the tarball and runs `npx parcours --version` and `init`', () => {
    expect(sh('node', ['--version'], agency).stdout.trim()).toMatch(/^v\d+/);
    const install = sh('npm', ['install', tarball], agency);
    expect(install.status, ok(install)).toBe(0);
    const version = sh('npx', ['parcours', '--version'], agency);
    expect(version.stdout.trim()).toBe(`parcours ${(JSON.parse(readFileSync(join(TOOLKIT, 'package.json'), 'utf8')) as { version: string }).version}`);
    const init = sh('npx', ['parcours', 'init', 'aide'], agency);
    expect(init.status, ok(init)).toBe(0);
    // What it prints next is what we do next, verbatim.
    expect(init.stdout).toMatch(/cd aide\n\s+npm install\b[^\n]*\n\s+npm run check\b/);
    project = join(agency, 'aide');
    for (const file of ['package.json', 'README.md', '.gitignore', 'parcours.yaml', '.vscode/settings.json', '.vscode/tasks.json', '.vscode/extensions.json', '.github/workflows/publier.yml', '.gitlab-ci.yml']) {
      expect(existsSync(join(project, file)), file).toBe(true);
    }
  }, 600_000);

  it('checks and builds its new project: the site, the diagrams and the sheets', () => {
    const install = sh('npm', ['install', tarball], project);
    expect(install.status, ok(install)).toBe(0);
    const check = sh('npm', ['run', 'check'], project);
    expect(check.status, ok(check)).toBe(0);
    const build = sh('npm', ['run', 'build'], project);
    expect(build.status, ok(build)).toBe(0);
    const dist = join(project, 'dist');
    expect(existsSync(join(dist, 'index.html'))).toBe(true);
    expect(readdirSync(join(dist, 'fiches')).filter((f) => f.endsWith('.pdf')).length).toBeGreaterThanOrEqual(2);
    expect(readdirSync(join(dist, 'diagrams')).some((f) => f.endsWith('.svg'))).toBe(true);
    // A journey edited: the installed toolkit renders the pages from the bundle it kept (its
    // compiled code, its Astro), and they show the edit.
    const flow = join(project, 'flows', readdirSync(join(project, 'flows')).filter((f) => f.endsWith('.yaml')).sort()[0]!);
    writeFileSync(flow, readFileSync(flow, 'utf8').replace(/question: /, 'question: Pour commencer, '));
    const again = sh('npm', ['run', 'build'], project);
    expect(again.status, ok(again)).toBe(0);
    const summary = JSON.parse(readFileSync(join(dist, '.parcours', 'build.json'), 'utf8')) as { stages: { id: string; counts: Record<string, number> }[] };
    expect(summary.stages.find((stage) => stage.id === 'site')?.counts).toMatchObject({ bundleKept: 1 });
    expect(readdirSync(dist, { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith('.html') && readFileSync(join(dist, f), 'utf8').includes('Pour commencer,'))).toBe(true);
    // A large print (a recueil of many sheets, which this project has not) is finished in a
    // thread of its own: the thread's module is found beside the compiled code
    // (src/render/pdf-finishers.ts), and finishes.
    const finishers = pathToFileURL(join(project, 'node_modules', 'parcours', 'dist', 'render', 'pdf-finishers.js')).href;
    // On the machine's own Node, as the build runs the compiled code.
    const thread = sh(
      'node',
      [
        '--input-type=module',
        '-e',
        `import { Finishers } from ${JSON.stringify(finishers)};
import { PDFDocument } from 'pdf-lib';
const doc = await PDFDocument.create();
doc.addPage([595, 842]);
const finishing = new Finishers(1);
const out = await finishing.finish(await doc.save(), { meta: { title: 'Recueil', author: 'Agence', subject: 'Essai', keywords: [], date: undefined }, links: [], headings: [] });
await finishing.close();
console.log(JSON.stringify({ pages: out.pages, pdf: out.pdf ? Buffer.from(out.pdf).subarray(0, 5).toString('latin1') : null }));`,
      ],
      project,
    );
    expect(thread.status, ok(thread)).toBe(0);
    expect(JSON.parse(thread.stdout)).toEqual({ pages: 1, pdf: '%PDF-' });
    // Nothing is written into the installed toolkit: its folder holds what npm put there (Astro
    // runs in its own folder, its caches go to the project's cache folder).
    const extra = readdirSync(join(project, 'node_modules', 'parcours')).filter((f) => !['CHANGELOG.md', 'README.md', 'bin', 'dist', 'npm-shrinkwrap.json', 'package.json', 'public', 'schema', 'src', 'templates'].includes(f));
    expect(extra).toEqual([]);
    // Its direct dependencies installed at the versions the toolkit was tested with. (npm did
    // not apply the shrinkwrap to a package installed from a tarball file here: transitive ones
    // are checked in the shrinkwrap itself, above.)
    const tested = JSON.parse(readFileSync(join(TOOLKIT, '..', '..', 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    for (const name of ['astro', 'mermaid', 'puppeteer', 'pagefind', 'pdf-lib', 'yaml']) {
      const installed = (JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
      expect(installed, name).toBe(tested.packages[`node_modules/${name}`]?.version);
    }
  }, 600_000);

  it('builds another agency’s flows and configuration with nothing of e-CPS in any output', () => {
    rmSync(join(project, 'flows'), { recursive: true });
    cpSync(join(TOOLKIT, 'test', 'fixtures', 'agence-ouest', 'flows'), join(project, 'flows'), { recursive: true });
    cpSync(join(TOOLKIT, 'test', 'fixtures', 'agence-ouest', 'content'), join(project, 'content'), { recursive: true });
    const config = readFileSync(join(TOOLKIT, 'test', 'fixtures', 'agence-ouest', 'parcours.yaml'), 'utf8').replace(/^site:\n/m, 'site:\n  url: https://portail.agence-ouest.test/aide/\n');
    writeFileSync(join(project, 'parcours.yaml'), config);
    const build = sh('npm', ['run', 'build'], project);
    expect(build.status, ok(build)).toBe(0);
    const dist = join(project, 'dist');
    const texts = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(html|svg|mmd|css|js|json|txt|xml|webmanifest)$/.test(f) && !f.startsWith('pagefind/'));
    expect(texts.length).toBeGreaterThan(10);
    for (const file of texts) {
      const text = readFileSync(join(dist, file), 'utf8');
      for (const word of FOREIGN) expect(text, `${file} contains ${word}`).not.toMatch(word);
    }
    for (const pdf of readdirSync(join(dist, 'fiches')).filter((f) => f.endsWith('.pdf'))) {
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dist, 'fiches', pdf), '-'], { encoding: 'utf8' }) + execFileSync('pdfinfo', [join(dist, 'fiches', pdf)], { encoding: 'utf8' });
      for (const word of FOREIGN) expect(text, `${pdf} contains ${word}`).not.toMatch(word);
    }
    // The editor's schemas of this project suggest nothing of e-CPS either.
    for (const schema of readdirSync(join(project, '.parcours', 'schemas'))) {
      const text = readFileSync(join(project, '.parcours', 'schemas', schema), 'utf8');
      for (const word of FOREIGN) expect(text, `${schema} contains ${word}`).not.toMatch(word);
    }
  }, 600_000);

  it('published under the path of its public address, answers every request of every page from the home (no 404)', async () => {
    const dist = join(project, 'dist');
    const server = await serveDir(dist, { base: '/aide/' });
    const browser = await launchBrowser();
    try {
      const page = await browser.browser.newPage();
      const seen = new Set<string>();
      const queue = [`${server.url}/`];
      while (queue.length && seen.size < 200) {
        const url = queue.shift()!;
        if (seen.has(url)) continue;
        seen.add(url);
        // Documents (PDF sheets, SVG diagrams) are fetched: a browser downloads a PDF rather than showing it.
        if (!url.endsWith('/')) {
          expect((await fetch(url)).status, url).toBe(200);
          continue;
        }
        const response = await page.goto(url, { waitUntil: 'load' });
        expect(response?.status(), url).toBe(200);
        const links = await page.evaluate(() =>
          [...document.querySelectorAll('a[href]')].map((a) => new URL(a.getAttribute('href')!, document.baseURI)).filter((u) => u.origin === location.origin).map((u) => u.origin + u.pathname),
        );
        for (const link of links) if (!seen.has(link)) queue.push(link);
      }
      expect(seen.size).toBeGreaterThan(10);
      // Stylesheets, scripts, pictures, search files and PDFs included: nothing was missing.
      expect(server.notFound).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 600_000);
});
