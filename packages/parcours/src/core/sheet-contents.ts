/**
 * The printable sheets ("Fiches pratiques"): one per procedure, a brand's variant under the
 * brand's name. Pure: which sheets exist, what each holds (contacts, the addresses printed on
 * paper), their names and version, the order of the journeys, the recueils, and which steps
 * still lack a picture.
 */
import { createHash } from 'node:crypto';
import { adjacency } from './graph.ts';
import type { Brand, Contact, Procedure, Project, Step, View } from './model.ts';
import { shortAddress } from './print.ts';
import { parseInline, type Inline } from './text.ts';

export interface Sheet {
  /** File name without `.pdf`: the procedure's id, prefixed by the brand for a brand's sheet. */
  name: string;
  procedure: Procedure;
  brand?: Brand;
  /** Who to contact, printed at the end of the sheet: the brand's own first, then the national ones. */
  contacts: Contact[];
  /** A short hash of everything printed: changes whenever the sheet's content does. */
  version: string;
  /** The YAML files the sheet is made from (for its date). */
  files: string[];
}

/** `reinitialiser-mot-de-passe`, or `region-ouest-reinitialiser-mot-de-passe` for the variant of the brand `region-ouest`. */
export function sheetName(procedure: Procedure): string {
  if (!procedure.brand) return procedure.id;
  const base = procedure.variantOf ?? procedure.id;
  return base.startsWith(`${procedure.brand}-`) ? base : `${procedure.brand}-${base}`;
}

/**
 * The contacts of a sheet: the brand's own support first (a regional agency is the first to
 * call), then those of the support ends of the flows that use the procedure (or its national base).
 */
function contactsFor(procedure: Procedure, project: Project): Contact[] {
  const ids = new Set<string>();
  const brand = procedure.brand ? project.brands.get(procedure.brand) : undefined;
  brand?.contacts.forEach((id) => ids.add(id));
  const base = procedure.variantOf ?? procedure.id;
  for (const flow of flowsInBrief(project)) {
    if (flow.procedures.has(procedure.id) || flow.procedures.has(base)) flow.supportContacts.forEach((id) => ids.add(id));
  }
  const chosen = ids.size ? [...ids] : [...project.contacts.keys()];
  return chosen.map((id) => project.contacts.get(id)).filter((c): c is Contact => c !== undefined);
}

/**
 * Each flow, in order, as `contactsFor` reads it: the procedures it shows and its support ends'
 * contacts. Made once per project (every sheet reads every flow: 134 sheets × 500 journeys).
 */
const briefs = new WeakMap<Project, { procedures: Set<string>; supportContacts: string[] }[]>();
function flowsInBrief(project: Project): { procedures: Set<string>; supportContacts: string[] }[] {
  let brief = briefs.get(project);
  if (!brief) {
    brief = [...project.flows.values()].map((flow) => {
      const nodes = [...flow.nodes.values()];
      return {
        procedures: new Set(nodes.flatMap((n) => (n.kind === 'procedure' ? [n.procedure] : []))),
        supportContacts: nodes.flatMap((n) => (n.kind === 'support' ? n.contacts : [])),
      };
    });
    briefs.set(project, brief);
  }
  return brief;
}

const withoutOrigins = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (key, v) => (key === 'origin' || key === 'path' ? undefined : v)));

export function sheetsOf(project: Project): Sheet[] {
  return [...project.procedures.values()].map((procedure) => {
    const brand = procedure.brand ? project.brands.get(procedure.brand) : undefined;
    const contacts = contactsFor(procedure, project);
    const version = createHash('sha256')
      .update(JSON.stringify(withoutOrigins({ procedure, brand, contacts })))
      .digest('hex')
      .slice(0, 8);
    const files = [procedure.origin.file, ...(brand ? [brand.origin.file] : []), ...new Set(contacts.map((c) => c.origin.file))];
    return { name: sheetName(procedure), procedure, ...(brand ? { brand } : {}), contacts, version, files };
  });
}

/**
 * The procedures in the order a reader meets them: flows by their `order` (then title), each
 * walked from its start answer by answer (breadth first), then the procedures no flow uses.
 */
