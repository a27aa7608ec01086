/**
 * The tabs a build prints in (src/render/pdf.ts, `PrintTabs`): readied ahead while Astro renders
 * the site, kept from the sheets to the recueils, closed by their owner. A print in a kept tab
 * is the same bytes as one in a tab of its own.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { sharedBrowser } from '../../src/render/browser.ts';
import { printPdfs, PrintTabs, type PrintJob } from '../../src/render/pdf.ts';
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
    // The same bytes as printed in tabs of their own, in a browser of their own.
    const alone = await printPdfs(names.map(job), { cacheDir: mkdtempSync(join(tmpdir(), 'parcours-print-tabs-')) });
    for (const name of names) expect(Buffer.from((first.pdfs.get(name) ?? second.pdfs.get(name))!).equals(Buffer.from(alone.pdfs.get(name)!)), name).toBe(true);
    await tabs.close();
    expect(await browser.pages()).toHaveLength(0);
  } finally {
    await printer.close();
    await server.close();
  }
});
