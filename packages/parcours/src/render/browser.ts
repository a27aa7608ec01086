/**
 * Finding and starting the one headless Chromium a build uses. The system Chromium first
 * (Debian's packages on the project's machines, which cannot download a browser), then the
 * one puppeteer downloaded elsewhere. When none exists the error says where it looked and how
 * to install one, instead of hanging.
 *
 * Which Chromium. A build prefers Chromium's headless shell (`chromium-headless-shell`, or
 * puppeteer's `chrome-headless-shell`): the same Blink, without the browser around it. It
 * starts sooner and costs less processor per drawing and per print, and draws and prints the
 * same bytes (test/build/headless-shell.test.ts; docs/mesures.md has the figures). Tests of
 * what a reader sees ask for the full browser (`prefer: 'browser'`), the one readers have.
 *
 * Chromium dies with the process that started it, however that process ends: it is driven
 * through a pipe (`--remote-debugging-pipe`), and Chromium quits when the pipe's other end
 * closes, which the kernel does when the build exits, even on SIGKILL. (Over the default
 * WebSocket a killed build left its whole Chromium tree running, detached in its own process
 * group.) The profile folder such a build could not remove is removed by the next launch.
 */
import { readEnv } from '../settings/env.ts';
import { isRunning } from '../core/processes.ts';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer';
import puppeteerCore from 'puppeteer-core';
import CHROMIUM_PATHS from './chromium-paths.json' with { type: 'json' };
import { chosenChromium } from './chromium-choice.ts';

// Where a system Chromium usually lives, by kind (Debian's headless shell binary itself before
// its /usr/bin wrapper, a shell that does not `exec` it: the process the build started, and
// signals, would be the wrapper's). Puppeteer's own download (its install script, which npm
// may skip) is never relied on: `parcours chromium --install` gets a browser instead.
const SYSTEM_PATHS: { shell: string[]; browser: string[] } = CHROMIUM_PATHS;

/** What a Chromium is for: a build's drawing and printing (the headless shell first), or a reader's view in tests (the full browser first). */
export type ChromiumUse = 'shell' | 'browser';

export class ChromiumNotFoundError extends Error {
  readonly tried: string[];
  constructor(tried: string[]) {
    super(
      [
        'Aucun navigateur Chromium trouvé : il faut en avoir un pour dessiner les logigrammes et imprimer les fiches.',
        'Chemins essayés :',
        ...tried.map((path) => `  - ${path}`),
        'Pour en installer un :',
        '  - sur Debian : sudo apt-get install chromium-headless-shell (le plus léger ; ou chromium)',
        '  - sur Ubuntu : sudo apt-get install chromium',
        '  - ailleurs : npx puppeteer browsers install chrome-headless-shell',
        '  - ou indiquez le vôtre : PARCOURS_CHROMIUM=/chemin/vers/chromium',
      ].join('\n'),
    );
    this.name = 'ChromiumNotFoundError';
    this.tried = tried;
  }
}

/**
 * The Chromium to use, or the list of places tried. The configured one wins when set, then the
 * system's (its headless shell first, unless `prefer` is the full browser), then puppeteer's
 * (the same order). Puppeteer is asked only when no other is there: it reads its
 * configuration files to answer, and a build starting its Chromium waits for that file reading
 * until its main thread is free (see `launchBrowser`).
 */
export async function findChromium(
  chromium: string | undefined = chosenChromium() ?? readEnv().chromium,
  prefer: ChromiumUse = 'shell',
): Promise<{ path: string } | { tried: string[] }> {
  const kinds: ChromiumUse[] = prefer === 'shell' ? ['shell', 'browser'] : ['browser', 'shell'];
  const candidates: string[] = chromium ? [chromium] : kinds.flatMap((kind) => SYSTEM_PATHS[kind]);
  const present = candidates.find((candidate) => existsSync(candidate));
  if (present || chromium) return present ? { path: present } : { tried: candidates };
  // The browsers puppeteer downloaded (`parcours chromium --install`), in the same order.
  for (const kind of kinds) {
    try {
      // Throws when puppeteer's configuration names no browser of that kind.
      const downloaded = await puppeteer.executablePath({ headless: kind === 'shell' ? 'shell' : true });
      if (existsSync(downloaded)) return { path: downloaded };
      candidates.push(downloaded);
    } catch {
      // Nothing downloaded of that kind.
    }
  }
  return { tried: [...new Set(candidates)] };
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

/**
 * V8's flags for every Chromium the toolkit launches. `--no-concurrent-recompilation`: V8 optimises
 * Mermaid's hot functions on the page's own thread instead of handing them to background
 * threads. A build keeps every core busy (one Mermaid page per core, Astro, the build's Node),
 * so those threads only compete with the drawing: on 2 cores, two pages drew the bench's 200
 * diagrams in 17.4 to 19.9 s instead of 21.0 to 22.0 s (their renderers used 23.7 CPU-seconds
 * for 120 diagrams instead of 29.2), and a real three-journey project built no slower.
 */
export const V8_FLAGS: readonly string[] = ['--no-concurrent-recompilation'];

/**
 * And, for a build of many journeys (`saveMemory`: stages/memory-options.ts), V8's memory
 * options. `--max-semi-space-size=8`: a young generation of 8 MB a half instead of V8's
 * default, which let each Mermaid page grow to 350 MB over a few hundred diagrams: 2 pages
 * drawing 300 diagrams peak at 517 MB instead of 684. `--heap-growing-percent=100`: the heap
 * grows to twice what a collection leaves, not up to four times: 431 MB instead of 541 to 556
 * (50 %: 391 MB, 7 % more time; a fixed bound on the heap is no choice, a journey the check
 * accepts can need 400 MB). Together they cost the drawing 6 % of its time (alternated runs,
 * docs/mesures.md): worth it where the pages' memory adds to a large site's, not for a few
 * diagrams. Same bytes either way (test/render/v8-flags.test.ts).
 */
export const V8_MEMORY_FLAGS: readonly string[] = ['--max-semi-space-size=8', '--heap-growing-percent=100'];

export interface LaunchedBrowser {
  browser: Browser;
  close: () => Promise<void>;
}

/** Profile folders are `parcours-chromium-<pid of the Node process>-<random>`. */
const PROFILE_PREFIX = 'parcours-chromium-';

/**
 * Removes the profile folders of builds that were killed before they could (their Node
 * process is gone). A folder is kept while its Node process lives, or while Chromium's own
 * lock (`SingletonLock` → `<host>-<pid>`) names a live process or another machine sharing
 * this temporary folder.
 */
export function removeStaleProfiles(dir = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return removed;
  }
  for (const name of names) {
    const owner = /^parcours-chromium-(\d+)-/.exec(name);
    if (!owner || isRunning(Number(owner[1]))) continue;
    const path = join(dir, name);
    let lock: string | undefined;
    try {
      lock = readlinkSync(join(path, 'SingletonLock'));
    } catch {
      // No lock: Chromium had ended, or never started.
    }
    const holder = lock && /^(.*)-(\d+)$/.exec(lock);
    if (lock && (!holder || holder[1] !== hostname() || isRunning(Number(holder[2])))) continue;
    try {
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Someone else's, or in use: not ours to force.
    }
  }
  return removed;
}