export function journeyOrder(project: Project): string[] {
  const seen = new Set<string>();
  const flows = [...project.flows.values()].sort((a, b) => (a.order ?? 1e9) - (b.order ?? 1e9) || a.title.localeCompare(b.title, 'fr'));
  for (const flow of flows) {
    // Depth first, answers in their order: the first answer's procedures before the second's
    // (method A before method B), however many questions lead to each.
    const edges = adjacency(flow);
    const visited = new Set<string>();
    const stack = [flow.start];
    while (stack.length) {
      const id = stack.pop()!;
      if (visited.has(id)) continue;
      visited.add(id);
      const node = flow.nodes.get(id);
      if (!node) continue;
      if (node.kind === 'procedure' && project.procedures.has(node.procedure)) seen.add(node.procedure);
      for (const edge of [...(edges.get(id) ?? [])].reverse()) if (!visited.has(edge.to)) stack.push(edge.to);
    }
  }
  const rest = [...project.procedures.keys()].filter((id) => !seen.has(id)).sort();
  return [...seen, ...rest];
}

/**
 * Sheets in the order of the journeys, each brand's variant right after its national sheet;
 * a brand's own procedures (variants of nothing) come where the journeys put them.
 */
export function sheetsInJourneyOrder(project: Project, sheets: Sheet[]): Sheet[] {
  const rank = new Map(journeyOrder(project).map((id, i) => [id, i]));
  const key = (s: Sheet) => rank.get(s.procedure.variantOf && project.procedures.has(s.procedure.variantOf) ? s.procedure.variantOf : s.procedure.id) ?? 1e9;
  return [...sheets].sort((a, b) => key(a) - key(b) || Number(Boolean(a.brand)) - Number(Boolean(b.brand)) || a.name.localeCompare(b.name));
}

export interface Recueil {
  /** File name without `.pdf`: `recueil`, or `recueil-<brand>`. */
  name: string;
  /** The brand whose recueil this is (its sheets, and the national ones it does not replace). */
  brand?: Brand;
  sheets: Sheet[];
}

/**
 * The recueils: one with every sheet (journey order, variants after their national sheet),
 * and one per brand that has sheets: the brand's sheets in place of the national ones they
 * are variants of, the other national sheets as they are.
 */
