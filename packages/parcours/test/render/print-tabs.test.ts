/**
 * The tabs a build prints in (src/render/pdf.ts, `PrintTabs`): readied ahead while Astro renders
 * the site, kept from one batch to the next, closed by their owner; and the threads that finish
 * large prints (src/render/pdf-finishers.ts). A print in a kept tab is the same bytes as one in a
 * tab of its own, and a print finished in a thread the same as one finished in the test's.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { sharedBrowser } from '../../src/render/browser.ts';
import { bookmarks, printPage, printPdfs, PrintTabs, type PrintJob } from '../../src/render/pdf.ts';
import { finishPrint } from '../../src/render/pdf-finish.ts';
import { Finishers } from '../../src/render/pdf-finishers.ts';
import { serveDir } from '../../src/render/static-server.ts';

it('readies its tabs, prints every batch in them without opening others, and closes them', async () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-print-tabs-'));
  const names = ['premiere', 'deuxieme', 'troisieme', 'quatrieme'];
  for (const name of names) {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, 'index.html'), `<!doctype html><html lang="fr"><title>Fiche ${name}</title><h1>Fiche ${name}</h1><p>Une étape, puis une autre.</p></html>`);
  }
  const server = await serveDir(root, { unchanging: true });
  const printer = sharedBrowser();
  const job = (name: string): PrintJob => ({ name, url: `${server.url}/${name}/`, inputs: name, footer: `Fiche pratique, ${name}`, meta: { title: `Fiche ${name}`, author: 'Agence', subject: name, keywords: [], date: undefined } });
  try {
    const browser = await printer.browser();
    const tabs = new PrintTabs(printer);
    await tabs.ready();
    const readied = await browser.pages();
    expect(readied).toHaveLength(2);
    let opened = 0;
    browser.on('targetcreated', () => opened++);
    const first = await printPdfs(names.slice(0, 2).map(job), { cacheDir: mkdtempSync(join(tmpdir(), 'parcours-print-tabs-')), tabs });
    const second = await printPdfs(names.slice(2).map(job), { cacheDir: mkdtempSync(join(tmpdir(), 'parcours-print-tabs-')), tabs });
    expect(first.stats.printed + second.stats.printed).toBe(4);
    expect(opened).toBe(0);
    expect(new Set(await browser.pages())).toEqual(new Set(readied));
    // The same bytes as printed in a tab of its own and finished in this thread.
    const own = await browser.newPage();
    for (const name of names) {
      const alone = await printPage(own, job(name));
      expect(Buffer.from((first.pdfs.get(name) ?? second.pdfs.get(name))!).equals(Buffer.from(alone.pdf)), name).toBe(true);
    }
    await own.close();
    // Retired, the tabs close; the next batch opens new ones.
    await tabs.retire();
    expect(await browser.pages()).toHaveLength(0);
    await printPdfs([job('premiere')], { cacheDir: mkdtempSync(join(tmpdir(), 'parcours-print-tabs-')), tabs });
    // The test's own tab, and the batch's new one.
    expect(opened).toBe(2);
    await tabs.close();
    expect(await browser.pages()).toHaveLength(0);
  } finally {
    await printer.close();
    await server.close();
  }
});

it('a print its thread cannot finish fails with its reason, and the threads go on with the next', async () => {
  const finishers = new Finishers(1);
  try {
    const meta = { title: 'Fiche', author: 'Agence', subject: 'Essai', keywords: [], date: undefined };
    await expect(finishers.finish(new TextEncoder().encode('pas un PDF'), { meta, links: [], headings: [] })).rejects.toThrow(/La finition d’un PDF a échoué/);
    const printer = sharedBrowser();
    try {
      const page = await (await printer.browser()).newPage();
      await page.setContent('<!doctype html><html lang="fr"><title>Fiche</title><h1>Une fiche</h1></html>');
      const raw = await page.pdf({ tagged: true });
      const finished = await finishers.finish(raw, { meta, links: [], headings: ['Une fiche'] });
      expect('pdf' in finished && finished.pages).toBe(1);
      // The same bytes as finished in this thread.
      const here = await finishPrint(raw, { meta, links: [], headings: ['Une fiche'] });
      expect('pdf' in finished && 'pdf' in here && Buffer.from(finished.pdf).equals(Buffer.from(here.pdf))).toBe(true);
    } finally {
      await printer.close();
    }
  } finally {
    await finishers.close();
  }
  await expect(finishers.finish(new Uint8Array(), { meta: { title: '', author: '', subject: '', keywords: [], date: undefined }, links: [], headings: [] })).rejects.toThrow(/fermés/);
});

it('a recueil whose sheets start elsewhere than its contents were numbered is printed again, numbered from its bookmarks', async () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-print-tabs-'));
  const sheet = (name: string, paragraphs: number) =>
    `<article class="sheet-doc" data-sheet="${name}"><h1>Fiche ${name}</h1>${Array.from({ length: paragraphs }, (_, i) => `<p>Étape ${i + 1} de la fiche ${name}, écrite assez longue pour occuper une ligne entière de la page imprimée.</p>`).join('')}</article>`;
  const recueil = (name: string) =>
    `<!doctype html><html lang="fr"><title>Recueil ${name}</title><body>` +
    `<section style="break-after: page"><h1>Recueil ${name}</h1></section>` +
    `<section class="recueil-toc" style="break-after: page"><h2>Sommaire</h2><p>Fiche a : page <span class="toc-page" data-sheet="a"></span></p><p>Fiche b : page <span class="toc-page" data-sheet="b"></span></p></section>` +
    // The first sheet fills two pages; the fits given say one.
    `${sheet('a', 40)}<div style="break-before: page"></div>${sheet('b', 3)}</body></html>`;
  for (const name of ['un', 'deux']) {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, 'index.html'), recueil(name));
  }
  const server = await serveDir(root, { unchanging: true });
  const printer = sharedBrowser();
  const fit = (name: string) => ({ name, pages: 1, level: 0, lastPageFill: 0.5, naturalPages: 0.5 });
  const job = (name: string): PrintJob => ({
    name,
    url: `${server.url}/${name}/`,
    inputs: name,
    footer: '',
    toc: true,
    fits: { a: fit('a'), b: fit('b') },
    meta: { title: `Recueil ${name}`, author: 'Agence', subject: name, keywords: [], date: undefined },
  });
  try {
    const tabs = new PrintTabs(printer);
    // One tab, as for large recueils.
    const printed = await printPdfs(['un', 'deux'].map(job), { cacheDir: mkdtempSync(join(tmpdir(), 'parcours-print-tabs-')), tabs, concurrency: 1 });
    await tabs.close();
    for (const name of ['un', 'deux']) {
      const pdf = printed.pdfs.get(name)!;
      const marks = (await bookmarks(pdf)).filter((b) => b.depth === 0);
      // The cover's, then each sheet's, on the page it starts on: b further than page 4, where the fits given put it.
      expect(marks.map((m) => m.title)).toEqual([`Recueil ${name}`, 'Fiche a', 'Fiche b']);
      expect(marks.map((m) => m.page).slice(0, 2)).toEqual([1, 3]);
      const b = marks[2]!.page;
      expect(b).toBeGreaterThan(4);
      // Its contents say so.
      const text = execFileSync('pdftotext', ['-layout', '-f', '2', '-l', '2', '-', '-'], { input: Buffer.from(pdf) }).toString('utf8');
      expect(text).toMatch(/Fiche a : page 3\b/);
      expect(text).toMatch(new RegExp(`Fiche b : page ${b}\\b`));
    }
  } finally {
    await printer.close();
    await server.close();
  }
});

it('a tab set to print once prints its next pages as printed too: print media, page boxes and texts of each page, not of the last', async () => {
  const root = mkdtempSync(join(tmpdir(), 'parcours-print-tabs-'));
  // Each page says which media it is laid out for, and has a slot for a text given by the job.
  // Laid out for print, it is two pages long (the sheet's fitting measures it so), for the screen one.
  const page = (name: string) =>
    `<!doctype html><html lang="fr"><title>Page ${name}</title><style>.ecran { display: block } .papier { display: none } @media print { .ecran { display: none } .papier { display: block; min-height: 300mm } }</style>` +
    `<body><article class="sheet-doc" data-sheet="${name}" data-band-kicker="Fiche pratique" data-band-name="Agence ${name}" data-accent="#1f3f73"><h1>Page ${name}</h1>` +
    `<p class="ecran">Mise en page pour l’écran</p><p class="papier">Mise en page pour le papier</p><p>Date : <span data-print-text="date"></span></p></article></body></html>`;
  for (const name of ['un', 'deux', 'trois']) {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, 'index.html'), page(name));
  }
  const server = await serveDir(root, { unchanging: true });
  const printer = sharedBrowser();
  const job = (name: string): PrintJob => ({ name, url: `${server.url}/${name}/`, inputs: name, footer: `Pied de ${name}`, texts: { date: `le jour ${name}` }, meta: { title: `Page ${name}`, author: 'Agence', subject: name, keywords: [], date: undefined } });
  try {
    const browser = await printer.browser();
    const tab = await browser.newPage();
    const texts: string[] = [];
    for (const name of ['un', 'deux', 'trois']) {
      const { pdf, layouts } = await printPage(tab, job(name));
      // Measured as printed, in the first page of the tab and in the next ones.
      expect(layouts.map((layout) => [layout.name, layout.pages]), name).toEqual([[name, 2]]);
      texts.push(execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(pdf) }).toString('utf8'));
    }
    texts.forEach((text, i) => {
      const name = ['un', 'deux', 'trois'][i]!;
      expect(text).toContain('Mise en page pour le papier');
      expect(text).not.toContain('Mise en page pour l’écran');
      expect(text).toContain(`le jour ${name}`);
      // Its own page boxes (band and footer), none of the pages printed before in the tab.
      expect(text).toContain(`Agence ${name}`);
      expect(text).toContain(`Pied de ${name}`);
      for (const other of ['un', 'deux', 'trois'].filter((n) => n !== name)) expect(text).not.toContain(`Pied de ${other}`);
    });
    // The last page, printed in a tab of its own: the same bytes.
    const own = await browser.newPage();
    const alone = await printPage(own, job('trois'));
    const again = await printPage(tab, job('trois'));
    expect(Buffer.from(again.pdf).equals(Buffer.from(alone.pdf))).toBe(true);
  } finally {
    await printer.close();
    await server.close();
  }
});
