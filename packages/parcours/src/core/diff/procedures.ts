/** What changed in a procedure, as its page and its sheet show it: texts, steps, pictures, links. */
import { formatReviewDate } from '../freshness.ts';
import { CALLOUT_LABELS, WHERE_LABELS } from '../labels.ts';
import type { Callout, Picture, Procedure, Project, Step } from '../model.ts';
import { FieldChanges } from './fields.ts';
import { calloutKeyText, linkKey, pictureKey, stepKey, type Keys } from './keys.ts';
import { alignLists } from './match.ts';
import type { Change, Subject } from './types.ts';

export const procedureSubject = (p: Procedure): Subject => ({ kind: 'procedure', id: p.id, name: p.title });

const HELPERS: Record<NonNullable<Step['helper']>, string> = { 'identifiant-national': 'aide à la saisie de l’identifiant national' };
const VIEWS: Record<Picture['view'], string> = { mobile: 'téléphone', ordinateur: 'ordinateur' };

/** A step in one line, for a step added or removed. */
export const stepSummary = (s: Step) => [s.title, s.text, ...s.items].filter((t): t is string => Boolean(t)).join(' — ');
const calloutSummary = (c: Callout) => [`${CALLOUT_LABELS[c.kind]} :`, c.title, c.text, ...c.items].filter((t): t is string => Boolean(t)).join(' ');
const pictureSummary = (p: Picture) => `${p.src} (${VIEWS[p.view]}) : ${p.alt}`;
const reviewDate = (value: string | undefined) => (value === undefined ? undefined : formatReviewDate(value));

/** Callouts of a procedure or of a step, aligned. */
function compareCallouts(out: FieldChanges, label: (n: number) => string, before: Callout[], after: Callout[]): void {
  const { pairs, removed, added } = alignLists(before.map(calloutKeyText), after.map(calloutKeyText));
  for (const [i, j] of pairs) {
    const [b, a] = [before[i]!, after[j]!];
    const name = label(j + 1);
    out.text(`${name}, type`, '', CALLOUT_LABELS[b.kind], CALLOUT_LABELS[a.kind]);
    out.text(`${name}, titre`, '', b.title, a.title);
    out.text(`${name}, texte`, '', b.text, a.text);
    out.texts((k) => `${name}, point ${k}`, '', b.items, a.items);
  }
  for (const i of removed) out.text(label(i + 1), '', calloutSummary(before[i]!), undefined);
  for (const j of added) out.text(label(j + 1), '', undefined, calloutSummary(after[j]!));
}

function compareStep(out: FieldChanges, n: number, b: Step, a: Step, before: Keys, after: Keys): void {
  const name = `Étape ${n}`;
  out.text(`${name}, titre`, '', b.title, a.title);
  out.text(`${name}, texte`, '', b.text, a.text);
  out.text(`${name}, appareil`, '', b.where && WHERE_LABELS[b.where], a.where && WHERE_LABELS[a.where]);
  out.texts((k) => `${name}, point ${k}`, '', b.items, a.items);
  compareCallouts(out, (k) => `${name}, encadré ${k}`, b.callouts, a.callouts);
  const pictures = alignLists(
    b.pictures.map((p) => pictureKey(p, before)),
    a.pictures.map((p) => pictureKey(p, after)),
  );
  for (const [i, j] of pictures.pairs) {
    const [pb, pa] = [b.pictures[i]!, a.pictures[j]!];
    const label = `${name}, image ${j + 1}`;
    out.text(`${label}, description`, 'e', pb.alt, pa.alt);
    const sameFile = before.side.digest?.(pb.path) === after.side.digest?.(pa.path);
    if (pb.src !== pa.src || pb.view !== pa.view) out.text(label, 'e', `${pb.src} (${VIEWS[pb.view]})`, `${pa.src} (${VIEWS[pa.view]})`);
    else if (!sameFile) out.text(label, 'e', `${pb.src} (ancienne image)`, `${pa.src} (image remplacée)`);
  }
  for (const i of pictures.removed) out.text(`${name}, image ${i + 1}`, 'e', pictureSummary(b.pictures[i]!), undefined);
  for (const j of pictures.added) out.text(`${name}, image ${j + 1}`, 'e', undefined, pictureSummary(a.pictures[j]!));
  out.text(`${name}, outil`, '', b.helper && HELPERS[b.helper], a.helper && HELPERS[a.helper]);
}

/**
 * The changes of a procedure's page and sheet. Steps are aligned: removing step 2 is one
 * change (« Étape 2 retirée »), not a change of every step after it.
 */
export function compareProcedure(b: Procedure, a: Procedure, projects: { before: Project; after: Project }, keys: { before: Keys; after: Keys }): Change[] {
  const out = new FieldChanges(procedureSubject(a));
  const brandName = (project: Project, id?: string) => (id === undefined ? undefined : (project.brands.get(id)?.name ?? id));
  const baseTitle = (project: Project, id?: string) => (id === undefined ? undefined : (project.procedures.get(id)?.title ?? id));
  out.text('Titre', '', b.title, a.title);
  out.text('Titre court', '', b.short, a.short);
  out.text('Description', 'e', b.description, a.description);
  out.text('Marque', 'e', brandName(projects.before, b.brand), brandName(projects.after, a.brand));
  out.text('Variante de', 'e', baseTitle(projects.before, b.variantOf), baseTitle(projects.after, a.variantOf));
  out.texts((n) => `Prérequis ${n}`, '', b.prerequisites, a.prerequisites);
  const steps = alignLists(
    b.steps.map((s) => stepKey(s, keys.before)),
    a.steps.map((s) => stepKey(s, keys.after)),
  );
  for (const [i, j] of steps.pairs) compareStep(out, j + 1, b.steps[i]!, a.steps[j]!, keys.before, keys.after);
  for (const i of steps.removed) out.text(`Étape ${i + 1}`, 'e', stepSummary(b.steps[i]!), undefined);
  for (const j of steps.added) out.text(`Étape ${j + 1}`, 'e', undefined, stepSummary(a.steps[j]!));
  compareCallouts(out, (n) => `Encadré ${n}`, b.callouts, a.callouts);
  out.text('Résultat', '', b.outcome, a.outcome);
  const links = alignLists(b.links.map(linkKey), a.links.map(linkKey));
  for (const [i, j] of links.pairs) {
    out.text(`Lien ${j + 1}, intitulé`, '', b.links[i]!.label, a.links[j]!.label);
    out.text(`Lien ${j + 1}, adresse`, 'e', b.links[i]!.url, a.links[j]!.url, true);
  }
  for (const i of links.removed) out.text(`Lien ${i + 1}`, '', `${b.links[i]!.label} (${b.links[i]!.url})`, undefined, true);
  for (const j of links.added) out.text(`Lien ${j + 1}`, '', undefined, `${a.links[j]!.label} (${a.links[j]!.url})`, true);
  out.text('Date de vérification', 'e', reviewDate(b.reviewed), reviewDate(a.reviewed));
  return out.list;
}

/** What an added or removed procedure holds, in a few words. */
export const procedureDetails = (p: Procedure, project: Project): string[] => [
  ...(p.brand ? [`marque ${project.brands.get(p.brand)?.name ?? p.brand}`] : []),
  `${p.steps.length} étape${p.steps.length > 1 ? 's' : ''}`,
];
