/**
 * What the key of the site's bundle covers (src/stages/site.ts, `siteBundleKey`): a build
 * renders its pages from the bundle an earlier one kept only when the key matches, so every
 * input of Astro's bundle must change it (a page rendered from a stale bundle is worse than a
 * slow build), and what reaches the pages as data must not (an edit would bundle anew). Real
 * content projects through the real loader.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadFlows } from '../../src/core/load.ts';
import { resolveSettings } from '../../src/settings/settings.ts';
import { contentDigest } from '../../src/stages/fingerprint.ts';
import { siteBundleKey } from '../../src/stages/site.ts';
import { contentProject, ECPS_CONFIG } from '../helpers/build.ts';

function keyOf(project: string, env: Record<string, string> = {}): string {
  const resolved = resolveSettings({ content: project, env });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.diagnostics));
  const { settings } = resolved;
  const loaded = loadFlows(settings.flowsDir, { cwd: settings.contentDir });
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return siteBundleKey(settings, loaded.project, contentDigest(settings, loaded.project));
}

/** The key of an e-CPS project before and after an edit of one of its files. */
function beforeAndAfter(file: string, from: string, to: string): [string, string] {
  const project = contentProject({ config: ECPS_CONFIG('https://aide.parcours.test/') });
  const before = keyOf(project);
  const path = join(project, file);
  const text = readFileSync(path, 'utf8');
  expect(text, `${file} : « ${from} »`).toContain(from);
  writeFileSync(path, text.replace(from, to));
  return [before, keyOf(project)];
}

it('the same for a journey, a procedure, a contact, a brand’s name or the site’s name edited: they reach the pages as data', () => {
  const edits: [string, string, string][] = [
    ['flows/activation.yaml', 'question:', 'question: Pour commencer,'],
    ['flows/procedures/activation-carte.yaml', 'disponible sur l’App Store', 'disponible sur l’App Store d’Apple'],
    ['flows/contacts/ans.yaml', '"0 825 85 2000"', '"0 825 85 2001"'],
    ['flows/brands/paca.yaml', 'name: Portail de santé PACA', 'name: Portail régional de santé PACA'],
    ['parcours.yaml', 'name: Aide e-CPS', 'name: Aide e-CPS (essai)'],
  ];
  for (const [file, from, to] of edits) {
    const [before, after] = beforeAndAfter(file, from, to);
    expect(after, file).toBe(before);
  }
});

it('another for an MDX page, a brand’s colour, or another public address (Astro’s site and base)', () => {
  const edits: [string, string, string][] = [
    ['content/aide.mdx', 'Il figure sur la première ligne', 'Il figure toujours sur la première ligne'],
    ['flows/brands/paca.yaml', 'color: "#0b6e4f"', 'color: "#0b5e4f"'],
    ['parcours.yaml', 'url: https://aide.parcours.test/', 'url: https://aide.parcours.test/aide/'],
    ['parcours.yaml', 'url: https://aide.parcours.test/', 'url: https://portail.parcours.test/'],
  ];
  for (const [file, from, to] of edits) {
    const [before, after] = beforeAndAfter(file, from, to);
    expect(after, `${file} : ${to}`).not.toBe(before);
  }
});
