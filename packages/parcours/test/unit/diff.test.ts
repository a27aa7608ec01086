/**
 * The comparison behind `parcours diff`, on real YAML through the real loader: two versions
 * of a small project, each change an editor can make, and what a reader is told of it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffProjects, type DiffInput } from '../../src/core/diff/compare.ts';
import { formatMarkdown, MARKS, MAX_DIAGRAM_NODES } from '../../src/core/diff/format-markdown.ts';
import { formatText } from '../../src/core/diff/format-text.ts';
import { alignLists } from '../../src/core/diff/match.ts';
import type { Change, DiffReport } from '../../src/core/diff/types.ts';
import { contactDetailsIn, wordChange } from '../../src/core/diff/words.ts';
import { loadFlows } from '../../src/core/load.ts';
import { flowToMermaid } from '../../src/core/mermaid.ts';
import { BASE_PROJECT } from '../helpers/git-project.ts';
import { writeProject } from '../helpers/project.ts';

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

/** One version: the base project with some files replaced (a file set to null is removed). */
function version(changes: Record<string, string | null> = {}): DiffInput {
  const files = { ...BASE_PROJECT, ...changes };
  const dir = writeProject(Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => e[1] !== null)));
  const { project, diagnostics } = loadFlows(join(dir, 'flows'), { cwd: dir });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { project, digest: (path) => createHash('sha256').update(readFileSync(path)).digest('hex') };
}

/** The base file with one exact text replaced. */
const edit = (path: string, from: string, to: string) => {
  const text = BASE_PROJECT[path]!;
  if (!text.includes(from)) throw new Error(`${path} ne contient pas ${from}`);
  return { [path]: text.replace(from, to) };
};

const compare = (changes: Record<string, string | null>): { report: DiffReport; after: DiffInput } => {
  const after = version(changes);
  return { report: diffProjects(version(), after), after };
};

const allChanges = (r: DiffReport): Change[] => [...r.contactDetails, ...[r.flows, r.procedures, r.contacts, r.brands].flat().flatMap((b) => b.changes), ...r.site];
const LABELS = { from: 'main (abc1234)', to: 'la copie de travail' };
const ACTIVATION = 'flows/activation.yaml';

describe('words and lists', () => {
  it('marks the changed words only, spaces left outside, as the site shows the text', () => {
    const change = wordChange('Appelez le 0 825 85 2000 :  du lundi\nau vendredi.', 'Appelez le 0 825 85 2001 : du lundi au samedi.');
    expect(change.before.filter((s) => s.changed).map((s) => s.text)).toEqual(['2000', 'vendredi']);
    expect(change.after.filter((s) => s.changed).map((s) => s.text)).toEqual(['2001', 'samedi']);
    expect(plain(change.after.map((s) => s.text).join(''))).toBe('Appelez le 0 825 85 2001 : du lundi au samedi.');
  });

  it('finds the addresses, e-mails and phone numbers of a text, as links and tel: forms', () => {
    expect(contactDetailsIn('Appelez le 0 825 85 2000 ou écrivez à aide@example.fr, voir https://example.fr/aide. Code 1234.')).toEqual([
      'https://example.fr/aide',
      'mailto:aide@example.fr',
      'tel:+33825852000',
    ]);
  });

  it('aligns lists: one item removed is one removal, the items after it stay paired with themselves', () => {
    expect(alignLists(['a', 'b', 'c', 'd'], ['a', 'c', 'd'])).toEqual({ pairs: [[0, 0], [2, 1], [3, 2]], removed: [1], added: [] });
    // Removed and added at the same place: the same item, changed.
    expect(alignLists(['a', 'b', 'c'], ['a', 'B', 'c'])).toEqual({ pairs: [[0, 0], [1, 1], [2, 2]], removed: [], added: [] });
  });
});

