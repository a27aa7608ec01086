/**
 * `diffProjects`: what a reader will see differently between two versions of a content project,
 * both loaded by the real loader. Pure: the versions come in as models (and, for pictures and
 * logos, a digest of their files); nothing here knows of git or of the file system.
 *
 * Things are paired leaves first, so that each pairing can see the renames before it:
 * contacts, then brands (which list contacts), procedures (which name a brand), journeys
 * (which use all three), and each journey's nodes.
 */
import type { Config } from '../config.ts';
import type { FlowNode, Project } from '../model.ts';
import { orderedFlows } from '../order.ts';
import { journeyOrder, sheetsInJourneyOrder, sheetsOf, type Sheet } from '../sheet-contents.ts';
import { brandSubject, compareBrand, compareContact, contactDetails, contactSubject } from './contacts.ts';
import { FieldChanges } from './fields.ts';
import { allPaths, compareJourney, flowSubject, type JourneyContext } from './journeys.ts';
import { brandKey, contactKey, flowKey, nodeKey, NO_RENAMES, procedureKey, type DiffSide, type Keys, type Renames } from './keys.ts';
import { matchById, type Matched } from './match.ts';
import { compareProcedure, procedureDetails, procedureSubject } from './procedures.ts';
import type { Block, Change, DiffReport, SheetChange, Subject } from './types.ts';

export type { DiffSide } from './keys.ts';

/** Everything `diffProjects` compares of one version. */
export interface DiffInput extends DiffSide {
  /** parcours.yaml, when it loaded. */
  config?: Config;
  /** The editorial pages (content/…), by file: their text. */
  pages?: ReadonlyMap<string, string>;
}

export interface DiffOptions {
  /** With `--fiches`: each sheet's pages, by sheet name, as the build lays them out. */
  pages?: { before: ReadonlyMap<string, number>; after: ReadonlyMap<string, number> };
}

/** The key functions of both versions, references read through `renames`. */
const keysOf = (before: DiffSide, after: DiffSide, renames: Renames) => ({
  before: { side: before, renames, before: true } satisfies Keys,
  after: { side: after, renames, before: false } satisfies Keys,
});

function block(subject: Subject, status: Block['status'], changes: Change[] = []): Block {
  return { subject, status, changes, paths: [], marks: [] };
}

/** Blocks for things matched by `matchById`: renamed, changed, added, removed (those last). */
function blocks<T>(matched: Matched<T>, subject: (value: T) => Subject, compare: (b: T, a: T) => Change[], details: (value: T, side: 'before' | 'after') => { details: string[]; contactDetails: boolean }): Block[] {
  const out: Block[] = [];
  for (const { before, after, renamed } of matched.pairs) {
    const changes = compare(before, after);
    if (renamed) out.push(block(subject(after), 'renamed', [{ type: 'renamed', subject: subject(after), from: subject(before).id, to: subject(after).id }, ...changes]));
    else if (changes.length) out.push(block(subject(after), 'changed', changes));
  }
  for (const value of matched.added) out.push(block(subject(value), 'added', [{ type: 'added', subject: subject(value), ...details(value, 'after') }]));
  for (const value of matched.removed) out.push(block(subject(value), 'removed', [{ type: 'removed', subject: subject(value), ...details(value, 'before') }]));
  return out;
}

/** The site's settings a reader sees (parcours.yaml), and its editorial pages. */
function compareSite(before: DiffInput, after: DiffInput): Change[] {
  const out = new FieldChanges({ kind: 'site', id: 'parcours.yaml', name: 'Réglages du site' });
  const [b, a] = [before.config, after.config];
  if (b && a) {
    out.text('Nom du site', '', b.site.name, a.site.name);
    out.text('Description du site', 'e', b.site.description, a.site.description);
    out.text('Adresse publique', 'e', b.site.url, a.site.url, true);
    out.text('Éditeur', '', b.publisher.name, a.publisher.name);
    out.text('Titre de la page d’accueil', '', b.home.title, a.home.title);
    out.text('Introduction de la page d’accueil', 'e', b.home.intro, a.home.intro);
    out.text('Titre du recueil des fiches', '', b.sheets.collectionTitle, a.sheets.collectionTitle);
  }
  const changes = [...out.list];
  const [pb, pa] = [before.pages ?? new Map<string, string>(), after.pages ?? new Map<string, string>()];
  const page = (file: string): Subject => ({ kind: 'page', id: file, name: file });
  for (const file of [...new Set([...pb.keys(), ...pa.keys()])].sort()) {
    const [tb, ta] = [pb.get(file), pa.get(file)];
    if (tb === undefined) changes.push({ type: 'added', subject: page(file), details: [], contactDetails: false });
    else if (ta === undefined) changes.push({ type: 'removed', subject: page(file), details: [], contactDetails: false });
    else if (tb.replace(/\s+/g, ' ').trim() !== ta.replace(/\s+/g, ' ').trim()) {
      // MDX is not read here: the page is named, its text is for the reviewer to read.
      const p = new FieldChanges(page(file));
      p.text('Texte de la page', '', tb, ta);
      changes.push(...p.list);
    }
  }
  return changes;
}

