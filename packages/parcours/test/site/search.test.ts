/**
 * Search as a reader uses it (issue 18), through the search page of the built e-CPS site in a
 * real Chromium, on the real Pagefind index: results that read differently (each names its
 * page, and its journey and step or « Procédure seule »), the reader's own words (« pas de
 * carte », « code PIN oublié », « carte perdue ») leading to the right page near the top,
 * through the `keywords` the content declares.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlows } from '../../src/core/index.ts';
import { ECPS } from '../helpers/cli.ts';
import { servedSite } from '../helpers/served-site.ts';
import { searchFor } from '../helpers/search-page.ts';

const site = servedSite();

interface Shown {
  path: string;
  title: string;
  excerpt: string;
}

/** The results the search page shows for a query (the first ones, before « Charger plus »), in order. */
async function searchPage(query: string): Promise<Shown[]> {
  const page = await site.browser.browser.newPage();
  try {
    await searchFor(page, site.server.url, query);
    return await page.$$eval('.pagefind-ui__result', (results) =>
      results.map((r) => ({
        path: new URL(r.querySelector<HTMLAnchorElement>('.pagefind-ui__result-link')!.href).pathname,
        title: r.querySelector('.pagefind-ui__result-title')!.textContent!.trim(),
        excerpt: r.querySelector('.pagefind-ui__result-excerpt')?.textContent?.trim() ?? '',
      })),
    );
  } finally {
    await page.close();
  }
}

describe('results a reader can tell apart', () => {
  it.each(['code pin', 'assistance', 'terminé', 'méthode B', 'carte'])('« %s »: no two results read the same, and each says its journey or that it is a procedure', async (query) => {
    const shown = await searchPage(query);
    expect(shown.length).toBeGreaterThan(1);
    const titles = shown.map((r) => r.title);
    expect(new Set(titles).size, titles.join('\n')).toBe(titles.length);
    for (const result of shown.filter((r) => r.path.startsWith('/parcours/') && !r.path.endsWith('/vue-d-ensemble/'))) {
      expect(result.title, result.path).toMatch(/ — (J’|Je )/);
    }
    for (const result of shown.filter((r) => r.path.startsWith('/procedures/'))) expect(result.title).toMatch(/ — (Procédure seule|Fiche régionale)/);
  });

  it('« code pin »: the two journeys’ identical « Contactez l’assistance » pages name their journey', async () => {
    const shown = await searchPage('code pin');
    const support = shown.filter((r) => r.path.endsWith('/support-carte/'));
    expect(support.map((r) => r.path).sort()).toEqual(['/parcours/activation/support-carte/', '/parcours/reactivation/support-carte/']);
    const { project } = loadFlows(join(ECPS, 'flows'));
    for (const result of support) {
      const flow = project.flows.get(result.path.split('/')[2]!)!;
      expect(result.title.replace(/[\u00a0\u202f]/g, ' ')).toContain(flow.title.replace(/[\u00a0\u202f]/g, ' '));
    }
  });
});

describe('the reader’s words reach the right page', () => {
  it.each([
    ['pas de carte', ['/procedures/activation-coordonnees/', '/parcours/activation/methode-b/']],
    ['carte perdue', ['/procedures/activation-coordonnees/', '/parcours/activation/methode-b/', '/procedures/reactivation-coordonnees/', '/parcours/reactivation/demarche-b/']],
    ['code PIN oublié', ['/procedures/suppression-mot-de-passe-oublie/', '/parcours/suppression/mot-de-passe-oublie/']],
    ['mot de passe perdu', ['/procedures/suppression-mot-de-passe-oublie/', '/parcours/suppression/mot-de-passe-oublie/']],
  ])('« %s » shows one of its pages in the first three results', async (query, expected) => {
    const shown = await searchPage(query);
    const top = shown.slice(0, 3).map((r) => r.path);
    expect(top.some((path) => expected.includes(path)), `${query}: ${top.join(', ')}`).toBe(true);
  });
});
