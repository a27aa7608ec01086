/**
 * Nothing broken is published: the output is read back before it replaces the last good one.
 * The real built site (the e2e setup's) passes; copies of it damaged the ways a stage can fail
 * (a file left empty, a PDF or a page cut short, a page linked to and missing, an index that
 * does not decompress, a link leading out of the output, Mermaid's error drawn in a diagram)
 * are each refused, naming the file. And one real build, damaged between its stages through
 * the build's own progress events, stops before publishing and leaves the last output as it was.
 */
import { cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { resolveSettings } from '../../src/settings/settings.ts';
import { Build } from '../../src/stages/build.ts';
import { earlierOutput, listOutput } from '../../src/stages/tree.ts';
import { checkPagesAhead, verifyOutput } from '../../src/stages/verify.ts';
import { contentProject } from '../helpers/build.ts';

const siteDir = inject('siteDir');

/** A fresh copy of the real built site. */
function copy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'parcours-verify-')), 'dist');
  cpSync(siteDir, dir, { recursive: true });
  return dir;
}

const files = (dir: string, pattern: RegExp) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => pattern.test(f)).sort();

describe('verifyOutput', () => {
  it('the real site passes', async () => {
    expect(await verifyOutput(siteDir)).toEqual([]);
  });

  it('each kind of damage is found, at its file', async () => {
    const dir = copy();
    const pdf = files(join(dir, 'fiches'), /\.pdf$/)[0]!;
    truncateSync(join(dir, 'fiches', pdf), Math.floor(readFileSync(join(dir, 'fiches', pdf)).length / 2));
    writeFileSync(join(dir, 'pagefind', 'pagefind-entry.json'), '');
    const fragment = files(join(dir, 'pagefind', 'fragment'), /\.pf_fragment$/)[0]!;
    const bytes = readFileSync(join(dir, 'pagefind', 'fragment', fragment));
    writeFileSync(join(dir, 'pagefind', 'fragment', fragment), bytes.subarray(0, bytes.length - 8));
    const page = join(dir, 'aide', 'index.html');
    writeFileSync(page, readFileSync(page, 'utf8').slice(0, 2000));
    rmSync(join(dir, 'plan-du-site'), { recursive: true });
    const diagram = files(join(dir, 'diagrams'), /\.svg$/)[0]!;
    writeFileSync(join(dir, 'diagrams', diagram), '<svg xmlns="http://www.w3.org/2000/svg"><text>Maximum text size in diagram exceeded</text></svg>');
    symlinkSync('/etc/passwd', join(dir, 'passwd.txt'));
    const problems = await verifyOutput(dir);
    const about = (file: string) => problems.filter((p) => p.file === file).map((p) => p.problem);
    expect(about(`fiches/${pdf}`)).toEqual(['est tronqué (il ne finit pas par %%EOF)']);
    expect(about('pagefind/pagefind-entry.json')).toEqual(['est vide']);
    expect(about(`pagefind/fragment/${fragment}`)).toEqual(['est un fichier compressé incomplet']);
    expect(about('aide/index.html')).toContain('est tronqué (il ne finit pas par </html>)');
    expect(about(`diagrams/${diagram}`)).toEqual(['contient le message d’erreur de Mermaid au lieu du logigramme']);
    expect(about('passwd.txt')).toEqual(['est un lien symbolique (rien dans la sortie ne doit mener ailleurs)']);
    // Every page links to the site map: each says so.
    expect(about('index.html')).toContain('renvoie à /plan-du-site/, qui n’existe pas dans la sortie');
  });

  it('a PDF or SVG the build wrote from checked bytes is compared by length, any other is parsed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parcours-verify-'));
    mkdirSync(join(dir, 'fiches'));
    mkdirSync(join(dir, 'diagrams'));
    const unreadable = '%PDF-1.7\nnot a PDF body\n%%EOF\n';
    const malformed = '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>';
    for (const name of ['a', 'b', 'c']) {
      writeFileSync(join(dir, 'fiches', `${name}.pdf`), unreadable);
      writeFileSync(join(dir, 'diagrams', `${name}.svg`), malformed);
    }
    const sizes = new Map([
      ['fiches/a.pdf', unreadable.length],
      ['fiches/b.pdf', unreadable.length + 100],
      ['diagrams/a.svg', malformed.length],
      ['diagrams/b.svg', malformed.length + 7],
    ]);
    const problems = await verifyOutput(dir, '/', { sizes });
    const about = (file: string) => problems.filter((p) => p.file === file).map((p) => p.problem);
    expect(about('fiches/a.pdf')).toEqual([]);
    expect(about('fiches/b.pdf')).toEqual([`n’a pas la longueur écrite (${unreadable.length} octets au lieu de ${unreadable.length + 100})`]);
    expect(about('fiches/c.pdf')).toHaveLength(1);
    expect(about('fiches/c.pdf')[0]).toMatch(/^est un PDF illisible/);
    expect(about('diagrams/a.svg')).toEqual([]);
    expect(about('diagrams/b.svg')).toEqual([`n’a pas la longueur écrite (${malformed.length} octets au lieu de ${malformed.length + 7})`]);
    expect(about('diagrams/c.svg')).toHaveLength(1);
    expect(about('diagrams/c.svg')[0]).toMatch(/^est un SVG mal formé/);
  });

  it('after a rebuild, a file that is the same file as in the last output is not read again; a new one is; a file gone from it makes everything read, unless it is one of the search index’s data files', async () => {
    const before = copy();
    // The rebuild: every file linked from the last output (as pages from the store and parts of the index are)…
    const after = join(dirname(before), 'apres');
    for (const file of readdirSync(before, { recursive: true, encoding: 'utf8' })) {
      const from = join(before, file);
      if (!statSync(from).isFile()) continue;
      mkdirSync(dirname(join(after, file)), { recursive: true });
      linkSync(from, join(after, file));
    }
    // …but one page written anew, damaged, and one damaged page that is the last output's own file.
    rmSync(join(after, 'contacts/index.html'));
    writeFileSync(join(after, 'contacts/index.html'), '<html><a href="/nulle-part/">x</a></html>');
    writeFileSync(join(after, 'aide/index.html'), readFileSync(join(before, 'aide/index.html'), 'utf8').slice(0, 2000));
    const problems = await verifyOutput(after, '/', { previous: before });
    expect(problems.map((p) => p.file)).toEqual(['contacts/index.html']);
    expect(problems[0]!.problem).toContain('/nulle-part/');
    // Without the last output, the shared file is read too (it was written in place: its damage shows).
    expect((await verifyOutput(after, '/')).map((p) => p.file)).toContain('aide/index.html');
    // A part of the search index redone: its old data files gone, new ones under other names.
    // No page or stylesheet names them: the last output's own files are still not read again.
    const fragments = join(after, 'pagefind', 'fragment');
    const replaced = readdirSync(fragments).find((name) => name.endsWith('.pf_fragment'))!;
    renameSync(join(fragments, replaced), join(fragments, `nouveau-${replaced}`));
    expect((await verifyOutput(after, '/', { previous: before })).map((p) => p.file)).toEqual(['contacts/index.html']);
    // A file of the last output missing from this one: every reference is followed again.
    rmSync(join(after, 'plan-du-site'), { recursive: true });
    const gone = await verifyOutput(after, '/', { previous: before });
    expect(gone.some((p) => p.file === 'index.html' && p.problem.includes('/plan-du-site/'))).toBe(true);
  });

  it('with the build’s own listing (made once for the offline copy): the same problems; a file cut short or removed after it is still found', async () => {
    const before = copy();
    const after = join(dirname(before), 'apres');
    for (const file of readdirSync(before, { recursive: true, encoding: 'utf8' })) {
      const from = join(before, file);
      if (!statSync(from).isFile() || file === 'sw.js') continue;
      mkdirSync(dirname(join(after, file)), { recursive: true });
      linkSync(from, join(after, file));
    }
    const earlier = earlierOutput(before)!;
    const listing = listOutput(after, earlier);
    // Written after the listing, as the build writes its service worker.
    writeFileSync(join(after, 'sw.js'), readFileSync(join(before, 'sw.js')));
    const facts = { previous: earlier, listing, writtenSince: ['sw.js'] };
    expect(await verifyOutput(after, '/', facts)).toEqual([]);
    expect(await verifyOutput(after, '/', facts)).toEqual(await verifyOutput(after, '/', { previous: earlier }));
    // After the listing: a page of the last output cut short (the same file: as a full disk
    // would), and a page removed.
    const page = join(after, 'aide', 'index.html');
    truncateSync(page, 2000);
    rmSync(join(after, 'contacts'), { recursive: true });
    const problems = await verifyOutput(after, '/', facts);
    expect(problems).toContainEqual({ file: 'aide/index.html', problem: 'est tronqué (il ne finit pas par </html>)' });
    expect(problems).toContainEqual({ file: 'contacts/index.html', problem: 'a disparu pendant la construction' });
  });

  it('pages read ahead (while the sheets print): the same problems, found where they are, and a page removed or cut short after is still found', async () => {
    const dir = copy();
    const pages = files(dir, /\.html$/).filter((file) => !file.startsWith('fiches/'));
    // Damaged before it is read ahead: its own problems, as the whole check would say them.
    writeFileSync(join(dir, 'contacts', 'index.html'), '<!doctype html><html><a href="/nulle-part/">x</a> <a href="../../../etc/passwd">y</a> <a href="javascript:alert(1)">z</a></html>');
    const ahead = await checkPagesAhead(dir, pages);
    expect([...ahead.files.keys()].sort()).toEqual(pages);
    const whole = await verifyOutput(dir);
    expect(whole.length).toBe(3);
    const withAhead = await verifyOutput(dir, '/', { ahead });
    const sorted = (list: typeof whole) => [...list].sort((a, b) => `${a.file} ${a.problem}`.localeCompare(`${b.file} ${b.problem}`));
    expect(sorted(withAhead)).toEqual(sorted(whole));
    // Not read again: the same length with other bytes goes unseen (nothing in a build writes a page once Astro has).
    const page = join(dir, 'aide', 'index.html');
    const text = readFileSync(page, 'utf8');
    writeFileSync(page, text.replace(/<\/html>\s*$/, (end) => 'x'.repeat(Buffer.byteLength(end))));
    expect(sorted(await verifyOutput(dir, '/', { ahead }))).toEqual(sorted(whole));
    // Cut short, or removed, after it was read: found, and so is every link to the page removed.
    truncateSync(page, 2000);
    rmSync(join(dir, 'plan-du-site'), { recursive: true });
    const after = await verifyOutput(dir, '/', { ahead });
    expect(after).toContainEqual({ file: 'aide/index.html', problem: `n’a plus la longueur lue (2000 octets au lieu de ${Buffer.byteLength(text)})` });
    expect(after).toContainEqual({ file: 'plan-du-site/index.html', problem: 'a disparu pendant la construction' });
    expect(after.some((p) => p.problem === 'renvoie à /plan-du-site/, qui n’existe pas dans la sortie')).toBe(true);
  });

  it('links with letters beyond ASCII lead to the files so named, read ahead or not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parcours-verify-'));
    mkdirSync(join(dir, 'aperçus'));
    writeFileSync(join(dir, 'aperçus', 'écran.png'), 'png');
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html lang="fr"><body><img src="/aperçus/écran.png" alt="Écran « Accueil »"> <a href="/aperçus/écran%202.png">l’autre</a></body></html>\n');
    const expected = [{ file: 'index.html', problem: 'renvoie à /aperçus/écran%202.png, qui n’existe pas dans la sortie' }];
    expect(await verifyOutput(dir)).toEqual(expected);
    expect(await verifyOutput(dir, '/', { ahead: await checkPagesAhead(dir, ['index.html']) })).toEqual(expected);
  });

  it('links are read under the site’s path, and one climbing out of the output is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parcours-verify-'));
    mkdirSync(join(dir, 'fiches'));
    writeFileSync(join(dir, 'fiches', 'a.html'), '<!doctype html><html><body><a href="/aide/fiches/a.html">ici</a> <a href="../../etc/passwd">là</a> <img src="data:image/png;base64,AA" srcset="/aide/x.png 2x"></body></html>\n');
    expect(await verifyOutput(dir, '/aide/')).toEqual([
      { file: 'fiches/a.html', problem: 'renvoie hors du site (../../etc/passwd)' },
      { file: 'fiches/a.html', problem: 'renvoie à /aide/x.png, qui n’existe pas dans la sortie' },
    ]);
  });
});

