/**
 * What the reader gets on top of the guide (issue 14), in a real Chromium on the built site:
 * "Vos réponses" and its "Modifier" links, "Préparer mon appel" copied and printed on one A4
 * page, the same pages with JavaScript off, the national-identifier helper, review dates, the
 * diagram at its natural size on a phone, and "e-CPS" kept whole at 360 px.
 */
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatReviewDate, isoDay } from '../../src/core/freshness.ts';
import { checkIdentifier, GUIDE_EXAMPLES } from '../../src/core/identifiers.ts';
import { frenchSpacing, loadFlows, nodeLabel, type QuestionNode } from '../../src/core/index.ts';
import { launchBrowser, type LaunchedBrowser } from '../../src/render/browser.ts';
import { serveDir } from '../../src/render/static-server.ts';
import { ECPS } from '../helpers/cli.ts';

const siteDir = inject('siteDir');
const { project } = loadFlows(join(ECPS, 'flows'));
const activation = project.flows.get('activation')!;

let browser: LaunchedBrowser;
let server: Awaited<ReturnType<typeof serveDir>>;
beforeAll(async () => {
  browser = await launchBrowser(undefined, 'browser');
  server = await serveDir(siteDir);
  await browser.browser.defaultBrowserContext().overridePermissions(server.url, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path: string, javaScript = true, width = 1280): Promise<Page> {
  const page = await browser.browser.newPage();
  await page.setJavaScriptEnabled(javaScript);
  await page.setViewport({ width, height: 900 });
  await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
  return page;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** axe-core (WCAG 2.2 A and AA, best practices) on the page as it is now, filled in by its scripts. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's policy against inline scripts
  // does not stop, so the filled page need not be reloaded.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<{ passes: unknown[]; violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    if (result.passes.length === 0) throw new Error('axe checked nothing');
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
}

/** The question of a node, as the site prints it. */
const questionOf = (id: string) => frenchSpacing(nodeLabel(activation.nodes.get(id)! as QuestionNode, project));
const french = (text: string) => frenchSpacing(text);

/** Clicks the answer link with this label (or "continuer" on a procedure page) and waits for the next page. */
async function answer(page: Page, label: string | 'continuer'): Promise<void> {
  const selector = label === 'continuer' ? 'a.continue[data-next]' : `a.answer[data-answer="${french(label).replace(/"/g, '\\"')}"]`;
  await page.waitForSelector(selector);
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

/** "Vos réponses" as shown: one entry per line, visible text only. */
async function shownAnswers(page: Page): Promise<string[] | null> {
  return page.$eval('#vos-reponses', (block) =>
    (block as HTMLElement).hidden || getComputedStyle(block).display === 'none'
      ? null
      : [...block.querySelectorAll('li')].map((li) => [...li.querySelectorAll('.reader-question, .reader-label')].map((e) => e.textContent!.trim()).join(' ')),
  );
}

const line = (questionId: string, label: string) => `${questionOf(questionId)} ${french(label)}`;
const procedureLine = (id: string) => `Procédure suivie\u00a0: ${french(project.procedures.get(id)!.short!)}`;

describe('"Vos réponses", with JavaScript on', () => {
  it('lists the answers in order, and "Modifier" cuts the list and shows the new path', async () => {
    const page = await open('/parcours/activation/');
    try {
      expect(await shownAnswers(page)).toBeNull(); // Nothing answered yet: no block at all.
      await answer(page, 'Oui');
      expect(await shownAnswers(page)).toEqual([line('carte', 'Oui')]);
      await answer(page, 'Oui');
      expect(new URL(page.url()).pathname).toBe('/parcours/activation/methode-a/');
      await answer(page, 'continuer');
      await answer(page, 'Non');
      expect(new URL(page.url()).pathname).toBe('/parcours/activation/erreur-a/');
      // Three questions answered, and the procedure followed between them, in order.
      expect(await shownAnswers(page)).toEqual([line('carte', 'Oui'), line('lecteur', 'Oui'), procedureLine('activation-carte'), line('activee-a', 'Non')]);
      // Every answer links back to its question.
      const changes = await page.$$eval('#vos-reponses a.reader-change', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      expect(changes).toEqual(['/parcours/activation/', '/parcours/activation/lecteur/', '/parcours/activation/methode-a/', '/parcours/activation/activee-a/']);
      expect(await page.$eval('#vos-reponses', (b) => b.textContent)).toMatch(/rien n’est envoyé/);

      // "Modifier" the card-reader answer: the question again, with only what came before it.
      await Promise.all([page.waitForNavigation(), page.click('#vos-reponses li:nth-child(2) a.reader-change')]);
      expect(new URL(page.url()).pathname).toBe('/parcours/activation/lecteur/');
      expect(await shownAnswers(page)).toEqual([line('carte', 'Oui')]);
      await answer(page, 'Non');
      expect(new URL(page.url()).pathname).toBe('/parcours/activation/methode-b/');
      expect(await shownAnswers(page)).toEqual([line('carte', 'Oui'), line('lecteur', 'Non')]);
      // The stored journey was cut too: going on builds on the new answer only.
      await answer(page, 'continuer');
      expect(await shownAnswers(page)).toEqual([line('carte', 'Oui'), line('lecteur', 'Non'), procedureLine('activation-coordonnees')]);
    } finally {
      await page.close();
    }
  });

  it('a loop (coordinates updated, method B again) keeps every answer', async () => {
    const page = await open('/parcours/activation/');
    try {
      for (const step of ['Non', 'continuer', 'Non', 'Mes coordonnées ne sont pas à jour', 'continuer', 'Oui', 'continuer']) await answer(page, step);
      expect(new URL(page.url()).pathname).toBe('/parcours/activation/activee-b/');
      expect(await shownAnswers(page)).toEqual([
        line('carte', 'Non'),
        procedureLine('activation-coordonnees'),
        line('activee-b', 'Non'),
        line('probleme-b', 'Mes coordonnées ne sont pas à jour'),
        procedureLine('mise-a-jour-coordonnees'),
        line('a-jour', 'Oui'),
        procedureLine('activation-coordonnees'),
      ]);
    } finally {
      await page.close();
    }
  });

  it('"Effacer mes réponses" forgets them', async () => {
    const page = await open('/parcours/activation/');
    try {
      await answer(page, 'Non');
      expect(await shownAnswers(page)).toHaveLength(1);
      await page.click('#vos-reponses button[data-action="effacer"]');
      expect(await shownAnswers(page)).toBeNull();
      expect(await page.evaluate(() => sessionStorage.getItem('parcours:reponses'))).toBe('{"activation":[]}');
      await page.reload();
      expect(await shownAnswers(page)).toBeNull();
    } finally {
      await page.close();
    }
  });
});

describe('"Préparer mon appel" on a support page', () => {
  let page: Page;
  const path = ['Oui', 'Non', 'continuer', 'Non', 'Je rencontre une erreur', 'J’ai un problème avec l’appli e-CPS'];
  const contact = project.contacts.get('service-e-cps')!;
  beforeAll(async () => {
    page = await open('/parcours/activation/');
    for (const step of path) await answer(page, step);
  });
  afterAll(() => page?.close());

  it('holds the journey, the answers, the situation, the contacts and the date', async () => {
    expect(new URL(page.url()).pathname).toBe('/parcours/activation/support-appli/');
    const sheet = await page.$eval('#preparer-mon-appel', (s) => ({ hidden: (s as HTMLElement).hidden, text: (s as HTMLElement).innerText }));
    expect(sheet.hidden).toBe(false);
    const now = new Date();
    const today = formatReviewDate(`${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`);
    for (const expected of [
      today,
      french(activation.title),
      french('J’ai un problème avec l’appli e-CPS'),
      questionOf('lecteur'),
      questionOf('erreur-b'),
      french(project.procedures.get('activation-coordonnees')!.short!),
      contact.name,
      contact.phone!.number,
      contact.email!,
      contact.faq!,
    ]) {
      expect(sheet.text).toContain(expected);
    }
  });

  it('passes axe once filled in, "Vos réponses" and the summary shown', async () => {
    expect(await page.$eval('#vos-reponses', (b) => (b as HTMLElement).hidden)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('copies as text', async () => {
    await page.click('#preparer-mon-appel button[data-action="copier"]');
    await page.waitForFunction(() => document.querySelector('.call-sheet-status')!.textContent !== '');
    expect(await page.$eval('.call-sheet-status', (s) => s.textContent)).toMatch(/Résumé copié/);
    const text = await page.evaluate(() => navigator.clipboard.readText());
    const lines = text.split('\n');
    expect(lines).toContain(`Parcours\u00a0: ${french(activation.title)}`);
    expect(lines).toContain(`1. ${line('carte', 'Oui')}`);
    expect(lines).toContain(`2. ${line('lecteur', 'Non')}`);
    expect(lines).toContain(`3. ${procedureLine('activation-coordonnees')}`);
    expect(lines).toContain(`6. ${line('erreur-b', 'J’ai un problème avec l’appli e-CPS')}`);
    expect(lines.find((l) => l.startsWith(`- ${contact.name}`))).toContain(contact.phone!.number);
  });

  it('prints alone, on one A4 page', async () => {
    await page.emulateMediaType('print');
    try {
      const pdf = await page.pdf({ format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } });
      expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
      const file = join(mkdtempSync(join(tmpdir(), 'parcours-appel-')), 'appel.pdf');
      writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Préparer mon appel');
      expect(text).toContain(contact.phone!.number);
      expect(text.replace(/\s+/g, ' ')).toContain(french(activation.title).replace(/\s+/g, ' '));
      // The rest of the page (menu, "Vos réponses", buttons) is not printed.
      expect(text).not.toContain('Vos réponses');
      expect(text).not.toContain('Copier le résumé');
      expect(text).not.toContain('Rechercher');
    } finally {
      await page.emulateMediaType('screen');
    }
  });
});

describe('with JavaScript off', () => {
  // The pages of the journey above: question, procedure (with the helper), outcome.
  it.each([
    '/parcours/activation/',
    '/parcours/activation/lecteur/',
    '/parcours/activation/methode-b/',
    '/parcours/activation/activee-b/',
    '/parcours/activation/support-appli/',
    '/parcours/reactivation/demarche-b/',
    '/aide/',
  ])('%s works as before and shows no empty or broken block', async (path) => {
    const page = await open(path, false);
    try {
      const found = await page.evaluate(() => {
        const visible = (e: Element) => {
          const box = (e as HTMLElement).getBoundingClientRect();
          return getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden' && box.width > 0 && box.height > 0;
        };
        const main = document.querySelector('main')!;
        return {
          scripted: [...main.querySelectorAll('.reader-answers, .call-sheet, .id-helper-form, button, input')].filter(visible).map((e) => e.outerHTML.slice(0, 80)),
          emptyLists: [...main.querySelectorAll('ul, ol')].filter((l) => visible(l) && l.children.length === 0).length,
          answers: main.querySelectorAll('a.answer, a.continue').length,
        };
      });
      expect(found.scripted).toEqual([]);
      expect(found.emptyLists).toBe(0);
      if (path.startsWith('/parcours/') && !path.includes('support')) expect(found.answers).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });

  it('the helper shows the rule and says the examples are examples', async () => {
    const page = await open('/parcours/activation/methode-b/', false);
    try {
      const text = await page.$eval('#etape-3', (e) => (e as HTMLElement).innerText);
      expect(text).toContain('en ajoutant un « 8 » devant votre numéro RPPS, par exemple 812345678901'.replace(/« /g, '«\u202f').replace(/ »/g, '\u202f»'));
      expect(text).toMatch(/ne sont pas de vrais numéros/);
    } finally {
      await page.close();
    }
  });
});

// RPPS-like numbers with a valid Luhn key, computed here: the key digit that makes the sum a multiple of 10.
function luhnKey(payload: string): string {
  for (const k of '0123456789') {
    const digits = payload + k;
    const sum = [...digits].reverse().reduce((s, c, i) => s + (i % 2 ? [0, 2, 4, 6, 8, 1, 3, 5, 7, 9][Number(c)]! : Number(c)), 0);
    if (sum % 10 === 0) return digits;
  }
  throw new Error('no key');
}

describe('the national-identifier helper', () => {
  const valid = luhnKey('1000123456');
  const wrongKey = valid.slice(0, 10) + String((Number(valid[10]) + 3) % 10);
  it.each([
    ['/parcours/activation/methode-b/', '#identifiant-etape-3'],
    ['/procedures/reactivation-coordonnees/', '#identifiant-etape-3'],
    ['/aide/', '#identifiant-national'],
  ])('%s: typed numbers give the identifier or the reason, as the core says', async (path, helper) => {
    const page = await open(path);
    try {
      const input = `${helper} input`;
      const read = () =>
        page.$eval(helper, (h) => ({
          message: h.querySelector('.id-helper-message')!.textContent,
          output: (h.querySelector('.id-helper-result') as HTMLElement).hidden ? null : h.querySelector('output')!.textContent,
          invalid: h.querySelector('input')!.getAttribute('aria-invalid'),
        }));
      for (const typed of [valid, `${valid.slice(0, 3)} ${valid.slice(3, 7)} ${valid.slice(7)}`, wrongKey, valid.slice(0, 10), GUIDE_EXAMPLES.rpps, '123456789', '12345678A01']) {
        await page.$eval(input, (e) => ((e as HTMLInputElement).value = ''));
        await page.type(input, typed);
        // Leaving the field: a number too short is said then, not while it is being typed.
        await page.$eval(input, (e) => e.dispatchEvent(new Event('change')));
        const expected = checkIdentifier(typed);
        const shown = await read();
        expect(shown.message, typed).toBe(frenchSpacing(expected.message));
        expect(shown.output, typed).toBe(expected.ok ? expected.national : null);
        expect(shown.invalid, typed).toBe(String(!expected.ok));
      }
      // The right answers, spelled out: "8" + RPPS, "0" + ADELI; the messages in French.
      await page.$eval(input, (e) => ((e as HTMLInputElement).value = ''));
      await page.type(input, valid);
      expect((await read()).output).toBe(`8${valid}`);
      await page.click(`${helper} .id-helper-copy`);
      await page.waitForFunction((h) => document.querySelector(`${h} .id-helper-copied`)!.textContent !== '', {}, helper);
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`8${valid}`);
      expect(await axeViolations(page)).toEqual([]); // The result shown, with its button, is accessible.
      await page.$eval(input, (e) => ((e as HTMLInputElement).value = ''));
      await page.type(input, wrongKey);
      expect((await read()).message).toMatch(/clé de contrôle/);
      expect(await axeViolations(page)).toEqual([]); // The error state is accessible too.
      await page.$eval(input, (e) => ((e as HTMLInputElement).value = ''));
      await page.type(input, '1234567890');
      expect((await read()).message).toBe(''); // Still typing.
      await page.focus(`${helper} input`);
      await page.keyboard.press('Tab');
      expect((await read()).message).toMatch(/vous en avez saisi 10/);
    } finally {
      await page.close();
    }
  });
});

describe('review dates', () => {
  it.each([
    ['/procedures/activation-coordonnees/', project.procedures.get('activation-coordonnees')!.reviewed],
    ['/parcours/activation/methode-b/', project.procedures.get('activation-coordonnees')!.reviewed],
    ['/parcours/activation/', activation.reviewed],
    ['/parcours/activation/vue-d-ensemble/', activation.reviewed],
  ])('%s says when it was checked', async (path, reviewed) => {
    expect(reviewed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const page = await open(path, false);
    try {
      expect(await page.$eval('.reviewed', (p) => p.textContent)).toBe(`Vérifié le ${formatReviewDate(reviewed!)}`);
    } finally {
      await page.close();
    }
  });

  it('the printed sheet says it too', () => {
    // Read back from the PDF itself (the print page leaves the published site once printed).
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(siteDir, 'fiches', 'activation-coordonnees.pdf'), '-'], { encoding: 'utf8' });
    const expected = `Vérifié le ${formatReviewDate(project.procedures.get('activation-coordonnees')!.reviewed!)}`;
    expect(text.replace(/[\s\u00a0\u202f]+/g, ' ')).toContain(expected.replace(/[\s\u00a0\u202f]+/g, ' '));
  });

  it('no review date is in the future', () => {
    for (const page of [...project.flows.values(), ...project.procedures.values()]) if (page.reviewed) expect(page.reviewed <= isoDay(new Date())).toBe(true);
  });
});

describe('the diagram on a phone', () => {
  it('at 360 px the overview shows the list first and offers the diagram in full', async () => {
    const page = await open('/parcours/activation/vue-d-ensemble/', true, 360);
    try {
      const layout = await page.evaluate(() => ({
        diagramShown: getComputedStyle(document.querySelector('.overview .diagram')!).display !== 'none',
        treeTop: document.querySelector('.tree')!.getBoundingClientRect().top,
        big: [...document.querySelectorAll('main a')].find((a) => a.textContent!.trim() === 'Ouvrir le logigramme en grand')?.getAttribute('href'),
      }));
      expect(layout.diagramShown).toBe(false);
      expect(layout.big).toMatch(/^\/parcours\/activation\/logigramme\/#logigramme-activation-flowchart-n\d+-\d+$/);
      expect(layout.treeTop).toBeLessThan(900);
      // Followed on the phone: the box opens where the journey starts, its first question in view.
      await Promise.all([page.waitForNavigation(), page.click('.overview-big a')]);
      const start = await page.evaluate(() => {
        const box = document.querySelector('.diagram-full')!.getBoundingClientRect();
        const node = document.getElementById(decodeURIComponent(location.hash.slice(1)))!;
        const r = node.getBoundingClientRect();
        return { text: node.textContent!.trim(), inside: r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1 };
      });
      expect(start.text).toBe(questionOf(activation.start));
      expect(start.inside).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('on a wide screen the diagram comes first, and its caption says the list is below it', async () => {
    const page = await open('/parcours/activation/vue-d-ensemble/', true, 1280);
    try {
      const layout = await page.evaluate(() => ({
        figureBottom: document.querySelector('.overview .diagram')!.getBoundingClientRect().bottom,
        treeTop: document.querySelector('.tree')!.getBoundingClientRect().top,
        caption: document.querySelector('.overview figcaption')!.textContent,
      }));
      expect(layout.figureBottom).toBeLessThanOrEqual(layout.treeTop);
      expect(layout.caption).toMatch(/en liste, sous le logigramme/);
    } finally {
      await page.close();
    }
  });

  it('the "en grand" page shows the labels at their natural size, scrolling both ways, without JavaScript', async () => {
    const page = await open('/parcours/activation/logigramme/', false, 360);
    try {
      const size = await page.evaluate(() => {
        const svg = document.querySelector('.diagram-full svg') as SVGSVGElement;
        const box = document.querySelector('.diagram-full') as HTMLElement;
        const label = svg.querySelector('.nodeLabel') as HTMLElement;
        return {
          scale: svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
          labelFont: parseFloat(getComputedStyle(label).fontSize),
          labelHeight: label.getBoundingClientRect().height,
          scrollsX: box.scrollWidth > box.clientWidth,
          scrollsY: box.scrollHeight > box.clientHeight,
          pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        };
      });
      expect(size.scale).toBeCloseTo(1, 2);
      expect(size.labelFont).toBeGreaterThanOrEqual(14);
      expect(size.labelHeight).toBeGreaterThanOrEqual(14);
      expect(size.scrollsX).toBe(true);
      expect(size.scrollsY).toBe(true);
      expect(size.pageOverflow).toBeLessThanOrEqual(0);
    } finally {
      await page.close();
    }
  });
});

describe('words that must not break', () => {
  it.each(['/', '/procedures/activation-coordonnees/', '/parcours/activation/methode-b/', '/procedures/activation-carte-paca/', '/parcours/activation/support-appli/'])(
    '%s: at 360 px every "e-CPS" stays on one line',
    async (path) => {
      const page = await open(path, true, 360);
      try {
        const found = await page.evaluate(() => {
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          let count = 0;
          const broken: string[] = [];
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent!;
            for (let i = text.indexOf('e-CPS'); i !== -1; i = text.indexOf('e-CPS', i + 1)) {
              const range = document.createRange();
              range.setStart(node, i);
              range.setEnd(node, i + 5);
              const rects = [...range.getClientRects()].filter((r) => r.width > 0);
              if (rects.length === 0) continue; // Not displayed.
              count++;
              if (new Set(rects.map((r) => Math.round(r.top))).size > 1) broken.push(text.slice(Math.max(0, i - 20), i + 10));
            }
          }
          return { count, broken };
        });
        expect(found.count).toBeGreaterThan(0);
        expect(found.broken).toEqual([]);
      } finally {
        await page.close();
      }
    },
  );
});
