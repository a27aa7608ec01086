/**
 * Finding and starting the one headless Chromium a build uses. The system Chromium first
 * (Debian's `chromium` on the project's machines, which cannot download a browser), then the
 * one puppeteer downloaded elsewhere. When none exists the error says where it looked and how
 * to install one, instead of hanging.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer';
import CHROMIUM_PATHS from './chromium-paths.json' with { type: 'json' };

// Where a system Chromium usually lives: the list .puppeteerrc.cjs also reads, at install
// time, to decide whether puppeteer needs to download its own browser.
const SYSTEM_PATHS: string[] = CHROMIUM_PATHS;

export class ChromiumNotFoundError extends Error {
  readonly tried: string[];
  constructor(tried: string[]) {
    super(
      [
        'Aucun navigateur Chromium trouvé : il faut en avoir un pour dessiner les logigrammes et imprimer les fiches.',
        'Chemins essayés :',
        ...tried.map((path) => `  - ${path}`),
        'Pour en installer un :',
        '  - sur Debian ou Ubuntu : sudo apt-get install chromium',
        '  - ailleurs : npx puppeteer browsers install chrome',
        '  - ou indiquez le vôtre : PARCOURS_CHROMIUM=/chemin/vers/chromium',
      ].join('\n'),
    );
    this.name = 'ChromiumNotFoundError';
    this.tried = tried;
  }
}

/** The Chromium to use, or the list of places tried. `PARCOURS_CHROMIUM` wins when set. */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<{ path: string } | { tried: string[] }> {
  const candidates: string[] = [];
  if (env.PARCOURS_CHROMIUM) candidates.push(env.PARCOURS_CHROMIUM);
  else {
    candidates.push(...SYSTEM_PATHS);
    try {
      // The configured (.puppeteerrc.cjs) or downloaded browser; throws when there is neither.
      candidates.push(await puppeteer.executablePath());
    } catch {
      // Nothing downloaded: the list above is all there is.
    }
  }
  const path = candidates.find((candidate) => existsSync(candidate));
  return path ? { path } : { tried: [...new Set(candidates)] };
}

// As root in a container there is no sandbox to use; without the background-networking flags
// Chromium tries to reach Google's servers at start-up, which a closed network refuses.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--font-render-hinting=none',
];

export interface LaunchedBrowser {
  browser: Browser;
  close: () => Promise<void>;
}

/** Starts one headless Chromium with a fresh profile, removed on close. */
export async function launchBrowser(env: NodeJS.ProcessEnv = process.env): Promise<LaunchedBrowser> {
  const found = await findChromium(env);
  if (!('path' in found)) throw new ChromiumNotFoundError(found.tried);
  const profile = mkdtempSync(join(tmpdir(), 'parcours-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: found.path,
    headless: true,
    args: [...ARGS, `--user-data-dir=${profile}`],
    timeout: 30_000,
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
