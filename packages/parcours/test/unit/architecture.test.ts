/**
 * The layout keeps its promises: the core is pure (no browser, no Astro, nothing outside it),
 * and the site's pages and components take their data from the integration, importing nothing
 * from the build stages, the browser renderers, the settings or the command line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { CLI, TOOLKIT } from '../helpers/cli.ts';

const SRC = join(TOOLKIT, 'src');

/** Every module a file imports: relative ones resolved to a path under src/, packages by name. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*import\s+(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => {
    const spec = m[1] ?? m[2]!;
    return spec.startsWith('.') ? relative(SRC, resolve(dirname(join(SRC, file)), spec)).split('\\').join('/') : spec;
  });
}

/** The modules a file needs at run time: its imports, `import type` aside (erased). */
function runtimeImportsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*import\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => {
    const spec = m[1] ?? m[2]!;
    return spec.startsWith('.') ? relative(SRC, resolve(dirname(join(SRC, file)), spec)).split('\\').join('/') : spec;
  });
}

const files = (dir: string) =>
  readdirSync(join(SRC, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|astro)$/.test(f))
    .map((f) => `${dir}/${f.split('\\').join('/')}`);

it('the core imports nothing outside itself but Node’s own modules and its parsing and comparing libraries', () => {
  const allowed = /^(node:|yaml$|ajv|fastest-levenshtein$|diff$|sax$|satteri$|core\/)/;
  const wrong = files('core').flatMap((file) => importsOf(file).filter((i) => !allowed.test(i)).map((i) => `${file} → ${i}`));
  expect(wrong).toEqual([]);
});

it('pages and components import nothing from the stages, renderers, settings, CLI, a browser or the file system', () => {
  const forbidden = /^(stages\/|render\/|settings\/|cli\/|puppeteer|pagefind|node:child_process)/;
  const wrong = [...files('pages'), ...files('site')].flatMap((file) =>
    importsOf(file)
      // Pictures are embedded as data URLs and laid out at their size: the two modules that read
      // a file (a picture, never content).
      .filter((i) => forbidden.test(i) || (i === 'node:fs' && file !== 'site/data-url.ts' && file !== 'site/image-size.ts'))
      .map((i) => `${file} → ${i}`),
  );
  expect(wrong).toEqual([]);
});

it('pages and components need at run time neither the loader, the validators nor the YAML parser: the site’s bundle holds what pages run', () => {
  // Through the core's index, every page once carried them: 1.1 MB of the site's bundle (the
  // validators compiled ahead, the YAML parser), which Astro bundled at every cold build
  // (0.25 s of the e-CPS guides' 4.8, docs/mesures.md).
  const heavy = /^(core\/index\.ts|core\/load\.ts|core\/config\.ts|core\/discover\.ts|core\/yaml\.ts|core\/schema\/|yaml$|ajv($|\/))/;
  const reached = new Map<string, string>();
  const todo = [...files('pages'), ...files('site')];
  for (const file of todo) reached.set(file, file);
  while (todo.length) {
    const file = todo.pop()!;
    for (const spec of runtimeImportsOf(file)) {
      if (reached.has(spec)) continue;
      reached.set(spec, `${reached.get(file)} → ${spec}`);
      // The toolkit's own modules are followed; packages and virtual modules are not files here.
      if (/\.(ts|mjs)$/.test(spec) && !spec.includes(':')) todo.push(spec);
    }
  }
  expect([...reached].filter(([spec]) => heavy.test(spec)).map(([, chain]) => chain)).toEqual([]);
});

it('the site reads its content through the integration’s virtual modules, not by loading files', () => {
  const loaders = [...files('pages'), ...files('site')].filter((file) => /loadFlows|loadConfig|import\.meta\.glob|process\.env/.test(readFileSync(join(SRC, file), 'utf8')));
  expect(loaders).toEqual([]);
});

it('the language server imports nothing from the stages, renderers, Astro, the CLI or a browser (the extension carries it alone)', () => {
  // But the writer of the editor's schemas, which it keeps up to date as `parcours check` does.
  const forbidden = /^(stages\/|render\/|astro\/|cli\/(?!editor-schemas\.ts$)|pages\/|site\/|astro|puppeteer|pagefind|mermaid|node:child_process)/;
  const wrong = files('lsp').flatMap((file) => importsOf(file).filter((i) => forbidden.test(i)).map((i) => `${file} → ${i}`));
  expect(files('lsp').length).toBeGreaterThan(5);
  expect(wrong).toEqual([]);
});

it('pages and components read no clock, no randomness and no environment: a page is made only of what its key covers (src/stages/page-keys.ts)', () => {
  // Comments may name what the code must not use.
  const code = (file: string) => readFileSync(join(SRC, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const impure = [...files('pages'), ...files('site')].filter((file) => /Date\.now|new Date\(|Math\.random|performance\.now|process\.|import\.meta\.env/.test(code(file)));
  expect(impure).toEqual([]);
});
