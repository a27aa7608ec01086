/**
 * The tabs a build prints in (src/render/pdf.ts, `PrintTabs`): readied ahead while Astro renders
 * the site, kept from one batch to the next, closed by their owner; and the threads that finish
 * large prints (src/render/pdf-finishers.ts). A print in a kept tab is the same bytes as one in a
 * tab of its own, and a print finished in a thread the same as one finished in the test's.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { sharedBrowser } from '../../src/render/browser.ts';
import { printPage, printPdfs, PrintTabs, type PrintJob } from '../../src/render/pdf.ts';
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