describe('a build damaged between its stages', () => {
  it('stops before publishing, says which files, and leaves the last output as it was', { timeout: 600_000 }, async () => {
    const project = contentProject();
    const out = join(mkdtempSync(join(tmpdir(), 'parcours-damaged-')), 'dist');
    mkdirSync(out);
    writeFileSync(join(out, 'index.html'), 'dernière bonne version');
    const resolved = resolveSettings({ content: project, out, env: {} });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.diagnostics));
    // The folder the build writes into before it replaces the output (see Build).
    const staging = join(dirname(out), `.${basename(out)}-${process.pid}`);
    const build = new Build(resolved.settings);
    let damaged: string | undefined;
    const run = build.run(
      { force: true },
      {
        stageDone: (report) => {
          // As a full disk or a killed writer would: a sheet cut short after it was printed, a
          // page removed once the last stage (the search index, which reads the pages) is done.
          if (report.id === 'search') rmSync(join(staging, 'contacts'), { recursive: true });
          if (report.id === 'sheets') {
            damaged = files(join(staging, 'fiches'), /\.pdf$/)[0]!;
            truncateSync(join(staging, 'fiches', damaged), 1000);
          }
        },
      },
    );
    await expect(run).rejects.toThrow(/la sortie est incomplète ou abîmée, elle n’est pas publiée/);
    const message = await run.catch((error: Error) => error.message);
    expect(message).toContain(`fiches/${damaged} est tronqué`);
    expect(message).toContain('renvoie à /contacts/, qui n’existe pas dans la sortie');
    build.abort();
    expect(readdirSync(out)).toEqual(['index.html']);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('dernière bonne version');
    expect(existsSync(staging)).toBe(false);
  });
});
