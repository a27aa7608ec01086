/**
 * The reader on a phone and on paper (issue 18's smaller items), in a real Chromium on the built
 * e-CPS site: the big diagram opens on its start box however it is reached, the list view keeps
 * a readable column at 320 px, the identifier helper never announces a success midway through
 * an RPPS number, printed pages give their links' addresses and leave out what cannot work on
 * paper, and meaningful labels are at a readable size.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer';
import { servedSite } from '../helpers/served-site.ts';

const site = servedSite();

async function open(path: string, width: number, javaScript = true): Promise<Page> {
  const page = await site.browser.browser.newPage();
  await page.setJavaScriptEnabled(javaScript);
  await page.setViewport({ width, height: 700, isMobile: width < 500, hasTouch: width < 500 });
  await page.goto(`${site.server.url}${path}`, { waitUntil: 'load' });
  return page;
}

/** Whether the start box of the page's big diagram is inside the scrolled box's visible area. */
const startBoxVisible = (page: Page) =>
  page.$eval('.diagram-full', (box) => {
    const start = document.getElementById(box.getAttribute('data-start')!)!;
    const b = box.getBoundingClientRect();
    const s = start.getBoundingClientRect();
    return s.left >= b.left - 1 && s.right <= b.right + 1 && s.top >= b.top - 1 && s.bottom <= b.bottom + 1;
  });

describe('the big diagram', () => {
  it.each(['activation', 'reactivation', 'suppression'])('%s: opened from a shared link (no anchor) on a phone, it shows its start box', async (flow) => {
    const page = await open(`/parcours/${flow}/logigramme/`, 360);
    try {
      expect(await page.$eval('.diagram-full', (box) => box.scrollWidth > box.clientWidth)).toBe(true);
      await page.waitForFunction(() => document.readyState === 'complete');
      expect(await startBoxVisible(page)).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('opened from the site’s own link, it shows its start box too', async () => {
    const page = await open('/parcours/activation/vue-d-ensemble/', 360);
    try {
      await Promise.all([page.waitForNavigation(), page.click('a.big-diagram-link')]);
      expect(await startBoxVisible(page)).toBe(true);
    } finally {
      await page.close();
    }
  });
});

it('the list view of a journey keeps a readable column at 320 px, however deep it nests', async () => {
  const page = await open('/parcours/activation/vue-d-ensemble/', 320);
  try {
    const narrowest = await page.$$eval('.tree li', (items) => Math.min(...items.map((li) => li.getBoundingClientRect().width)));
    expect(narrowest).toBeGreaterThanOrEqual(200);
  } finally {
    await page.close();
  }
});

describe('the identifier helper', () => {
  it('says nothing of success while an RPPS is typed digit by digit (its 9 first digits are not an ADELI number)', async () => {
    const page = await open('/aide/', 390);
    try {
      const input = '#identifiant-national input';
      const states: { typed: string; message: string; ok: boolean; output: boolean }[] = [];
      for (const digit of '1000123456') {
        await page.type(input, digit);
        states.push(
          await page.$eval('#identifiant-national', (h) => ({
            typed: h.querySelector('input')!.value,
            message: h.querySelector('.id-helper-message')!.textContent!,
            ok: h.querySelector('.id-helper-message')!.classList.contains('is-ok'),
            output: !(h.querySelector('.id-helper-result') as HTMLElement).hidden,
          })),
        );
      }
      // Not once, not at the ninth digit: nothing announced, nothing shown.
      expect(states.filter((s) => s.ok || s.output || s.message !== '')).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('announces an ADELI number once the reader stops typing', async () => {
    const page = await open('/aide/', 390);
    try {
      await page.type('#identifiant-national input', '123456789');
      expect(await page.$eval('#identifiant-national .id-helper-message', (m) => m.textContent)).toBe('');
      await page.waitForFunction(() => document.querySelector('#identifiant-national output')!.textContent === '0123456789', { timeout: 5_000 });
      expect(await page.$eval('#identifiant-national .id-helper-message', (m) => m.classList.contains('is-ok'))).toBe(true);
    } finally {
      await page.close();
    }
  });
});

describe('on paper', () => {
  it('a printed procedure gives the address of each link whose text is not one, and leaves out the menus, the helper’s field and the offline notice', async () => {
    const page = await open('/procedures/reactivation-coordonnees/', 1280);
    try {
      await page.emulateMediaType('print');
      const printed = await page.evaluate(() => {
        const links = [...document.querySelectorAll<HTMLAnchorElement>('main a[href^="https:"]')];
        return {
          labelled: links.filter((a) => !a.querySelector('.address')).map((a) => ({ href: a.href, after: getComputedStyle(a, '::after').content })),
          hidden: ['.site-header nav', '.site-footer', '.id-helper-form', '#hors-ligne', '.breadcrumb'].map((s) => {
            const e = document.querySelector(s);
            return e ? getComputedStyle(e).display : 'none';
          }),
        };
      });
      expect(printed.labelled.length).toBeGreaterThan(0);
      for (const link of printed.labelled) expect(link.after).toContain(link.href.replace(/\/$/, ''));
      expect(printed.hidden).toEqual(['none', 'none', 'none', 'none', 'none']);
    } finally {
      await page.close();
    }
  });
});

it('meaningful labels are at a readable size (Pagefind’s « Nettoyer », the search results)', async () => {
  const page = await open('/recherche/?q=QR%20code', 390);
  try {
    await page.waitForSelector('.pagefind-ui__result-link', { timeout: 20_000 });
    const sizes = await page.evaluate(() =>
      ['.pagefind-ui__search-clear', '.pagefind-ui__result-link', '.pagefind-ui__result-excerpt', '.pagefind-ui__message'].map((s) => [s, parseFloat(getComputedStyle(document.querySelector(s)!).fontSize)] as const),
    );
    for (const [selector, size] of sizes) expect(size, selector).toBeGreaterThanOrEqual(14);
  } finally {
    await page.close();
  }
});
