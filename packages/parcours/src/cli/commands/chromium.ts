/**
 * `parcours chromium [--install]`: says which Chromium the build will use, or, with
 * `--install`, installs one when none is found: Chromium's headless shell, all a build needs
 * and the one it prefers (../../render/browser.ts), from Debian's `chromium-headless-shell`
 * package where apt-get can be run (as root or through sudo), else Debian's `chromium` where the
 * system has no such package, else the `chrome-headless-shell` that puppeteer downloads into
 * its cache.
 * The toolkit never relies on an install script of its dependencies to get a browser (npm may
 * skip them), so CI and agencies call this command instead.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { frenchSpacing } from '../../core/typography.ts';
import { findChromium } from '../../render/browser.ts';
import { useChromium } from '../../render/chromium-choice.ts';
import { resolveSettings } from '../../settings/settings.ts';
import type { CliOptions } from '../main.ts';
import type { CliContext } from '../io.ts';

const have = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const isRoot = () => process.getuid?.() === 0;

/** Runs a command for the user to see, its output going to the terminal (the installers run as processes). */
function step(cli: CliContext, command: string, args: string[]): boolean {
  cli.out(`$ ${[command, ...args].join(' ')}\n`);
  return spawnSync(command, args, { stdio: 'inherit', cwd: cli.io.cwd, env: { ...cli.io.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

function installWithApt(cli: CliContext): boolean {
  if (process.platform !== 'linux' || !have('apt-get')) return false;
  const sudo = isRoot() ? [] : have('sudo') ? ['sudo', '-n'] : undefined;
  if (!sudo) return false;
  const run = (args: string[]) => step(cli, sudo[0] ?? args[0]!, sudo.length ? [...sudo.slice(1), ...args] : args.slice(1));
  if (!run(['apt-get', 'update', '-qq'])) return false;
  return run(['apt-get', 'install', '-y', '-qq', 'chromium-headless-shell']) || run(['apt-get', 'install', '-y', '-qq', 'chromium']);
}

function installWithPuppeteer(cli: CliContext): boolean {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('puppeteer/package.json');
  const bin = (require(pkg) as { bin: { puppeteer: string } }).bin.puppeteer;
  return step(cli, process.execPath, [join(dirname(pkg), bin), 'browsers', 'install', 'chrome-headless-shell']);
}

export async function chromiumCommand(options: CliOptions, cli: CliContext): Promise<number> {
  const { green, red } = cli.paint;
  const install = options.install;
  // A project's own choice (parcours.yaml's build.chromium) counts when there is a project here.
  const resolved = resolveSettings({ content: options.content, cwd: cli.io.cwd, env: cli.env });
  if (resolved.ok) useChromium(resolved.settings.chromium);
  const found = await findChromium();
  if ('path' in found) {
    cli.out(green(frenchSpacing(`✔ Chromium : ${found.path}`)) + '\n');
    return 0;
  }
  if (!install) {
    cli.err(
      red(frenchSpacing('✘ Aucun Chromium trouvé.')) +
        '\n' +
        frenchSpacing(['Chemins essayés :', ...found.tried.map((p) => `  - ${p}`), 'Pour en installer un : npx parcours chromium --install', ''].join('\n')),
    );
    return 1;
  }
  cli.out(frenchSpacing('Aucun Chromium trouvé : installation…\n'));
  if (!installWithApt(cli) && !installWithPuppeteer(cli)) {
    cli.err(
      red(frenchSpacing('✘ Chromium n’a pas pu être installé.')) +
        '\n' +
        frenchSpacing('Installez-en un avec le gestionnaire de paquets du système (sudo apt-get install chromium-headless-shell, ou chromium), puis indiquez-le si besoin dans parcours.yaml (build.chromium).\n'),
    );
    return 1;
  }
  const after = await findChromium();
  if (!('path' in after)) {
    cli.err(red(frenchSpacing('✘ Chromium est installé, mais reste introuvable : indiquez son chemin dans parcours.yaml (build.chromium).')) + '\n');
    return 1;
  }
  cli.out(green(frenchSpacing(`✔ Chromium installé : ${after.path}`)) + '\n');
  return 0;
}