export function recueilsOf(project: Project, sheets: Sheet[]): Recueil[] {
  const ordered = sheetsInJourneyOrder(project, sheets);
  const recueils: Recueil[] = [{ name: 'recueil', sheets: ordered }];
  for (const brand of [...project.brands.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const own = ordered.filter((s) => s.brand?.id === brand.id);
    if (!own.length) continue;
    const replaced = new Set(own.map((s) => s.procedure.variantOf).filter(Boolean));
    recueils.push({ name: `recueil-${brand.id}`, brand, sheets: ordered.filter((s) => (s.brand ? s.brand.id === brand.id : !replaced.has(s.procedure.id))) });
  }
  return recueils;
}

/** A sheet's title as its recueil, its PDF and its warnings name it: the brand's name first, for a brand's sheet. */
export const sheetTitle = (sheet: Sheet): string => `${sheet.brand ? `${sheet.brand.name} : ` : ''}${sheet.procedure.title}`;

/** A recueil's title: the project's (sheets.collectionTitle), followed by the brand's name for a brand's. */
export const recueilTitle = (recueil: Recueil, collectionTitle: string): string => (recueil.brand ? `${collectionTitle} — ${recueil.brand.name}` : collectionTitle);

/** The file of a recueil in the site, e.g. `fiches/recueil-region-ouest.pdf`. */
export const recueilFile = (name: string) => `fiches/${name}.pdf`;

/** Every text of a procedure that the sheet prints, in reading order. */
function textsOf(procedure: Procedure): string[] {
  const callouts = (list: Procedure['callouts']) => list.flatMap((c) => [c.title, c.text, ...c.items]);
  return [
    procedure.description,
    ...procedure.prerequisites,
    ...procedure.steps.flatMap((s) => [s.title, s.text, ...s.items, ...callouts(s.callouts)]),
    ...callouts(procedure.callouts),
    procedure.outcome,
  ].filter((t): t is string => Boolean(t));
}

const normalise = (url: string) => shortAddress(url).toLowerCase();

/** A link's address printed in a text: a bare address (the text is the address), or an e-mail. */
function shownAddresses(nodes: Inline[], out: Set<string>, labelled: { label: string; url: string }[]): void {
  for (const node of nodes) {
    if (node.type === 'link') {
      const text = node.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
      if (text === node.href || `mailto:${text}` === node.href) out.add(normalise(node.href));
      else labelled.push({ label: text, url: node.href });
    }
    if (node.type !== 'text') shownAddresses(node.children, out, labelled);
  }
}

export interface PaperLink {
  label: string;
  url: string;
  /** As printed: no scheme, no trailing slash (see `shortAddress`). */
  address: string;
}

/**
 * The links a sheet must print with their address, so that paper keeps them: the procedure's
 * links and the labelled links of its texts, without those whose address the sheet already
 * prints (a bare address in a step, a contact's FAQ, the brand's wiki in the running band).
 * Each address once.
 */
export function paperLinks(sheet: Sheet): PaperLink[] {
  const shown = new Set<string>();
  const labelled: { label: string; url: string }[] = [];
  for (const text of textsOf(sheet.procedure)) shownAddresses(parseInline(text), shown, labelled);
  for (const c of sheet.contacts) for (const url of [c.faq, c.web, c.email && `mailto:${c.email}`]) if (url) shown.add(normalise(url));
  if (sheet.brand?.wiki) shown.add(normalise(sheet.brand.wiki));
  const out: PaperLink[] = [];
  for (const link of [...labelled, ...sheet.procedure.links]) {
    const key = normalise(link.url);
    if (shown.has(key) || !/^https:/i.test(link.url)) continue;
    shown.add(key);
    out.push({ label: link.label, url: link.url, address: shortAddress(link.url) });
  }
  return out;
}

/** Every address a sheet holds (texts, links, contacts, brand's wiki), for checks and tests. */
export function sheetAddresses(sheet: Sheet): string[] {
  const urls = new Set<string>();
  for (const text of textsOf(sheet.procedure)) {
    const walk = (nodes: Inline[]) => nodes.forEach((n) => (n.type === 'link' ? urls.add(n.href) : n.type === 'strong' && walk(n.children)));
    walk(parseInline(text));
  }
  sheet.procedure.links.forEach((l) => urls.add(l.url));
  for (const c of sheet.contacts) for (const url of [c.faq, c.web]) if (url) urls.add(url);
  if (sheet.brand?.wiki) urls.add(sheet.brand.wiki);
  return [...urls].filter((u) => /^https:/i.test(u));
}

/** The views a step should be shown in, from where it happens. */
export function expectedViews(step: Step): View[] {
  if (step.where === 'telephone') return ['mobile'];
  if (step.where === 'ordinateur') return ['ordinateur'];
  return ['mobile', 'ordinateur'];
}

export interface MissingPictures {
  procedure: Procedure;
  step: Step;
  /** The views this step has no picture for. */
  missing: View[];
}

/**
 * The steps that lack a picture for a view they happen in (a phone step a mobile screenshot,
 * a computer step a desktop one): what an agency still has to photograph. Information, not a
 * problem: a sheet prints well without pictures. In the order of the journeys.
 */
export function stepsWithoutPictures(project: Project): MissingPictures[] {
  const out: MissingPictures[] = [];
  for (const procedure of journeyOrder(project).map((id) => project.procedures.get(id)!)) {
    for (const step of procedure.steps) {
      const have = new Set(step.pictures.map((p) => p.view));
      const missing = expectedViews(step).filter((v) => !have.has(v));
      if (missing.length && (step.where !== undefined || have.size === 0)) out.push({ procedure, step, missing: step.where === undefined ? ['mobile', 'ordinateur'] : missing });
    }
  }
  return out;
}
