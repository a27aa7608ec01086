/**
 * `parcours chromium [--install]`: says which Chromium the build will use, or, with
 * `--install`, installs one when none is found: Debian's `chromium` package where apt-get can
 * be run (as root or through sudo), else the Chrome that puppeteer downloads into its cache.
 * The toolkit never relies on an install script of its dependencies to get a browser (npm may
 * skip them), so CI and agencies call this command instead.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { frenchSpacing } from '../../core/typography.ts';
import { findChromium, useChromium } from '../../render/browser.ts';
import { resolveSettings } from '../../settings/settings.ts';
import type { CliOptions } from '../main.ts';
import { green, red } from '../format.ts';

const have = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const isRoot = () => process.getuid?.() === 0;

/** Runs a command for the user to see, its output going to the terminal. */
function step(command: string, args: string[]): boolean {
  process.stdout.write(`$ ${[command, ...args].join(' ')}\n`);
  return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

function installWithApt(): boolean {
  if (process.platform !== 'linux' || !have('apt-get')) return false;
  const sudo = isRoot() ? [] : have('sudo') ? ['sudo', '-n'] : undefined;
  if (!sudo) return false;
  const run = (args: string[]) => step(sudo[0] ?? args[0]!, sudo.length ? [...sudo.slice(1), ...args] : args.slice(1));
  return run(['apt-get', 'update', '-qq']) && run(['apt-get', 'install', '-y', '-qq', 'chromium']);
}

function installWithPuppeteer(): boolean {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('puppeteer/package.json');
  const bin = (require(pkg) as { bin: { puppeteer: string } }).bin.puppeteer;
  return step(process.execPath, [join(dirname(pkg), bin), 'browsers', 'install', 'chrome']);
}

export async function chromiumCommand(options: CliOptions): Promise<number> {
  const install = options.install;
  // A project's own choice (parcours.yaml's build.chromium) counts when there is a project here.
  const resolved = resolveSettings({ content: options.content });
  if (resolved.ok) useChromium(resolved.settings.chromium);
  const found = await findChromium();
  if ('path' in found) {
    process.stdout.write(green(frenchSpacing(`✔ Chromium : ${found.path}`)) + '\n');
    return 0;
  }
  if (!install) {
    process.stderr.write(
      red(frenchSpacing('✘ Aucun Chromium trouvé.')) +
        '\n' +
        frenchSpacing(['Chemins essayés :', ...found.tried.map((p) => `  - ${p}`), 'Pour en installer un : npx parcours chromium --install', ''].join('\n')),
    );
    return 1;
  }
  process.stdout.write(frenchSpacing('Aucun Chromium trouvé : installation…\n'));
  if (!installWithApt() && !installWithPuppeteer()) {
    process.stderr.write(
      red(frenchSpacing('✘ Chromium n’a pas pu être installé.')) +
        '\n' +
        frenchSpacing('Installez-en un avec le gestionnaire de paquets du système (sudo apt-get install chromium), puis indiquez-le si besoin dans parcours.yaml (build.chromium).\n'),
    );
    return 1;
  }
  const after = await findChromium();
  if (!('path' in after)) {
    process.stderr.write(red(frenchSpacing('✘ Chromium est installé, mais reste introuvable : indiquez son chemin dans parcours.yaml (build.chromium).')) + '\n');
    return 1;
  }
  process.stdout.write(green(frenchSpacing(`✔ Chromium installé : ${after.path}`)) + '\n');
  return 0;
}