describe('what a reader is told of each change', () => {
  it('two versions that differ only in form: an empty report, one line in every format', () => {
    const { report, after } = compare(edit(ACTIVATION, 'title: Activer ma e-CPS', 'title: "Activer  ma e-CPS"   # le titre'));
    expect(report.empty).toBe(true);
    expect(formatText(report, LABELS)).toBe('Aucun changement visible par les lecteurs entre main (abc1234) et la copie de travail.\n');
    expect(formatMarkdown(report, LABELS, after.project).split('\n')).toHaveLength(2);
  });

  it('a node renamed with the same content: one rename, the address of its page changes, no path moves', () => {
    const renamed = BASE_PROJECT[ACTIVATION]!.replace('  erreur-b:', '  probleme-b:').replace('next: erreur-b', 'next: probleme-b');
    const { report } = compare({ [ACTIVATION]: renamed });
    expect(allChanges(report)).toEqual([
      { type: 'renamed', subject: { kind: 'node', id: 'probleme-b', name: 'D’où vient le problème ?', flow: 'activation', nodeKind: 'question' }, from: 'erreur-b', to: 'probleme-b' },
    ]);
    expect(report.flows[0]!.paths).toEqual([]);
    expect(report.flows[0]!.marks).toEqual([]);
    expect(plain(formatText(report, LABELS))).toContain('• Question « D’où vient le problème ? » : identifiant renommé de erreur-b en probleme-b, même contenu (l’adresse de sa page change)');
  });

  it('a reworded answer: its words change, every path through it stays the same path', () => {
    const { report } = compare(edit(ACTIVATION, '- label: De ma carte', '- label: De ma carte CPx'));
    expect(report.flows[0]!.paths).toEqual([]);
    expect(allChanges(report).map((c) => c.type === 'field' && [c.field, c.before, c.after])).toEqual([['Réponse « De ma carte CPx »', 'De ma carte', 'De ma carte CPx']]);
    expect(report.flows[0]!.marks).toEqual([{ node: 'erreur-b', mark: 'changed' }]);
  });

  it('another procedure on the way: the paths that go through it, before and after', () => {
    const { report } = compare(edit('flows/suppression.yaml', 'procedure: suppression-telephone', 'procedure: activation-coordonnees'));
    expect(report.flows.map((f) => f.paths)).toEqual([
      [{ type: 'via', answers: ['Oui'], after: { kind: 'success', label: 'réussite « Ma e-CPS est supprimée »' }, viaBefore: ['Je supprime ma e-CPS depuis mon téléphone'], viaAfter: ['Méthode B : j’active ma e-CPS avec mes coordonnées'] }],
    ]);
    expect(plain(formatText(report, LABELS))).toContain('• Oui (réussite « Ma e-CPS est supprimée ») — avant par [-« Je supprime ma e-CPS depuis mon téléphone »-], maintenant par {+« Méthode B : j’active ma e-CPS avec mes coordonnées »+}');
  });

  it('a journey renamed (its file): a rename, and the link to it from another journey still leads to the same place', () => {
    const link = edit('flows/suppression.yaml', '    support: Je n’ai plus mon téléphone\n    contacts: [service-e-cps]', '    flow: activation');
    const before = version(link);
    const after = version({ ...link, 'flows/suppression.yaml': link['flows/suppression.yaml']!.replace('flow: activation', 'flow: activer'), [ACTIVATION]: null, 'flows/activer.yaml': BASE_PROJECT[ACTIVATION]! });
    const report = diffProjects(before, after);
    expect(report.flows.map((f) => [f.subject.id, f.status, f.paths.length])).toEqual([['activer', 'renamed', 0]]);
    expect(report.sheets).toEqual([]);
  });

  it('a link that now leads into another node: its path continues elsewhere, in words', () => {
    const link = edit('flows/suppression.yaml', '    support: Je n’ai plus mon téléphone\n    contacts: [service-e-cps]', '    flow: activation');
    const report = diffProjects(version(link), version({ 'flows/suppression.yaml': link['flows/suppression.yaml']!.replace('flow: activation', 'flow: activation\n    node: methode-b') }));
    expect(report.flows[0]!.paths.map((p) => [p.type, p.answers, plain(p.before!.label), plain(p.after!.label)])).toEqual([
      ['rerouted', ['Non'], 'continue dans « Activer ma e-CPS » (activation), au début : J’ai une carte CPx ?', 'continue dans « Activer ma e-CPS » (activation), au nœud « methode-b » : Méthode B'],
    ]);
    expect(report.flows[0]!.marks).toEqual([{ node: 'aide', mark: 'rerouted' }]);
  });

  it('a new contact: its phone and e-mail, to check, first', () => {
    const contacts = `${BASE_PROJECT['flows/contacts/ans.yaml']!}  service-paca:\n    name: Assistance PACA\n    phone:\n      number: "04 91 00 00 00"\n`;
    const { report } = compare({ 'flows/contacts/ans.yaml': contacts });
    expect(report.contactDetails).toEqual([{ type: 'added', subject: { kind: 'contact', id: 'service-paca', name: 'Assistance PACA' }, details: ['téléphone 04 91 00 00 00'], contactDetails: true }]);
    expect(report.contacts).toEqual([]);
  });

  it('an address written into a step is a contact detail to check; one taken out is not', () => {
    const added = compare(
      edit('flows/procedures/suppression-telephone.yaml', 'text: Ouvrez l’appli e-CPS, puis le menu « Paramètres ».', 'text: "Ouvrez l’appli e-CPS, puis le menu « Paramètres » (aide : https://aide.example.fr)."'),
    );
    expect(added.report.contactDetails.map((c) => c.type === 'field' && c.field)).toEqual(['Étape 1, texte']);
    expect(added.report.procedures).toEqual([]);
    const removed = diffProjects(added.after, version());
    expect(removed.contactDetails).toEqual([]);
    expect(removed.procedures[0]!.changes.map((c) => c.type === 'field' && c.field)).toEqual(['Étape 1, texte']);
  });

  it('a new step in the middle: « Étape 2 ajoutée », the steps after it are not said to change', () => {
    const { report } = compare(edit('flows/procedures/suppression-telephone.yaml', '  - where: telephone\n    text: Appuyez', '  - where: telephone\n    text: Faites défiler jusqu’en bas.\n  - where: telephone\n    text: Appuyez'));
    expect(report.procedures[0]!.changes.map((c) => c.type === 'field' && [c.field, c.before, c.after])).toEqual([['Étape 2', undefined, 'Faites défiler jusqu’en bas.']]);
    expect(plain(formatText(report, LABELS))).toContain('  • Étape 2 ajoutée : {+Faites défiler jusqu’en bas.+}');
  });

  it('a changed sheet, with its pages (as `--fiches` measures them): before and after', () => {
    const after = version(edit('flows/procedures/suppression-telephone.yaml', 'et confirmez.', 'et confirmez deux fois.'));
    const pages = { before: new Map([['suppression-telephone', 1]]), after: new Map([['suppression-telephone', 2]]) };
    const text = plain(formatText(diffProjects(version(), after, { pages }), LABELS));
    expect(text).toContain('Fiches pratiques dont le contenu change\n  • « Je supprime ma e-CPS depuis mon téléphone » (fiches/suppression-telephone.pdf) : la procédure ; 1 page avant, 2 pages maintenant');
  });

  it('a brand’s portal changed: a contact detail; its variant’s sheet changes', () => {
    const { report } = compare(edit('flows/brands/paca.yaml', 'portal: https://sante-paca.fr/', 'portal: https://portail.sante-paca.fr/'));
    expect(report.contactDetails.map((c) => c.type === 'field' && [c.subject.id, c.field])).toEqual([['paca', 'Portail']]);
    expect(report.sheets.map((s) => [s.subject.id, s.parts])).toEqual([['paca-activation-carte', ['marque']]]);
  });
});

