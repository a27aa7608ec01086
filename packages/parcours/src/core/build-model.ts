/**
 * Turns schema-valid data into model objects. Runs only on files that passed the schema,
 * so it may trust shapes; meaning (references, formats) is checked afterwards in semantics.ts.
 */
import { dirname, resolve } from 'node:path';
import { telOf } from './addresses.ts';
import type { Brand, Callout, Contact, Flow, FlowNode, Picture, Procedure, Step } from './model.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- the data has just passed the JSON Schema */
type Raw = any;

const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

function callouts(raw: Raw[] | undefined): Callout[] {
  return (raw ?? []).map((c) => ({ kind: c.kind, ...optional('title', c.title), ...optional('text', c.text), items: c.items ?? [] }));
}

export function buildFlow(id: string, file: string, raw: Raw): Flow {
  const nodes = new Map<string, FlowNode>();
  for (const [nodeId, n] of Object.entries<Raw>(raw.nodes)) {
    const origin = { file, path: ['nodes', nodeId] };
    const base = { id: nodeId, ...optional('keywords', n.keywords as string[] | undefined), origin };
    let node: FlowNode;
    if ('question' in n) {
      node = {
        ...base,
        kind: 'question',
        question: n.question,
        ...optional('help', n.help),
        answers: n.answers.map((a: Raw, i: number) => ({ label: a.label, next: a.next, origin: { file, path: ['nodes', nodeId, 'answers', i] } })),
      };
    } else if ('procedure' in n) {
      node = { ...base, kind: 'procedure', procedure: n.procedure, ...optional('next', n.next) };
    } else if ('success' in n) {
      node = { ...base, kind: 'success', success: n.success, ...optional('text', n.text) };
    } else if ('support' in n) {
      node = { ...base, kind: 'support', support: n.support, ...optional('text', n.text), contacts: n.contacts ?? [] };
    } else {
      node = { ...base, kind: 'flow', flow: n.flow, ...optional('node', n.node), ...optional('label', n.label) };
    }
    nodes.set(nodeId, node);
  }
  return {
    id,
    title: raw.title,
    ...optional('description', raw.description),
    ...optional('action', raw.action),
    ...optional('reviewed', raw.reviewed),
    ...optional('owner', raw.owner),
    ...optional('order', raw.order),
    start: raw.start,
    related: raw.related ?? [],
    nodes,
    origin: { file, path: [] },
  };
}

export function buildProcedure(id: string, file: string, path: string, raw: Raw): Procedure {
  const here = dirname(path);
  const steps: Step[] = raw.steps.map((s: Raw, i: number) => ({
    number: i + 1,
    ...optional('title', s.title),
    ...optional('text', s.text),
    ...optional('where', s.where),
    items: s.items ?? [],
    callouts: callouts(s.callouts),
    pictures: (s.pictures ?? []).map((p: Raw): Picture => ({ src: p.src, path: resolve(here, p.src), alt: p.alt, view: p.view })),
    ...optional('helper', s.helper),
    origin: { file, path: ['steps', i] },
  }));
  return {
    id,
    title: raw.title,
    ...optional('short', raw.short),
    ...optional('description', raw.description),
    ...optional('brand', raw.brand),
    ...optional('variantOf', raw.variantOf),
    prerequisites: raw.prerequisites ?? [],
    steps,
    callouts: callouts(raw.callouts),
    ...optional('outcome', raw.outcome),
    links: raw.links ?? [],
    keywords: raw.keywords ?? [],
    ...optional('reviewed', raw.reviewed),
    ...optional('owner', raw.owner),
    origin: { file, path: [] },
  };
}

export function buildContacts(file: string, raw: Raw): Contact[] {
  return Object.entries<Raw>(raw.contacts).map(([id, c]) => ({
    id,
    name: c.name,
    ...optional('for', c.for),
    ...optional(
      'phone',
      c.phone && { number: c.phone.number, tel: telOf(c.phone.number) ?? '', ...optional('cost', c.phone.cost), ...optional('hours', c.phone.hours) },
    ),
    ...optional('email', c.email),
    ...optional('faq', c.faq),
    ...optional('web', c.web),
    origin: { file, path: ['contacts', id] },
  }));
}

export function buildBrand(id: string, file: string, path: string, raw: Raw): Brand {
  return {
    id,
    name: raw.name,
    ...optional('portal', raw.portal),
    ...optional('wiki', raw.wiki),
    ...optional('logo', raw.logo === undefined ? undefined : resolve(dirname(path), raw.logo)),
    ...optional('logoAlt', raw.logoAlt),
    ...optional('color', raw.color),
    contacts: raw.contacts ?? [],
    origin: { file, path: [] },
  };
}
