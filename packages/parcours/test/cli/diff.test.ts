/**
 * `parcours diff` on real git repositories: each kind of change an editor makes (re-route an
 * answer, reword a question, change a phone number, add a journey, rename a procedure, remove
 * a step) is said once, in French, in the terminal, in Markdown and in JSON; a change no
 * reader can see (comments, key order, quoting, line wrapping) says nothing.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { DiffReport } from '../../src/core/diff/types.ts';
import { runCli } from '../helpers/cli.ts';
import { gitProject, removeGitProjects, type GitProject } from '../helpers/git-project.ts';

afterAll(removeGitProjects);

interface Outputs {
  text: string;
  markdown: string;
  json: DiffReport & { from: { revision: string; commit: string; label: string } };
}

/** French spacing is invisible in a test's source: compare words, not the kind of space. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

/** The three formats of `parcours diff` (default revision) in a project, French spaces made plain. */
function diffAll(p: GitProject, args: string[] = []): Outputs & { raw: string } {
  const run = (extra: string[]) => {
    const r = runCli(['diff', ...args, ...extra], p.dir);
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };
  const raw = run([]);
  return { raw, text: plain(raw), markdown: plain(run(['--markdown'])), json: JSON.parse(plain(run(['--json']))) };
}

const count = (text: string, part: string) => text.split(part).length - 1;
/** A JSON report's changes, wherever they are. */
const allChanges = (r: DiffReport) => [...r.contactDetails, ...[r.flows, r.procedures, r.contacts, r.brands].flat().flatMap((b) => b.changes), ...r.site];
const mermaidBlocks = (markdown: string) => [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

const ACTIVATION = 'flows/activation.yaml';
/** Each test runs the real command several times, on a machine that may be busy. */
const SLOW = { timeout: 180_000 };

describe('parcours diff, one change at a time, committed on a branch (compared with where it left main)', SLOW, () => {
  it('an answer sent elsewhere: the one path whose end changed, before and after, and the re-routed question marked', () => {
    const p = gitProject();
    p.edit(ACTIVATION, '      - label: Non\n        next: aide-carte', '      - label: Non\n        next: aide-appli');
    p.commit('Le Non mène à l’assistance de l’appli');
    const { text, markdown, json } = diffAll(p);

    expect(text).toContain(
      'Chemins qui finissent ailleurs :\n    • Oui → Oui → Non — avant [-support « J’ai un problème avec ma carte » (Service client Cartes de l’ANS)-], maintenant {+support « J’ai un problème avec l’appli e-CPS » (Service client e-CPS de l’ANS)+}',
    );
    expect(count(text, 'Oui → Oui → Non')).toBe(1);
    expect(text).not.toMatch(/Nouveaux chemins|disparaissent|Coordonnées|Fiches/);

    expect(json.flows).toHaveLength(1);
    expect(json.flows[0]!.paths).toEqual([
      {
        type: 'rerouted',
        answers: ['Oui', 'Oui', 'Non'],
        before: { kind: 'support', label: 'support « J’ai un problème avec ma carte » (Service client Cartes de l’ANS)' },
        after: { kind: 'support', label: 'support « J’ai un problème avec l’appli e-CPS » (Service client e-CPS de l’ANS)' },
      },
    ]);
    expect(json.flows[0]!.marks).toEqual([{ node: 'activee-a', mark: 'rerouted' }]);

    const [diagram] = mermaidBlocks(markdown);
    expect(diagram).toContain('n3{{"#91;réorienté#93; Ma e-CPS est<br>activée ?"}}');
    expect(diagram).toMatch(/^ {2}class n3 diffRerouted$/m);
    expect(markdown).toContain('Légende : **[réorienté]**');
    expect(count(markdown, 'Oui → Oui → Non')).toBe(1);
  });

  it('a reworded question: its words before and after, and nothing about paths', () => {
    const p = gitProject();
    p.edit(ACTIVATION, 'Mon ordinateur est équipé d’un lecteur de carte ?', 'Mon ordinateur a-t-il un lecteur de carte ?');
    p.commit('Question plus courte');
    const { raw, text, markdown, json } = diffAll(p);

    // French spacing, as everywhere a reader reads: a no-break space before « : », a narrow one before « ? ».
    expect(raw).toContain('avant\u00a0: Mon ordinateur [-est équipé d’-]un lecteur de carte\u202f?');
    expect(text).toContain(
      '\n  • Question « Mon ordinateur a-t-il un lecteur de carte ? » — Intitulé\n      avant : Mon ordinateur [-est équipé d’-]un lecteur de carte ?\n      après : Mon ordinateur {+a-t-il+} un lecteur de carte ?\n',
    );
    expect(text).not.toMatch(/Chemins|Fiches/);
    const [change] = allChanges(json);
    expect(allChanges(json)).toHaveLength(1);
    expect(change).toMatchObject({ type: 'field', field: 'Intitulé', subject: { kind: 'node', id: 'lecteur', flow: 'activation' }, contactDetails: false });
    expect(change!.type === 'field' && change!.words!.after.filter((s) => s.changed).map((s) => s.text)).toEqual(['a-t-il']);
    expect(json.flows[0]!.paths).toEqual([]);
    expect(json.flows[0]!.marks).toEqual([{ node: 'lecteur', mark: 'changed' }]);
    expect(markdown).toContain('  - avant : Mon ordinateur ~~est équipé d’~~un lecteur de carte ?\n  - après : Mon ordinateur **a-t-il** un lecteur de carte ?');
    expect(mermaidBlocks(markdown)[0]).toContain('#91;modifié#93; Mon ordinateur');
  });

  it('a changed phone number: first, flagged, said once; the sheets that print it are listed', () => {
    const p = gitProject();
    p.edit('flows/contacts/ans.yaml', '"0 825 85 2000"', '"0 825 85 2001"');
    p.commit('Nouveau numéro');
    const { text, markdown, json } = diffAll(p);

    const lines = text.split('\n');
    expect(lines[3]).toBe('⚠ Coordonnées modifiées : à vérifier une à une');
    expect(lines.slice(4, 7).join('\n')).toBe(
      '  • Contact « Service client Cartes de l’ANS » (service-cartes) — Téléphone\n      avant : 0 825 85 [-2000-]\n      après : 0 825 85 {+2001+}',
    );
    expect(count(text, '2001')).toBe(1);
    expect(count(text, '2000')).toBe(1);
    // The sheets that print this contact: the two of journeys whose supports call it, and PACA's variant (its national base does).
    expect(json.sheets.map((s) => [s.subject.id, s.status, s.parts])).toEqual([
      ['activation-carte', 'changed', ['contacts']],
      ['paca-activation-carte', 'changed', ['contacts']],
      ['activation-coordonnees', 'changed', ['contacts']],
    ]);
    expect(json.contactDetails).toHaveLength(1);
    expect(json.contactDetails[0]).toMatchObject({ type: 'field', field: 'Téléphone', before: '0 825 85 2000', after: '0 825 85 2001', contactDetails: true });
    expect(json.contacts).toEqual([]);
    expect(markdown).toMatch(/^> \[!WARNING\]\n> \*\*⚠ Coordonnées modifiées/m);
    expect(markdown).toContain('>   - après : 0 825 85 **2001**');
    expect(count(markdown, '2001')).toBe(1);
    expect(mermaidBlocks(markdown)).toEqual([]);
  });

  it('a new journey: added, with every path it opens', () => {
    const p = gitProject();
    p.write(
      'flows/reactivation.yaml',
      `title: Réactiver ma e-CPS
start: carte
nodes:
  carte:
    question: J’ai ma carte CPx ?
    answers:
      - label: Oui
        next: methode-a
      - label: Non
        next: aide
  methode-a:
    procedure: activation-carte
    next: fin
  fin:
    success: Ma e-CPS est réactivée
  aide:
    support: Je n’ai plus ma carte
    contacts: [service-cartes]
`,
    );
    p.commit('Parcours de réactivation');
    const { text, markdown, json } = diffAll(p);

    expect(text).toContain('■ Parcours « Réactiver ma e-CPS » (reactivation) : ajouté\n  Nouveaux chemins :\n    • Oui — {+réussite « Ma e-CPS est réactivée »+}\n    • Non — {+support « Je n’ai plus ma carte » (Service client Cartes de l’ANS)+}');
    expect(count(text, 'Réactiver ma e-CPS')).toBe(1);
    expect(json.flows.map((f) => [f.subject.id, f.status, f.paths.length])).toEqual([['reactivation', 'added', 2]]);
    // Its journey now uses method A: that sheet lists the journey's support contact (already listed), nothing else changes.
    expect(json.procedures).toEqual([]);
    const diagrams = mermaidBlocks(markdown);
    expect(diagrams).toHaveLength(1);
    expect(diagrams[0]).toContain('accTitle: Logigramme #58; Réactiver ma e-CPS');
    expect(diagrams[0]).not.toContain('diffAdded');
  });

  it('a renamed procedure (file and references): one rename, not a removal and an addition; its sheet is not said to change', () => {
    const p = gitProject();
    p.git('mv', 'flows/procedures/activation-coordonnees.yaml', 'flows/procedures/activation-par-coordonnees.yaml');
    p.edit(ACTIVATION, 'procedure: activation-coordonnees', 'procedure: activation-par-coordonnees');
    p.commit('Nom de fichier plus clair');
    const { text, markdown, json } = diffAll(p);

    expect(text).toContain('■ Procédure « Méthode B : j’active ma e-CPS avec mes coordonnées » (activation-par-coordonnees) : renommée (activation-coordonnees → activation-par-coordonnees)');
    expect(text).not.toMatch(/ajouté|retiré|Parcours|Fiches|Chemins/);
    expect(json.procedures.map((b) => [b.subject.id, b.status, b.changes.map((c) => c.type)])).toEqual([['activation-par-coordonnees', 'renamed', ['renamed']]]);
    expect(json.flows).toEqual([]);
    expect(json.sheets).toEqual([]);
    expect(markdown).toContain('renommée (`activation-coordonnees` → `activation-par-coordonnees`)');
  });

  it('a removed step: one change, the step’s words, and the sheet that prints it', () => {
    const p = gitProject();
    p.edit('flows/procedures/activation-carte.yaml', '  - where: ordinateur\n    text: Sur votre ordinateur, allez sur https://wallet.esw.esante.gouv.fr\n', '');
    p.commit('Étape inutile');
    const { text, markdown, json } = diffAll(p);

    expect(text).toContain(
      '■ Procédure « Méthode A : j’active ma e-CPS avec ma carte » (activation-carte) : modifiée\n  • Étape 2 retirée : [-Sur votre ordinateur, allez sur https://wallet.esw.esante.gouv.fr-]',
    );
    // The address the step held is only taken away: not a new contact detail to check.
    expect(text).not.toContain('Coordonnées');
    expect(count(text, 'Étape')).toBe(1);
    expect(allChanges(json)).toHaveLength(1);
    expect(json.sheets.map((s) => [s.subject.id, s.parts])).toEqual([['activation-carte', ['procédure']]]);
    expect(json.flows.map((f) => f.marks)).toEqual([[{ node: 'methode-a', mark: 'changed' }]]);
    expect(markdown).toContain('#91;modifié#93; Méthode A');
  });

  it('changes no reader can see (comments, key order, quoting, line wrapping, a contacts file renamed) say so in one line', () => {
    const p = gitProject();
    p.edit(ACTIVATION, 'title: Activer ma e-CPS\norder: 1\n', '# Le parcours principal.\norder: 1\ntitle: "Activer ma e-CPS"\n');
    p.edit(ACTIVATION, '    question: Mon ordinateur est équipé d’un lecteur de carte ?', '    question: >-\n      Mon ordinateur est équipé\n      d’un lecteur de carte ?');
    p.edit('flows/procedures/activation-carte.yaml', 'short: Méthode A', "short: 'Méthode A'   # court");
    p.git('mv', 'flows/contacts/ans.yaml', 'flows/contacts/national.yaml');
    p.commit('Mise en forme');
    for (const format of [[], ['--markdown']]) {
      const run = runCli(['diff', ...format], p.dir);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^Aucun changement visible par les lecteurs entre main \\?\(point de départ de la branche, [0-9a-f]{7}\\?\) et la copie de travail\.\n$/);
    }
    const json = JSON.parse(runCli(['diff', '--json'], p.dir).stdout) as DiffReport;
    expect(json.empty).toBe(true);
    expect(allChanges(json)).toEqual([]);
  });
});