describe('the Markdown', () => {
  it('escapes what an editor writes: no markup, no HTML, no mention, no reference, no way out of the diagram', () => {
    const hostile = 'Qui ? @equipe-support #12 !34 a < b && c > d **gras** [lien](https://x.fr) ```mermaid ~~barré~~ %%{init: {}}%% | colonne |';
    const { report, after } = compare(edit(ACTIVATION, 'question: J’ai une carte CPx ?', `question: "${hostile}"`));
    const markdown = formatMarkdown(report, LABELS, after.project);
    const outsideDiagram = markdown.replace(/```mermaid\n[\s\S]*?```/, '');
    expect(outsideDiagram).not.toMatch(/ < b|&& c|\*\*gras|\[lien\]|~~barré|(^|\s)@equipe|(^|\s)#12|(^|\s)!34| \| colonne/);
    expect(markdown).toContain('@\u200bequipe-support');
    expect(markdown).toContain('a &lt; b &amp;&amp; c &gt; d \\*\\*gras\\*\\* \\[lien\\](https://x.fr)');
    expect(markdown.match(/^```.*$/gm)).toEqual(['```mermaid', '```']);
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(markdown)![1]!;
    expect(diagram).not.toMatch(/%%|```| < b/);
  });

  it('marks nodes by class and by a word, after the classes of their kind; no links in a comment', () => {
    const { report, after } = compare({
      ...edit(ACTIVATION, 'question: J’ai une carte CPx ?', 'question: J’ai une carte CPS ?'),
    });
    const flow = after.project.flows.get('activation')!;
    const { class: name, prefix, style } = MARKS.changed;
    const text = flowToMermaid(flow, after.project, { links: false, marks: { classes: { [name]: style }, nodes: new Map([['carte', { class: name, prefix }]]) } });
    expect(text).not.toContain('click ');
    expect(text.replace(/\u202f/g, ' ')).toContain('n0{{"#91;modifié#93; J’ai une carte<br>CPS ?"}}');
    expect(text.indexOf('classDef diffChanged')).toBeGreaterThan(text.indexOf('classDef flow'));
    expect(text).toMatch(/\n {2}class n0 diffChanged\n$/);
    expect(formatMarkdown(report, LABELS, after.project)).toContain(text.trimEnd());
  });

  it('a journey too large to read as a diagram: its marked nodes listed instead', () => {
    const many = Array.from({ length: MAX_DIAGRAM_NODES }, (_, i) => `  q${i}:\n    question: Question ${i} ?\n    answers:\n      - label: Suivante\n        next: ${i + 1 < MAX_DIAGRAM_NODES ? `q${i + 1}` : 'fin'}\n      - label: Arrêter\n        next: fin\n`).join('');
    const long = `title: Long\nstart: q0\nnodes:\n${many}  fin:\n    success: Fini\n`;
    const before = version({ 'flows/long.yaml': long });
    const after = version({ 'flows/long.yaml': long.replace('Question 7 ?', 'Question sept ?') });
    const markdown = formatMarkdown(diffProjects(before, after), LABELS, after.project);
    expect(markdown).not.toContain('```mermaid');
    expect(plain(markdown)).toContain(`Logigramme trop grand pour être lu ici (${MAX_DIAGRAM_NODES + 1} nœuds) ; les nœuds qu’il marquerait :\n\n- **[modifié]** Question sept ? (\`q7\`)`);
  });

  it('is the same, byte for byte, for the same two versions', () => {
    const changes = { ...edit(ACTIVATION, 'next: aide-carte', 'next: aide-appli'), ...edit('flows/contacts/ans.yaml', '"0 825 85 2000"', '"0 825 85 2001"') };
    const [a, b] = [compare(changes), compare(changes)];
    expect(formatMarkdown(a.report, LABELS, a.after.project)).toBe(formatMarkdown(b.report, LABELS, b.after.project));
    expect(JSON.stringify(a.report)).toBe(JSON.stringify(b.report));
  });
});

describe('the terminal', () => {
  it('colours only through the paint it is given, the marks stay readable without it', () => {
    const { report } = compare(edit(ACTIVATION, 'J’ai une carte CPx ?', 'J’ai une carte CPS ?'));
    const plainText = formatText(report, LABELS);
    expect(plainText).not.toContain('\u001b');
    expect(plainText).toContain('[-CPx-]');
    const painted = formatText(report, LABELS, { removed: (t) => `\u001b[31m${t}\u001b[0m`, added: (t) => `\u001b[32m${t}\u001b[0m`, strong: (t) => t, warning: (t) => t });
    expect(painted).toContain('\u001b[31m[-CPx-]\u001b[0m');
  });
});
