/**
 * The e2e site (built once by build-site.ts) served on 127.0.0.1 with one Chromium, for a test
 * file's whole run: the hooks that start and stop both, written once.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../../src/render/browser.ts';
import { serveDir } from '../../src/render/static-server.ts';

export interface ServedSite {
  browser: LaunchedBrowser;
  server: Awaited<ReturnType<typeof serveDir>>;
}

/** Registers the hooks; the returned object is filled before the first test runs. */
export function servedSite(): ServedSite {
  const served = {} as ServedSite;
  beforeAll(async () => {
    served.browser = await launchBrowser(undefined, 'browser');
    served.server = await serveDir(inject('siteDir'));
  });
  afterAll(async () => {
    await served.browser?.close();
    await served.server?.close();
  });
  return served;
}