/**
 * The printed sheets whose content changed: a sheet is its procedure, its brand and its
 * contacts (`sheetsOf`), compared as a reader of the paper sees them. A renamed procedure
 * whose sheet prints the same is not listed (its rename says that the file's name changes).
 */
function compareSheets(before: Project, after: Project, keys: { before: Keys; after: Keys }, options: DiffOptions): SheetChange[] {
  const parts = (s: Sheet, k: Keys) => ({
    procédure: procedureKey(s.procedure, k),
    marque: s.brand ? brandKey(s.brand, k) : '',
    contacts: s.contacts.map(contactKey).join('\n'),
  });
  const subject = (s: Sheet): Subject => ({ kind: 'sheet', id: s.name, name: `${s.brand ? `${s.brand.name} : ` : ''}${s.procedure.title}` });
  const pages = (name: string, side: 'before' | 'after') => {
    const n = options.pages?.[side].get(name);
    return n === undefined ? {} : side === 'before' ? { pagesBefore: n } : { pagesAfter: n };
  };
  const oldSheets = new Map(sheetsOf(before).map((s) => [keys.before.renames.procedures.get(s.procedure.id) ?? `\u0000${s.procedure.id}`, s]));
  const out: SheetChange[] = [];
  for (const sheet of sheetsInJourneyOrder(after, sheetsOf(after))) {
    const was = oldSheets.get(sheet.procedure.id);
    oldSheets.delete(sheet.procedure.id);
    if (!was) {
      out.push({ subject: subject(sheet), status: 'added', parts: [], ...pages(sheet.name, 'after') });
      continue;
    }
    const [pb, pa] = [parts(was, keys.before), parts(sheet, keys.after)];
    const changed = (Object.keys(pa) as (keyof typeof pa)[]).filter((part) => pb[part] !== pa[part]);
    if (changed.length) out.push({ subject: subject(sheet), status: 'changed', parts: changed, ...pages(was.name, 'before'), ...pages(sheet.name, 'after') });
  }
  for (const was of oldSheets.values()) out.push({ subject: subject(was), status: 'removed', parts: [], ...pages(was.name, 'before') });
  return out;
}

/** Takes out of the blocks every change of contact details: they are shown first, once. */
function takeContactDetails(list: Block[]): Change[] {
  const taken: Change[] = [];
  for (const b of list) {
    taken.push(...b.changes.filter((c) => c.type !== 'renamed' && c.contactDetails));
    b.changes = b.changes.filter((c) => c.type === 'renamed' || !c.contactDetails);
  }
  return taken;
}

