/**
 * What a reader sees of each thing, as one comparable string: two things with the same key
 * look the same to a reader (the same content under another identifier is a rename). Texts
 * are compared as shown (see `readerText`); pictures and logos by their bytes; references to
 * other things through the identifiers they have after the change.
 */
import type { Brand, Callout, Contact, Flow, FlowNode, Picture, Procedure, Project, Step } from '../model.ts';
import { readerText } from './words.ts';

/** One version of a content project, and what is needed to compare it. */
export interface DiffSide {
  project: Project;
  /** A digest of a file's bytes (pictures, logos); undefined when it cannot be read. */
  digest?: (path: string) => string | undefined;
}

/** Identifiers before → after, for the things paired so far. */
export interface Renames {
  contacts: ReadonlyMap<string, string>;
  brands: ReadonlyMap<string, string>;
  procedures: ReadonlyMap<string, string>;
  flows: ReadonlyMap<string, string>;
}

export const NO_RENAMES: Renames = { contacts: new Map(), brands: new Map(), procedures: new Map(), flows: new Map() };

/**
 * How references are written in keys: on the after side as they are, on the before side
 * through the renames (an unpaired identifier stays as it is: it matches nothing renamed).
 */
export interface Keys {
  side: DiffSide;
  renames: Renames;
  before: boolean;
}

const text = (value: string | undefined) => (value === undefined ? null : readerText(value));
const ref = (map: ReadonlyMap<string, string>, id: string | undefined, keys: Keys) => (id === undefined ? null : keys.before ? (map.get(id) ?? id) : id);
const file = (path: string | undefined, keys: Keys) => (path === undefined ? null : (keys.side.digest?.(path) ?? null));

const calloutKey = (c: Callout) => ({ kind: c.kind, title: text(c.title), text: text(c.text), items: c.items.map(text) });

export const pictureKey = (p: Picture, keys: Keys) => JSON.stringify({ src: p.src, view: p.view, alt: text(p.alt), file: file(p.path, keys) });

export const calloutKeyText = (c: Callout) => JSON.stringify(calloutKey(c));

export const stepKey = (s: Step, keys: Keys) =>
  JSON.stringify({
    title: text(s.title),
    text: text(s.text),
    where: s.where ?? null,
    items: s.items.map(text),
    callouts: s.callouts.map(calloutKey),
    pictures: s.pictures.map((p) => pictureKey(p, keys)),
    helper: s.helper ?? null,
  });

export const linkKey = (l: { label: string; url: string }) => JSON.stringify({ label: text(l.label), url: l.url });

export const procedureKey = (p: Procedure, keys: Keys) =>
  JSON.stringify({
    title: text(p.title),
    short: text(p.short),
    description: text(p.description),
    brand: ref(keys.renames.brands, p.brand, keys),
    variantOf: ref(keys.renames.procedures, p.variantOf, keys),
    prerequisites: p.prerequisites.map(text),
    steps: p.steps.map((s) => stepKey(s, keys)),
    callouts: p.callouts.map(calloutKey),
    outcome: text(p.outcome),
    links: p.links.map(linkKey),
    reviewed: p.reviewed ?? null,
  });

export const contactKey = (c: Contact) =>
  JSON.stringify({ name: text(c.name), for: text(c.for), phone: c.phone ? { number: text(c.phone.number), cost: text(c.phone.cost), hours: text(c.phone.hours) } : null, email: c.email ?? null, faq: c.faq ?? null, web: c.web ?? null });

export const brandKey = (b: Brand, keys: Keys) =>
  JSON.stringify({
    name: text(b.name),
    portal: b.portal ?? null,
    wiki: b.wiki ?? null,
    logo: file(b.logo, keys),
    logoAlt: text(b.logoAlt),
    color: b.color ?? null,
    contacts: b.contacts.map((id) => ref(keys.renames.contacts, id, keys)),
  });

/** A node as a reader sees it, without where it leads (a renamed node's neighbours change their `next`). */
export function nodeKey(node: FlowNode, keys: Keys): string {
  switch (node.kind) {
    case 'question':
      return JSON.stringify({ question: text(node.question), help: text(node.help), answers: node.answers.map((a) => text(a.label)) });
    case 'procedure':
      return JSON.stringify({ procedure: ref(keys.renames.procedures, node.procedure, keys) });
    case 'success':
      return JSON.stringify({ success: text(node.success), text: text(node.text) });
    case 'support':
      return JSON.stringify({ support: text(node.support), text: text(node.text), contacts: node.contacts.map((id) => ref(keys.renames.contacts, id, keys)) });
    case 'flow':
      return JSON.stringify({ flow: ref(keys.renames.flows, node.flow, keys), node: node.node ?? null, label: text(node.label) });
  }
}

/** A whole journey: its texts, and every node with where it leads (by the nodes' own identifiers). */
export const flowKey = (f: Flow, keys: Keys) =>
  JSON.stringify({
    title: text(f.title),
    action: text(f.action),
    description: text(f.description),
    order: f.order ?? null,
    reviewed: f.reviewed ?? null,
    start: f.start,
    related: f.related.map((id) => ref(keys.renames.flows, id, keys)),
    nodes: [...f.nodes.values()].map((n) => [
      n.id,
      nodeKey(n, keys),
      n.kind === 'question' ? n.answers.map((a) => a.next) : n.kind === 'procedure' ? (n.next ?? null) : null,
    ]),
  });
