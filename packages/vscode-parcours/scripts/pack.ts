/**
 * `npm run vsix` (at the repository's root): builds the extension and packs it as a .vsix in
 * packages/vscode-parcours/ — the extension bundled in one file (dist/extension.cjs), the
 * toolkit's language server bundled in one file (server/parcours-lsp.cjs, used when a project
 * has not installed its toolkit yet), Mermaid's bundle for the preview (media/), then
 * `vsce package`. The built files are not committed (.gitignore).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const toolkit = join(root, '..', 'parcours');
const require = createRequire(import.meta.url);
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };

for (const dir of ['dist', 'server']) rmSync(join(root, dir), { recursive: true, force: true });

// VS Code's extension host loads CommonJS (.cjs: the package is an ES module); its Node is 20 or newer.
const common = { bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node20', legalComments: 'none', logLevel: 'warning' } as const;
await build({ ...common, entryPoints: [join(root, 'src', 'extension.ts')], outfile: join(root, 'dist', 'extension.cjs'), external: ['vscode'] });
await build({ ...common, entryPoints: [join(toolkit, 'src', 'lsp', 'main.ts')], outfile: join(root, 'server', 'parcours-lsp.cjs') });

// The toolkit's own Mermaid: the preview draws as the site does.
const mermaid = join(dirname(createRequire(join(toolkit, 'package.json')).resolve('mermaid/package.json')), 'dist', 'mermaid.min.js');
mkdirSync(join(root, 'media'), { recursive: true });
copyFileSync(mermaid, join(root, 'media', 'mermaid.min.js'));

const out = join(root, `${name}-${version}.vsix`);
const vsce = require.resolve('@vscode/vsce/vsce');
// No dependencies to add: everything is bundled. No repository or licence file to ask about.
const pack = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], { cwd: root, stdio: 'inherit' });
if (pack.status !== 0) process.exit(pack.status ?? 1);
console.log(`Extension : ${out}`);
