/** What changed in a contact or a brand: above all, how to reach them. */
import type { Brand, Contact, Project } from '../model.ts';
import { FieldChanges } from './fields.ts';
import type { Keys } from './keys.ts';
import type { Change, Subject } from './types.ts';

export const contactSubject = (c: Contact): Subject => ({ kind: 'contact', id: c.id, name: c.name });
export const brandSubject = (b: Brand): Subject => ({ kind: 'brand', id: b.id, name: b.name });

export function compareContact(b: Contact, a: Contact): Change[] {
  const out = new FieldChanges(contactSubject(a));
  out.text('Nom', '', b.name, a.name);
  out.text('À contacter pour', '', b.for, a.for);
  out.text('Téléphone', '', b.phone?.number, a.phone?.number, true);
  out.text('Coût de l’appel', '', b.phone?.cost, a.phone?.cost);
  out.text('Heures d’ouverture', 'es', b.phone?.hours, a.phone?.hours);
  out.text('E-mail', '', b.email, a.email, true);
  out.text('Page d’aide (FAQ)', 'e', b.faq, a.faq, true);
  out.text('Site', '', b.web, a.web, true);
  return out.list;
}

/** A contact's ways to be reached, for a contact added or removed. */
export const contactDetails = (c: Contact): string[] =>
  [c.phone && `téléphone ${c.phone.number}${c.phone.cost ? ` (${c.phone.cost})` : ''}`, c.email && `e-mail ${c.email}`, c.faq && `FAQ ${c.faq}`, c.web && `site ${c.web}`].filter(
    (d): d is string => Boolean(d),
  );

const names = (project: Project, ids: string[]) => (ids.length ? ids.map((id) => project.contacts.get(id)?.name ?? id).join(', ') : undefined);

export function compareBrand(b: Brand, a: Brand, projects: { before: Project; after: Project }, keys: { before: Keys; after: Keys }): Change[] {
  const out = new FieldChanges(brandSubject(a));
  out.text('Nom', '', b.name, a.name);
  out.text('Portail', '', b.portal, a.portal, true);
  out.text('Wiki', '', b.wiki, a.wiki, true);
  const logo = (brand: Brand, k: Keys) => brand.logo && (k.side.digest?.(brand.logo) ?? brand.logo);
  if (logo(b, keys.before) !== logo(a, keys.after)) out.text('Logo', '', b.logo ? 'ancien logo' : undefined, a.logo ? 'nouveau logo' : undefined);
  out.text('Texte du logo', '', b.logoAlt, a.logoAlt);
  out.text('Couleur', 'e', b.color, a.color);
  out.text('Contacts de la marque', 's', names(projects.before, b.contacts), names(projects.after, a.contacts), true);
  return out.list;
}
