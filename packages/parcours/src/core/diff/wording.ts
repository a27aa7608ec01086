/**
 * The French words of a diff report, shared by the terminal and the Markdown: each format
 * gives its own `Markup` (how to escape a text, mark a removed or added word, show an
 * identifier), the sentences are the same.
 */
import type { Block, Change, Ending, PathChange, Segment, SheetChange, Subject } from './types.ts';

export interface Markup {
  /** A text from the content, made safe for the format. */
  text(value: string): string;
  /** An identifier (file, node or contact key). */
  code(value: string): string;
  /** Words removed (in a « before ») or added (in an « after »). */
  removed(value: string): string;
  added(value: string): string;
}

/** The version compared against and the one compared, in words (« main (3f2a1c0) », « la copie de travail »). */
export interface DiffLabels {
  from: string;
  to: string;
}

const NODE_KINDS: Record<NonNullable<Subject['nodeKind']>, { word: string; ending: Ending }> = {
  question: { word: 'Question', ending: 'e' },
  procedure: { word: 'Procédure suivie', ending: 'e' },
  success: { word: 'Réussite', ending: 'e' },
  support: { word: 'Support', ending: '' },
  flow: { word: 'Lien vers un parcours', ending: '' },
};

const KINDS: Record<Subject['kind'], { word: string; ending: Ending }> = {
  flow: { word: 'Parcours', ending: '' },
  node: { word: 'Nœud', ending: '' },
  procedure: { word: 'Procédure', ending: 'e' },
  contact: { word: 'Contact', ending: '' },
  brand: { word: 'Marque', ending: 'e' },
  sheet: { word: 'Fiche', ending: 'e' },
  site: { word: 'Réglages du site', ending: 's' },
  page: { word: 'Page', ending: 'e' },
};

const kindOf = (s: Subject) => (s.kind === 'node' && s.nodeKind ? NODE_KINDS[s.nodeKind] : KINDS[s.kind]);

/** « Question « J’ai une carte ? » », « Procédure « Méthode A » », « Réglages du site ». */
export function subjectName(s: Subject, m: Markup): string {
  if (s.kind === 'site') return KINDS.site.word;
  if (s.kind === 'page') return `${KINDS.page.word} ${m.code(s.id)}`;
  return `${kindOf(s).word} « ${m.text(s.name)} »`;
}

/** The same, with its identifier and (for a node) its journey: for a change read out of its place. */
export function fullName(s: Subject, m: Markup): string {
  if (s.kind === 'site' || s.kind === 'page') return subjectName(s, m);
  return `${subjectName(s, m)} (${m.code(s.flow ? `${s.flow}/${s.id}` : s.id)})`;
}

/** A text with its changed words marked. */
export const marked = (segments: Segment[], m: Markup, mark: (value: string) => string) => segments.map((s) => (s.changed ? mark(m.text(s.text)) : m.text(s.text))).join('');

/**
 * One change as a head line and, for a text that changed, its « avant » and « après »
 * (changed words marked).
 * @param within the subject the change is read under (its block): not named again
 */
export function describeChange(c: Change, m: Markup, within?: Subject): { head: string; before?: string; after?: string } {
  const same = within !== undefined && within.kind === c.subject.kind && within.id === c.subject.id;
  const who = same ? '' : within ? subjectName(c.subject, m) : fullName(c.subject, m);
  const { ending } = kindOf(c.subject);
  switch (c.type) {
    case 'renamed': {
      const what = c.subject.kind === 'procedure' ? 'l’adresse de sa page et le nom de sa fiche changent' : c.subject.kind === 'contact' ? 'son ancre sur la page des contacts change' : 'l’adresse de sa page change';
      return { head: `${who ? `${who} : ` : ''}identifiant renommé de ${m.code(c.from)} en ${m.code(c.to)}, même contenu (${what})` };
    }
    case 'added':
    case 'removed': {
      const verb = c.type === 'added' ? `ajouté${ending}` : `retiré${ending}`;
      const details = c.details.length ? ` : ${c.details.map(m.text).join(', ')}` : '';
      return { head: `${who || subjectName(c.subject, m)} ${verb}${details}` };
    }
    case 'field': {
      const lead = who ? `${who} — ${m.text(c.field)}` : m.text(c.field);
      if (c.words) return { head: lead, before: marked(c.words.before, m, m.removed), after: marked(c.words.after, m, m.added) };
      if (c.after !== undefined) return { head: `${lead} ajouté${c.ending}`, after: m.added(m.text(c.after)) };
      return { head: `${lead} retiré${c.ending}`, before: m.removed(m.text(c.before ?? '')) };
    }
  }
}