describe('which version parcours diff compares with', SLOW, () => {
  it('on main itself: the changes not yet committed (HEAD)', () => {
    const p = gitProject();
    p.git('checkout', '-q', 'main');
    p.edit('flows/suppression.yaml', 'Ma e-CPS est supprimée', 'Votre e-CPS est supprimée');
    const run = runCli(['diff', '--json'], p.dir);
    const json = JSON.parse(run.stdout) as Outputs['json'];
    expect(json.from.revision).toBe('main');
    expect(json.from.commit).toBe(p.git('rev-parse', 'HEAD').trim());
    expect(json.from.label).toMatch(/^main \(dernier commit, [0-9a-f]{7}\)$/);
    expect(allChanges(json).map((c) => c.type === 'field' && c.field)).toEqual(['Intitulé']);
  });

  it('a revision given by name, in a project that sits in a sub-folder of its repository', () => {
    const p = gitProject(undefined, 'guides/aide');
    p.edit('flows/suppression.yaml', 'Ma e-CPS est supprimée', 'Votre e-CPS est supprimée');
    p.commit('Reformulation');
    p.edit('flows/suppression.yaml', 'J’ai encore mon téléphone ?', 'J’ai toujours mon téléphone ?');
    const sinceLast = JSON.parse(runCli(['diff', 'HEAD', '--json'], p.dir).stdout) as Outputs['json'];
    expect(allChanges(sinceLast).map((c) => c.type === 'field' && plain(c.after!))).toEqual(['J’ai toujours mon téléphone ?']);
    expect(sinceLast.from.label).toMatch(/^HEAD \([0-9a-f]{7}\)$/);
    const sinceMain = JSON.parse(runCli(['diff', '--json', '--content', p.dir], p.dir.replace(/guides\/aide$/, '')).stdout) as Outputs['json'];
    expect(allChanges(sinceMain)).toHaveLength(2);
  });

  it('a repository without main or master: where the branch left the remote’s default branch', () => {
    const p = gitProject();
    p.git('branch', '-m', 'main', 'production');
    p.git('update-ref', 'refs/remotes/origin/production', 'production');
    p.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/production');
    p.git('remote', 'add', 'origin', 'https://example.org/aide.git');
    p.edit('flows/suppression.yaml', 'Ma e-CPS est supprimée', 'Votre e-CPS est supprimée');
    p.commit('Reformulation');
    const json = JSON.parse(runCli(['diff', '--json'], p.dir).stdout);
    expect(json.from.revision).toBe('origin/production');
    expect(json.from.commit).toBe(p.git('rev-parse', 'production').trim());
  });
});

describe('what parcours diff refuses, in French', SLOW, () => {
  it('outside a git repository (exit 2)', () => {
    const p = gitProject();
    rmSync(`${p.dir}/.git`, { recursive: true, force: true });
    const run = runCli(['diff'], p.dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Le projet n’est pas dans un dépôt git');
  });

  it('an unknown revision (exit 2)', () => {
    const run = runCli(['diff', 'mian'], gitProject().dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Révision inconnue : « mian »');
  });

  it('a working tree with errors: they are shown, nothing is compared (exit 1)', () => {
    const p = gitProject();
    p.edit(ACTIVATION, 'next: aide-appli', 'next: aide-apli');
    const run = runCli(['diff'], p.dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^flows\/activation\.yaml:\d+:\d+ erreur /m);
    expect(run.stderr).toContain('corrigez-la (parcours check) avant de comparer');
  });

  it('--json and --markdown together (exit 2)', () => {
    const run = runCli(['diff', '--json', '--markdown'], gitProject().dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('ne vont pas ensemble');
  });
});