/**
 * For a build's Chromium (`sharedBrowser`): no frames. Its pages are laid out, measured, drawn
 * into SVG and printed, never shown, yet Chromium's compositor made frames for them all along
 * (about 3 CPU-seconds of its compositing threads in a 500-journey build, docs/mesures.md).
 * With `--enable-begin-frame-control` the headless shell makes a frame only when DevTools asks
 * for one, which a build never does. A page that waits for a frame (`requestAnimationFrame`,
 * a screenshot) would wait for ever: nothing of a build does (Mermaid draws a flowchart without
 * one, printing needs none), and a browser that shows pages (the tests' views of the site)
 * is launched with frames.
 */
export const NO_FRAMES = '--enable-begin-frame-control';

/**
 * Starts one headless Chromium with a fresh profile, removed on close. The browser ends with
 * the calling process, even one killed with SIGKILL (see above). `frames: false`: see NO_FRAMES.
 */
export async function launchBrowser(chromium?: string, prefer: ChromiumUse = 'shell', v8Flags: readonly string[] = V8_FLAGS, { frames = true }: { frames?: boolean } = {}): Promise<LaunchedBrowser> {
  const found = await findChromium(chromium, prefer);
  if (!('path' in found)) throw new ChromiumNotFoundError(found.tried);
  removeStaleProfiles();
  const profile = mkdtempSync(join(tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
  let browser: Browser;
  try {
    // puppeteer-core's launch, not puppeteer's: the same code without the reading of puppeteer's
    // configuration files first (we name the browser). With it, Chromium was spawned only once
    // the build's main thread, busy checking the content, let that file reading finish: 3 to 6
    // s late in a 500-journey build. Without it, Chromium is spawned before `launch` first
    // waits, and starts on another core while the content is checked.
    browser = await puppeteerCore.launch({
      executablePath: found.path,
      headless: true,
      args: [...ARGS, ...(frames ? [] : [NO_FRAMES]), ...(v8Flags.length ? [`--js-flags=${v8Flags.join(' ')}`] : []), `--user-data-dir=${profile}`],
      timeout: 30_000,
      // --remote-debugging-pipe: Chromium quits when this process's end of the pipe closes.
      pipe: true,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  // The blank tab Chromium opens at start: its renderer process (about 40 MB) would sit idle
  // all through a build, which opens pages of its own. (The headless shell stays up without
  // any tab; the full browser, which tests of a reader's view use, keeps it.)
  if (prefer === 'shell') await Promise.all((await browser.pages()).map((page) => page.close().catch(() => undefined)));
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      // Off this thread: a build checks its output meanwhile (stages/build.ts).
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * One Chromium for a whole build, shared by the diagrams and the sheets: started at the first
 * `browser()` (the build calls it ahead, while it checks the content), closed once by its owner.
 * It makes no frames (NO_FRAMES).
 */
export interface SharedBrowser {
  browser: () => Promise<Browser>;
  /** Whether it was started (asked for at least once). */
  readonly started: boolean;
  close: () => Promise<void>;
}

/** `saveMemory`: V8's memory options too (V8_MEMORY_FLAGS), for a build of many journeys. */
export function sharedBrowser(chromium?: string, options: { saveMemory?: boolean } = {}): SharedBrowser {
  let launched: Promise<LaunchedBrowser> | undefined;
  const v8Flags = options.saveMemory ? [...V8_FLAGS, ...V8_MEMORY_FLAGS] : V8_FLAGS;
  return {
    browser: async () => (await (launched ??= launchBrowser(chromium, 'shell', v8Flags, { frames: false }))).browser,
    get started() {
      return launched !== undefined;
    },
    close: async () => {
      // A browser that failed to start has nothing to close (its error is the caller's).
      if (launched) await launched.then((b) => b.close(), () => undefined);
      launched = undefined;
    },
  };
}
