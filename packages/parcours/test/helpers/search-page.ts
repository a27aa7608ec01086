/**
 * The site's search page on a query, read once Pagefind's interface has loaded every result it
 * shows: each is first a placeholder, then its link, title and excerpt once its fragment is
 * loaded (under load, a list read at the first placeholder was empty).
 */
import type { Page } from 'puppeteer';

export async function searchFor(page: Page, siteUrl: string, query: string): Promise<void> {
  await page.goto(`${siteUrl}/recherche/?q=${encodeURIComponent(query)}`, { waitUntil: 'networkidle0' });
  await page.waitForFunction(
    () => {
      const shown = document.querySelectorAll('.pagefind-ui__result').length;
      return shown > 0 && document.querySelectorAll('.pagefind-ui__result-link').length === shown;
    },
    { timeout: 20_000 },
  );
}