/** What a reader will see differently from `before` to `after`. */
export function diffProjects(before: DiffInput, after: DiffInput, options: DiffOptions = {}): DiffReport {
  const [pb, pa] = [before.project, after.project];
  const projects = { before: pb, after: pa };
  const renames: { -readonly [K in keyof Renames]: Renames[K] } = { ...NO_RENAMES };
  let keys = keysOf(before, after, renames);

  const contacts = matchById(pb.contacts, pa.contacts, contactKey);
  renames.contacts = contacts.ids;
  keys = keysOf(before, after, renames);
  const brands = matchById(pb.brands, pa.brands, (b, side) => brandKey(b, keys[side]));
  renames.brands = brands.ids;
  keys = keysOf(before, after, renames);
  const procedures = matchById(pb.procedures, pa.procedures, (p, side) => procedureKey(p, keys[side]));
  renames.procedures = procedures.ids;
  keys = keysOf(before, after, renames);
  const flows = matchById(pb.flows, pa.flows, (f, side) => flowKey(f, keys[side]));
  renames.flows = flows.ids;
  keys = keysOf(before, after, renames);

  const procedureBlocks = blocks(
    procedures,
    procedureSubject,
    (b, a) => compareProcedure(b, a, projects, keys),
    (p, side) => ({ details: procedureDetails(p, projects[side]), contactDetails: false }),
  );
  const changedProcedures = new Set(procedureBlocks.filter((b) => b.status !== 'removed' && b.changes.some((c) => c.type !== 'renamed')).map((b) => b.subject.id));

  const nodes = new Map<string, Matched<FlowNode>>();
  for (const { before: b, after: a } of flows.pairs) {
    nodes.set(a.id, matchById(b.nodes, a.nodes, (n, side) => nodeKey(n, keys[side]), (x, y) => x.kind === y.kind));
  }
  const ctx: JourneyContext = { before: { project: pb, keys: keys.before }, after: { project: pa, keys: keys.after }, renames, nodes, changedProcedures };
  const flowBlocks: Block[] = [];
  const rank = new Map(orderedFlows(pa).map((f, i) => [f.id, i]));
  for (const { before: b, after: a, renamed } of [...flows.pairs].sort((x, y) => rank.get(x.after.id)! - rank.get(y.after.id)!)) {
    const journey = compareJourney(b, a, ctx);
    const changes: Change[] = renamed ? [{ type: 'renamed', subject: flowSubject(a), from: b.id, to: a.id }, ...journey.changes] : journey.changes;
    if (!changes.length && !journey.paths.length && !journey.marks.length) continue;
    flowBlocks.push({ subject: flowSubject(a), status: renamed ? 'renamed' : 'changed', changes, paths: journey.paths, marks: journey.marks, ...(journey.truncated ? { pathsTruncated: true } : {}) });
  }
  for (const a of orderedFlows(pa).filter((f) => flows.added.includes(f))) {
    const { paths, truncated } = allPaths(a, pa, 'appeared');
    flowBlocks.push({ ...block(flowSubject(a), 'added', [{ type: 'added', subject: flowSubject(a), details: [], contactDetails: false }]), paths, ...(truncated ? { pathsTruncated: true } : {}) });
  }
  for (const b of flows.removed) {
    const { paths, truncated } = allPaths(b, pb, 'disappeared');
    flowBlocks.push({ ...block(flowSubject(b), 'removed', [{ type: 'removed', subject: flowSubject(b), details: [], contactDetails: false }]), paths, ...(truncated ? { pathsTruncated: true } : {}) });
  }

  const contactBlocks = blocks(contacts, contactSubject, compareContact, (c, side) => ({ details: contactDetails(c), contactDetails: side === 'after' }));
  const brandBlocks = blocks(brands, brandSubject, (b, a) => compareBrand(b, a, projects, keys), () => ({ details: [], contactDetails: false }));
  const procedureOrder = new Map(journeyOrder(pa).map((id, i) => [id, i]));
  procedureBlocks.sort((x, y) => statusRank(x) - statusRank(y) || (procedureOrder.get(x.subject.id) ?? 1e9) - (procedureOrder.get(y.subject.id) ?? 1e9));

  const site = compareSite(before, after);
  const sections = [flowBlocks, procedureBlocks, contactBlocks, brandBlocks];
  const details = [...sections.flatMap(takeContactDetails), ...site.filter((c) => c.type !== 'renamed' && c.contactDetails)];
  const report: DiffReport = {
    empty: false,
    contactDetails: details,
    flows: flowBlocks,
    procedures: procedureBlocks.filter(kept),
    contacts: contactBlocks.filter(kept),
    brands: brandBlocks.filter(kept),
    sheets: compareSheets(pb, pa, keys, options),
    site: site.filter((c) => c.type === 'renamed' || !c.contactDetails),
  };
  report.empty = !report.contactDetails.length && !report.flows.length && !report.procedures.length && !report.contacts.length && !report.brands.length && !report.sheets.length && !report.site.length;
  return report;
}

/** Changed and renamed first, then added, then removed. */
const statusRank = (b: Block) => ['renamed', 'changed', 'added', 'removed'].indexOf(b.status);

/** A block whose only changes were contact details, now shown first, says nothing more. */
const kept = (b: Block) => b.changes.length > 0;

