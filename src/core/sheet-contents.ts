/**
 * The printable sheets ("Fiches pratiques"): one per procedure, a brand's variant under the
 * brand's name. Pure: which sheets exist, what each holds, their names and version.
 */
import { createHash } from 'node:crypto';
import type { Brand, Contact, Procedure, Project } from './model.ts';

export interface Sheet {
  /** File name without `.pdf`: the procedure's id, prefixed by the brand for a brand's sheet. */
  name: string;
  procedure: Procedure;
  brand?: Brand;
  /** Who to contact, printed at the end of the sheet. */
  contacts: Contact[];
  /** A short hash of everything printed: changes whenever the sheet's content does. */
  version: string;
  /** The YAML files the sheet is made from (for its date). */
  files: string[];
}

/** `activation-carte`, or `paca-activation-carte` for the PACA variant of it. */
export function sheetName(procedure: Procedure): string {
  if (!procedure.brand) return procedure.id;
  const base = procedure.variantOf ?? procedure.id;
  return base.startsWith(`${procedure.brand}-`) ? base : `${procedure.brand}-${base}`;
}

/** The contacts of the support ends of the flows that use a procedure (or its national base). */
function contactsFor(procedure: Procedure, project: Project): Contact[] {
  const ids = new Set<string>();
  const base = procedure.variantOf ?? procedure.id;
  for (const flow of project.flows.values()) {
    const uses = [...flow.nodes.values()].some((n) => n.kind === 'procedure' && (n.procedure === procedure.id || n.procedure === base));
    if (!uses) continue;
    for (const node of flow.nodes.values()) if (node.kind === 'support') node.contacts.forEach((id) => ids.add(id));
  }
  const brand = procedure.brand ? project.brands.get(procedure.brand) : undefined;
  brand?.contacts.forEach((id) => ids.add(id));
  const chosen = ids.size ? [...ids] : [...project.contacts.keys()];
  return chosen.map((id) => project.contacts.get(id)).filter((c): c is Contact => c !== undefined);
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