/** A block's title: the thing, its identifier and what happened to it. */
export function blockTitle(b: Block, m: Markup): string {
  const { ending } = kindOf(b.subject);
  const rename = b.changes.find((c) => c.type === 'renamed');
  const status =
    b.status === 'added' ? `ajouté${ending}` : b.status === 'removed' ? `retiré${ending}` : b.status === 'renamed' && rename?.type === 'renamed' ? `renommé${ending} (${m.code(rename.from)} → ${m.code(rename.to)})` : `modifié${ending}`;
  return `${subjectName(b.subject, m)} (${m.code(b.subject.id)}) : ${status}`;
}

/** The changes of a block other than the ones its title already says. */
export const blockChanges = (b: Block) => b.changes.filter((c) => !(c.subject.kind === b.subject.kind && c.subject.id === b.subject.id && (c.type === 'renamed' || c.type === 'added' || c.type === 'removed')));

export const PATH_GROUPS: { type: PathChange['type']; title: string }[] = [
  { type: 'rerouted', title: 'Chemins qui finissent ailleurs' },
  { type: 'appeared', title: 'Nouveaux chemins' },
  { type: 'disappeared', title: 'Chemins qui disparaissent' },
  { type: 'via', title: 'Chemins qui passent par d’autres procédures' },
];

/** A path: its answers in order (« Oui → Non »), or « dès le début » when it asks nothing. */
export const pathAnswers = (p: PathChange, m: Markup) => (p.answers.length ? p.answers.map(m.text).join(' → ') : 'dès le début');

/** One path change in one line: the answers, a dash (answers may hold « : »), where it leads. */
export function describePath(p: PathChange, m: Markup): string {
  const answers = pathAnswers(p, m);
  switch (p.type) {
    case 'rerouted':
      return `${answers} — avant ${m.removed(m.text(p.before!.label))}, maintenant ${m.added(m.text(p.after!.label))}`;
    case 'appeared':
      return `${answers} — ${m.added(m.text(p.after!.label))}`;
    case 'disappeared':
      return `${answers} — ${m.removed(m.text(p.before!.label))}`;
    case 'via': {
      const list = (titles: string[]) => (titles.length ? titles.map((t) => `« ${m.text(t)} »`).join(', ') : 'aucune procédure');
      return `${answers} (${m.text(p.after!.label)}) — avant par ${m.removed(list(p.viaBefore ?? []))}, maintenant par ${m.added(list(p.viaAfter ?? []))}`;
    }
  }
}

const PARTS: Record<string, string> = { procédure: 'la procédure', marque: 'la marque', contacts: 'les contacts' };

/** A sheet whose content changed, in one line. */
export function describeSheet(s: SheetChange, m: Markup): string {
  const name = `« ${m.text(s.subject.name)} » (${m.code(`fiches/${s.subject.id}.pdf`)})`;
  const pages = (n: number) => `${n} page${n > 1 ? 's' : ''}`;
  const layout =
    s.pagesBefore !== undefined && s.pagesAfter !== undefined
      ? s.pagesBefore === s.pagesAfter
        ? ` ; toujours ${pages(s.pagesAfter)}`
        : ` ; ${pages(s.pagesBefore)} avant, ${pages(s.pagesAfter)} maintenant`
      : s.pagesAfter !== undefined
        ? ` ; ${pages(s.pagesAfter)}`
        : s.pagesBefore !== undefined
          ? ` ; elle faisait ${pages(s.pagesBefore)}`
          : '';
  if (s.status === 'added') return `${name} : nouvelle fiche${layout}`;
  if (s.status === 'removed') return `${name} : fiche retirée${layout}`;
  return `${name} : ${s.parts.map((p) => PARTS[p] ?? p).join(', ')}${layout}`;
}

/** The one line said when nothing changes for a reader. */
export const nothingToSay = (labels: DiffLabels) => `Aucun changement visible par les lecteurs entre ${labels.from} et ${labels.to}.`;

export const SECTIONS = {
  contactDetails: '⚠ Coordonnées modifiées : à vérifier une à une',
  flows: 'Parcours',
  procedures: 'Procédures',
  contacts: 'Contacts',
  brands: 'Marques',
  sheets: 'Fiches pratiques dont le contenu change',
  site: 'Site',
} as const;
