/**
 * Every fact of the three source documents (../shared/seeds/) reaches the model, correctly
 * spelled: contacts, addresses, identifier rules, password rules, step counts. The facts
 * below are read from the seeds by a person; the test looks for them in what the loader built.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlows, plainText, type Procedure } from '../../src/core/index.ts';
import { ECPS } from '../helpers/cli.ts';

const { project } = loadFlows(join(ECPS, 'flows'));

/** Every text of the model, markup removed, apostrophes and spaces made plain for matching. */
function allText(): string {
  const parts: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') parts.push(value, plainText(value));
    else if (value instanceof Map) for (const v of value.values()) walk(v);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk([project.flows, project.procedures, project.contacts, project.brands]);
  return parts.join('\n').replace(/[’']/g, "'").replace(/[\u00a0\u202f]/g, ' ');
}
const text = allText();
const procedure = (id: string): Procedure => {
  const p = project.procedures.get(id);
  if (!p) throw new Error(`procedure ${id} is missing`);
  return p;
};

describe('contacts of seed 000', () => {
  it('the cards service: phone with its cost, e-mail', () => {
    const contact = [...project.contacts.values()].find((c) => c.email === 'monserviceclient.cartes@asipsante.fr');
    expect(contact?.phone?.number.replace(/\s/g, '')).toBe('0825852000');
    expect(contact?.phone?.tel).toBe('+33825852000');
    expect(contact?.phone?.cost?.replace(/\s/g, '')).toBe('0,06€/min+prixappel');
  });
  it('the e-CPS service: FAQ, free phone, e-mail', () => {
    const contact = [...project.contacts.values()].find((c) => c.email === 'monserviceclient.e-cps@asipsante.fr');
    expect(contact?.faq).toBe('https://esante.gouv.fr/securite/faq-e-cps');
    expect(contact?.phone?.tel).toBe('+33809400082');
    expect(contact?.phone?.cost).toBe('appel gratuit');
  });
});

describe('addresses', () => {
  it.each([
    'https://www.youtube.com/watch?v=LdCD9dCDWzM',
    'https://esante.gouv.fr/securite/e-cps/mise-jour-des-coordonnees-de-correspondance',
    'https://wallet.esw.esante.gouv.fr',
    'https://esante.gouv.fr/produits-services/e-cps/guides/je-supprime',
    'https://esante.gouv.fr/produits-services/e-cps/guides/je-me-connecte',
    'https://esante.gouv.fr/Jactive-ma-e-CPS-avec-ma-carte',
    'https://esante.gouv.fr/Jactive-ma-e-CPS-avec-mes-coordonn%C3%A9es-de-correspondance',
    'https://sante-paca.fr/',
    'https://tutos.iess.fr/',
  ])('%s', (address) => expect(text).toContain(address));
});

describe('rules and tips', () => {
  it.each([
    // Method A, step 8: the 4-digit password rules.
    'mot de passe à 4 chiffres',
    'suite de chiffres croissants (1 2 3 4)',
    'suite de chiffres décroissants (4 3 2 1)',
    'suite de chiffres identiques (1 1 1 1)',
    'date de naissance',
    // Method B, step 3: where to find the national identifier.
    'première ligne de votre carte CPx',
    '812345678901',
    '0123456789',
    'RPPS',
    'ADELI',
    // Method A, step 7: the one-time code.
    'commençant par une lettre',
    // Reactivation: the PIN may differ from the card's.
    'code PIN',
    'différent de celui de votre carte CPx',
    'courriers indésirables',
    'annuaire santé',
    'lecteur de carte filaire',
    'Mot de passe oublié',
    'Inactive',
    'Scanner un QR code',
    // PACA: the identifier rule and the confidential code.
    'sauf les espaces',
    'code confidentiel',
    'Pro Santé Connect',
  ])('%s', (fact) => expect(text.toLowerCase()).toContain(fact.replace(/[’']/g, "'").toLowerCase()));
});

describe('procedures', () => {
  it('method A and method B have 9 steps each', () => {
    expect(procedure('activation-carte').steps).toHaveLength(9);
    expect(procedure('activation-coordonnees').steps).toHaveLength(9);
  });
  it('reactivation with the card has 4 prerequisites and 10 steps', () => {
    expect(procedure('reactivation-carte').prerequisites).toHaveLength(4);
    expect(procedure('reactivation-carte').steps).toHaveLength(10);
  });
  it('reactivation with correspondence details has 2 prerequisites', () => {
    expect(procedure('reactivation-coordonnees').prerequisites).toHaveLength(2);
  });
  it('deletion: three ways, the phone and computer ones in 3 steps', () => {
    expect(procedure('suppression-telephone').steps).toHaveLength(3);
    expect(procedure('suppression-ordinateur').steps).toHaveLength(3);
    expect(project.procedures.has('suppression-mot-de-passe-oublie')).toBe(true);
  });
  it('the PACA sheet is the PACA variant of method A, in 6 titled sections', () => {
    const paca = procedure('activation-carte-paca');
    expect(paca.brand).toBe('paca');
    expect(paca.variantOf).toBe('activation-carte');
    expect(paca.prerequisites).toHaveLength(2);
    expect(paca.steps).toHaveLength(6);
    expect(paca.steps.every((s) => s.title)).toBe(true);
    expect(project.brands.get('paca')).toMatchObject({ name: 'Portail de santé PACA', portal: 'https://sante-paca.fr/', wiki: 'https://tutos.iess.fr/' });
  });
  it('steps say where they happen where the seeds do', () => {
    const a = procedure('activation-carte').steps;
    expect(a[0]!.where).toBe('telephone');
    expect(a[1]!.where).toBe('ordinateur');
  });
});

it('none of the extraction garbles of the seeds survived', () => {
  for (const garble of ['Sivous', 'Parameétres', 'étre ', 'Ayezvotre', 'Insérezvotre', "Surl'application", 'Vousrecevrez', 'pris appel', ' acces ', 'apparaitra', 'Veillez saisir']) {
    expect(text, garble).not.toContain(garble);
  }
});
