/**
 * `parcours diff [<révision>]`: what a reader will see differently between the content
 * project at a git revision (by default where the current branch left the main branch) and
 * the working tree, in French, for the person who approves a change. Git is read here, at the
 * edge (src/git/); both versions go through the real loader, and the comparison itself is
 * pure (src/core/diff/).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../core/config.ts';
import { hasErrors, type Diagnostic } from '../../core/diagnostics.ts';
import { diffProjects, type DiffInput } from '../../core/diff/compare.ts';
import { formatMarkdown } from '../../core/diff/format-markdown.ts';
import { formatText } from '../../core/diff/format-text.ts';
import type { DiffLabels } from '../../core/diff/wording.ts';
import { loadFlows } from '../../core/load.ts';
import { defaultRevision, exportTree, GitError, repositoryOf, resolveRevision, type Revision } from '../../git/revision.ts';
import type { CliOptions } from '../main.ts';
import type { CliContext } from '../io.ts';
import { formatDiagnostic } from '../format.ts';

/** Past this many errors in the working tree, the others are left to `parcours check`. */
const ERRORS_SHOWN = 10;

/** The editorial pages of a project (content/…): their text, by path. */
function readPages(projectDir: string): Map<string, string> {
  const dir = join(projectDir, 'content');
  if (!existsSync(dir)) return new Map();
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split('\\').join('/'))
    .filter((f) => /\.mdx?$/i.test(f))
    .sort();
  return new Map(files.map((f) => [`content/${f}`, readFileSync(join(dir, f), 'utf8')]));
}

/** One version of the content project, read as the build reads it. */
function readVersion(projectDir: string): { input: DiffInput; diagnostics: Diagnostic[] } {
  const loaded = loadFlows(join(projectDir, 'flows'), { cwd: projectDir });
  const digests = new Map<string, string | undefined>();
  const digest = (path: string) => {
    if (!digests.has(path)) {
      try {
        digests.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
      } catch {
        digests.set(path, undefined);
      }
    }
    return digests.get(path);
  };
  const { config } = loadConfig(projectDir, projectDir);
  return { input: { project: loaded.project, digest, pages: readPages(projectDir), ...(config ? { config } : {}) }, diagnostics: loaded.diagnostics };
}

/** With `--fiches`: every sheet's pages in both versions, by building each (loaded only then: it starts Chromium). */
async function sheetPages(versions: { before: string; after: string }, labels: DiffLabels, work: string, cli: CliContext) {
  const { yellow } = cli.paint;
  const { measureSheetPages } = await import('../../stages/sheet-pages.ts');
  cli.err('Mise en page des fiches des deux versions : deux constructions, une minute environ…\n');
  const measure = async (side: 'before' | 'after') => {
    try {
      return await measureSheetPages(versions[side], join(work, 'mesure'));
    } catch (error) {
      // The comparison still holds; only the page counts of that version are missing.
      cli.err(`${yellow('attention')} Les fiches de ${side === 'before' ? labels.from : labels.to} n’ont pas pu être mises en page : ${(error as Error).message}\n`);
      return new Map<string, number>();
    }
  };
  return { before: await measure('before'), after: await measure('after') };
}

export async function diffCommand(options: CliOptions, cli: CliContext): Promise<number> {
  const { bold, green, red, yellow } = cli.paint;
  if (options.args.length > 1) {
    cli.err('Une seule révision à la fois : parcours diff [<révision>] (par exemple parcours diff main).\n');
    return 2;
  }
  if (options.json && options.markdown) {
    cli.err('Les options --json et --markdown ne vont pas ensemble : choisissez-en une.\n');
    return 2;
  }
  let revision: Revision;
  let repo: ReturnType<typeof repositoryOf>;
  try {
    repo = repositoryOf(options.content);
    revision = options.args[0] ? resolveRevision(repo, options.args[0]) : defaultRevision(repo);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    cli.err(`${error.message}\n`);
    return 2;
  }
  const work = mkdtempSync(join(tmpdir(), 'parcours-diff-'));
  try {
    const beforeDir = join(work, 'avant');
    if (exportTree(repo, revision.commit, beforeDir) === 0) {
      cli.err(`${yellow('attention')} Le projet n’existait pas à la révision ${revision.label} : tout y est nouveau.\n`);
    }
    const after = readVersion(options.content);
    const errors = after.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      for (const d of errors.slice(0, ERRORS_SHOWN)) cli.err(`${formatDiagnostic(d, cli.paint)}\n\n`);
      const many = errors.length > 1;
      cli.err(red(`Le projet a ${errors.length} erreur${many ? 's' : ''} : corrigez-${many ? 'les' : 'la'} (parcours check) avant de comparer ; ce qu’${many ? 'elles empêchent' : 'elle empêche'} de lire ne peut pas être comparé.\n`));
      return 1;
    }
    const before = readVersion(beforeDir);
    if (hasErrors(before.diagnostics)) {
      cli.err(`${yellow('attention')} La version ${revision.label} avait des erreurs : ce qu’elles empêchaient de lire compte comme ajouté.\n`);
    }
    const labels: DiffLabels = { from: revision.label, to: 'la copie de travail' };
    const pages = options.fiches ? await sheetPages({ before: beforeDir, after: options.content }, labels, work, cli) : undefined;
    const report = diffProjects(before.input, after.input, pages ? { pages } : {});
    if (options.json) cli.out(`${JSON.stringify({ from: { revision: revision.name, commit: revision.commit, label: revision.label }, to: { label: labels.to }, ...report }, null, 2)}\n`);
    else if (options.markdown) cli.out(formatMarkdown(report, labels, after.input.project));
    else cli.out(formatText(report, labels, { removed: red, added: green, strong: bold, warning: (t) => bold(yellow(t)) }));
    return 0;
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    cli.err(`${error.message}\n`);
    return 2;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
