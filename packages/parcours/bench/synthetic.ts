/**
 * Synthetic but valid Parcours content, for benchmarks: N flows of 10–30 nodes (questions of
 * 2–3 answers, procedure nodes, success and support ends), the procedures they follow and the
 * contacts their support ends name, written as YAML into a flows folder — alone, or inside a
 * content project with its own neutral `parcours.yaml` (writeSyntheticContentProject). Deterministic: a
 * seeded PRNG (mulberry32), never Math.random, so two runs with the same seed write the same
 * bytes and a benchmark measures the same diagrams every time.
 *
 * Each flow is a tree grown breadth-first from its start question (every node is reached),
 * with the answers left over once the node budget is spent pointing at the flow's ends: the
 * graph is acyclic, every path ends on a success or a support, and the number of paths stays
 * small (one per edge into an end), as in real flows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CONFIG_FILE, loadConfig } from '../src/core/config.ts';
import { hasErrors, loadFlows, type Diagnostic, type Project } from '../src/core/index.ts';
import { flowToMermaid } from '../src/core/mermaid.ts';
import { diagramDomId } from '../src/stages/diagrams.ts';

export interface SyntheticOptions {
  /** How many flows to write. */
  flows: number;
  /** Seed of the PRNG: the same seed writes the same files. */
  seed: number;
  /** Fewest nodes in a flow (default 10). */
  minNodes?: number;
  /** Most nodes in a flow (default 30). */
  maxNodes?: number;
  /** How many procedures to write and share between the flows (default 12). */
  procedures?: number;
  /**
   * How many regional brands to write in `brands/` (default 0), each with its own variants
   * (`brand:` and `variantOf:`) of a few procedures: about one in ten, at least one. Written
   * after everything else from a PRNG of their own, so the other files are the same bytes
   * whatever this is.
   */
  brands?: number;
}

export interface SyntheticProject {
  /** The flows folder written (the `dir` given). */
  dir: string;
  flowIds: string[];
  /** Nodes per flow, in the order of `flowIds`. */
  nodeCounts: number[];
  procedureIds: string[];
  contactIds: string[];
  /** The brands written (empty unless `brands` was given). */
  brandIds: string[];
  /** The brands' variant procedures (also in `procedureIds`). */
  variantIds: string[];
}

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Random {
  /** A float in [0, 1). */
  next: () => number;
  /** An integer in [min, max], both included. */
  int: (min: number, max: number) => number;
  pick: <T>(items: readonly T[]) => T;
}

function random(seed: number): Random {
  const next = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { next, int, pick: (items) => items[int(0, items.length - 1)]! };
}

// Vocabulary of the help journeys (e-CPS, cards, passwords…), so that labels have realistic
// lengths and wrap as real ones do.
const OBJECTS = [
  'ma carte CPx',
  'mon lecteur de carte',
  'l’appli e-CPS',
  'mon téléphone',
  'mon ordinateur',
  'mon mot de passe',
  'mes coordonnées de correspondance',
  'mon adresse e-mail',
  'mon numéro de téléphone',
  'mon code PIN',
  'mon compte sur le portail',
  'le QR code affiché à l’écran',
  'mon identifiant RPPS',
  'le code d’activation reçu par SMS',
] as const;
// Each question comes with the answer sets that fit it: one of two answers, one of three.
const TWO_OR_THREE = (two: string[], three: string[]) => [two, three];
const QUESTIONS: [(object: string) => string, string[][]][] = [
  [(o) => `J’ai ${o} ?`, TWO_OR_THREE(['Oui', 'Non'], ['Oui', 'Non', 'Je ne sais pas'])],
  [(o) => `Je peux utiliser ${o} ?`, TWO_OR_THREE(['Oui, tout fonctionne', 'Non, j’ai une erreur'], ['Oui', 'Non, pas encore', 'Je n’ai pas reçu le code'])],
  [(o) => `Je rencontre une erreur avec ${o} : d’où vient le problème ?`, TWO_OR_THREE(['Avec ma carte', 'Avec mes coordonnées'], ['Sur mon téléphone', 'Sur mon ordinateur', 'Sur les deux'])],
  [(o) => `Ai-je toujours accès à ${o} ?`, TWO_OR_THREE(['Oui', 'Non'], ['Oui', 'Non', 'Je ne sais plus'])],
  [(o) => `Comment vérifier ${o} ?`, TWO_OR_THREE(['En ligne', 'Par téléphone'], ['Sur mon téléphone', 'Sur mon ordinateur', 'Je ne sais pas'])],
];
const SUCCESSES = [
  'Je peux accéder à mes services avec ma e-CPS',
  'Ma e-CPS est activée',
  'Mon téléphone est associé à ma e-CPS',
  'Mon mot de passe est changé',
  'Je suis connecté au portail',
] as const;
const PROBLEMS = [
  'J’ai un problème avec ma carte (code PIN, lecteur…)',
  'J’ai un problème avec l’appli e-CPS',
  'Mes coordonnées ne sont pas à jour',
  'Je n’ai pas reçu le code d’activation',
  'Mon compte est bloqué',
] as const;
const ACTIONS = [
  ['activer', 'J’active ma e-CPS'],
  ['reactiver', 'Je réactive ma e-CPS'],
  ['changer-mot-de-passe', 'Je change mon mot de passe'],
  ['ajouter-telephone', 'J’ajoute un téléphone'],
  ['mettre-a-jour', 'Je mets à jour mes coordonnées'],
  ['supprimer', 'Je supprime ma e-CPS'],
  ['verifier', 'Je vérifie mon identifiant RPPS'],
] as const;
const WHERE = ['telephone', 'ordinateur', 'telephone-et-ordinateur'] as const;

const yaml = (value: unknown) => stringify(value, { lineWidth: 0 });

function writeContacts(dir: string): string[] {
  const contacts: Record<string, unknown> = {};
  const names = ['cartes', 'e-cps', 'portail', 'rpps', 'assistance-regionale'];
  names.forEach((name, i) => {
    contacts[`service-${name}`] = {
      name: `Service client ${name === 'e-cps' ? 'e-CPS' : name.replace(/-/g, ' ')}`,
      for: `Un problème avec ${OBJECTS[i % OBJECTS.length]}.`,
      phone: { number: `0 809 40 00 ${String(10 + i * 7).padStart(2, '0')}`, cost: 'appel gratuit' },
      email: `support-${name}@example.fr`,
    };
  });
  mkdirSync(join(dir, 'contacts'), { recursive: true });
  writeFileSync(join(dir, 'contacts', 'synthetique.yaml'), yaml({ contacts }));
  return Object.keys(contacts);
}

function writeProcedures(dir: string, count: number, rng: Random): string[] {
  mkdirSync(join(dir, 'procedures'), { recursive: true });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const [slug, title] = ACTIONS[i % ACTIONS.length]!;
    const method = String.fromCharCode(65 + Math.floor(i / ACTIONS.length)); // A, B, C…
    const id = `${slug}-${method.toLowerCase()}`;
    const steps = Array.from({ length: rng.int(3, 7) }, (_, s) => {
      const where = rng.pick(WHERE);
      const on = where === 'telephone' ? 'Sur votre téléphone' : where === 'ordinateur' ? 'Sur votre ordinateur' : 'Avec votre téléphone et votre ordinateur';
      return { where, text: `${on}, étape ${s + 1} : vérifiez ${rng.pick(OBJECTS)} puis continuez.` };
    });
    writeFileSync(
      join(dir, 'procedures', `${id}.yaml`),
      yaml({ title: `Méthode ${method} : ${title.charAt(0).toLowerCase()}${title.slice(1)}`, short: `${title} (${method})`, steps }),
    );
    ids.push(id);
  }
  return ids;
}

const REGIONS = [
  ['paca', 'PACA', '#1d4f7a'],
  ['bretagne', 'Bretagne', '#0b6e4f'],
  ['occitanie', 'Occitanie', '#8a1c2b'],
  ['normandie', 'Normandie', '#5a3d8a'],
  ['grand-est', 'Grand Est', '#6b4e16'],
] as const;

/**
 * `brands/<brand>.yaml` for each brand, and its variants `procedures/<base>-<brand>.yaml`
 * (`brand:` and `variantOf:` a national procedure), in sections as regional sheets are.
 */
function writeBrands(dir: string, count: number, procedures: string[], contacts: string[], rng: Random): { brandIds: string[]; variantIds: string[] } {
  const brandIds: string[] = [];
  const variantIds: string[] = [];
  if (count === 0) return { brandIds, variantIds };
  mkdirSync(join(dir, 'brands'), { recursive: true });
  const perBrand = Math.max(1, Math.round(procedures.length / 10));
  for (let b = 0; b < count; b++) {
    const [id, region, color] = b < REGIONS.length ? REGIONS[b]! : ([`region-${b + 1}`, `Région ${b + 1}`, '#333333'] as const);
    const name = `Portail de santé ${region}`;
    writeFileSync(
      join(dir, 'brands', `${id}.yaml`),
      yaml({ name, portal: `https://sante-${id}.example.fr/`, wiki: `https://tutos-${id}.example.fr/`, color, contacts: [rng.pick(contacts)] }),
    );
    brandIds.push(id);
    // Different procedures for each brand when there are enough, from a shuffled list.
    const shuffled = [...procedures];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const bases = shuffled.slice(0, perBrand);
    for (const base of bases) {
      const variant = `${base}-${id}`;
      const steps = Array.from({ length: rng.int(2, 4) }, (_, s) => ({
        title: `Étape ${s + 1} sur le ${name}`,
        where: rng.pick(WHERE),
        items: Array.from({ length: rng.int(2, 5) }, (_, i) => `Sur le portail, vérifiez ${rng.pick(OBJECTS)} (point ${i + 1}).`),
      }));
      writeFileSync(
        join(dir, 'procedures', `${variant}.yaml`),
        yaml({
            title: `${name} : variante régionale de ${base}`,
            short: `${base} (${region})`,
            description: `Fiche pratique du ${name}, générée pour les mesures.`,
            brand: id,
            variantOf: base,
            prerequisites: [`Avoir un compte sur le ${name}.`],
            steps,
          }),
      );
      variantIds.push(variant);
    }
  }
  return { brandIds, variantIds };
}

type SyntheticNode =
  | { id: string; kind: 'question'; text: string; labels: string[]; next: string[] }
  | { id: string; kind: 'procedure'; procedure: string; next: string[] }
  | { id: string; kind: 'success'; text: string }
  | { id: string; kind: 'support'; text: string; contacts: string[] };

/** One flow of exactly `size` nodes (size ≥ 4). */
function makeFlow(size: number, rng: Random, procedures: string[], contacts: string[]): SyntheticNode[] {
  // Two ends exist from the outset, so that every question can always reach two distinct ones.
  const success: SyntheticNode = { id: 'reussite', kind: 'success', text: rng.pick(SUCCESSES) };
  const support: SyntheticNode = { id: 'assistance', kind: 'support', text: rng.pick(PROBLEMS), contacts: [rng.pick(contacts)] };
  const grown: SyntheticNode[] = [];
  const pending: { from: SyntheticNode & { next: string[] }; slot: number }[] = [];
  const ends: SyntheticNode[] = [success, support];

  const question = (n: number, fewest = 2): SyntheticNode => {
    const [ask, answerSets] = rng.pick(QUESTIONS);
    const answers = rng.pick(answerSets.filter((a) => a.length >= fewest));
    const node = { id: `question-${n}`, kind: 'question' as const, text: ask(rng.pick(OBJECTS)), labels: [...answers], next: answers.map(() => '') };
    node.next.forEach((_, slot) => pending.push({ from: node, slot }));
    return node;
  };
  const procedure = (n: number): SyntheticNode => {
    const node = { id: `procedure-${n}`, kind: 'procedure' as const, procedure: rng.pick(procedures), next: [''] };
    pending.push({ from: node, slot: 0 });
    return node;
  };
  const end = (n: number): SyntheticNode => {
    const node: SyntheticNode =
      rng.next() < 0.5
        ? { id: `reussite-${n}`, kind: 'success', text: rng.pick(SUCCESSES) }
        : { id: `assistance-${n}`, kind: 'support', text: rng.pick(PROBLEMS), contacts: rng.next() < 0.3 ? [...new Set([rng.pick(contacts), rng.pick(contacts)])] : [rng.pick(contacts)] };
    ends.push(node);
    return node;
  };

  // The tree ends with at least two answers left over, so that both ends above are reached:
  // with `left` nodes still to grow after this one and `open` answers waiting once this one
  // took its parent, an end is allowed only if what follows can still leave two answers.
  grown.push(question(1));
  const budget = size - 2; // the two ends above
  for (let n = 2; n <= budget; n++) {
    const parent = pending.shift()!;
    const left = budget - n;
    const open = pending.length;
    let node: SyntheticNode;
    if (left === 0) node = end(n); // open ≥ 2 here, by the rules below
    else if (left === 1 && open === 0) node = question(n, 3);
    else if (left === 1 && open === 1) node = question(n);
    else if ((left === 1 && open === 2) || open === 0) node = rng.next() < 0.6 ? question(n) : procedure(n);
    else {
      const r = rng.next();
      node = r < 0.4 ? question(n) : r < 0.65 ? procedure(n) : end(n);
    }
    parent.from.next[parent.slot] = node.id;
    grown.push(node);
  }
  // Answers left over go to an end, the two above first; never twice to the same node from
  // one question.
  const unreached = [success, support];
  for (const { from, slot } of pending) {
    const taken = new Set(from.next);
    const first = unreached.findIndex((e) => !taken.has(e.id));
    const choices = ends.filter((e) => !taken.has(e.id));
    if (first >= 0) from.next[slot] = unreached.splice(first, 1)[0]!.id;
    else from.next[slot] = choices.length ? rng.pick(choices).id : '';
  }
  if (unreached.length) throw new Error(`Générateur : ${unreached.map((e) => e.id).join(', ')} jamais atteint (bug du générateur).`);
  for (const node of grown) {
    if (node.kind !== 'question') continue;
    // A 3-answer question with too few distinct ends keeps its first answers (at least two).
    const keep = node.next.map((next, i) => [next, node.labels[i]!] as const).filter(([next]) => next !== '');
    node.next = keep.map(([next]) => next);
    node.labels = keep.map(([, label]) => label);
  }
  return [...grown, success, support];
}

function nodeYaml(node: SyntheticNode): Record<string, unknown> {
  switch (node.kind) {
    case 'question':
      return { question: node.text, answers: node.labels.map((label, i) => ({ label, next: node.next[i] })) };
    case 'procedure':
      return { procedure: node.procedure, next: node.next[0] };
    case 'success':
      return { success: node.text };
    case 'support':
      return { support: node.text, contacts: node.contacts };
  }
}

/**
 * Writes a synthetic flows folder at `dir` (created if needed): `<flow>.yaml` flows,
 * `procedures/` and `contacts/synthetique.yaml` (and `brands/` with `brands`). Load it with `loadFlows(dir)`.
 */
export function writeSyntheticProject(dir: string, options: SyntheticOptions): SyntheticProject {
  const min = options.minNodes ?? 10;
  const max = options.maxNodes ?? 30;
  if (min < 4 || max < min) throw new Error(`Bornes de nœuds invalides : ${min}–${max}.`);
  const rng = random(options.seed);
  mkdirSync(dir, { recursive: true });
  const contactIds = writeContacts(dir);
  const procedureIds = writeProcedures(dir, options.procedures ?? 12, rng);
  const width = Math.max(3, String(options.flows).length);
  const flowIds: string[] = [];
  const nodeCounts: number[] = [];
  for (let i = 1; i <= options.flows; i++) {
    const id = `parcours-${String(i).padStart(width, '0')}`;
    const nodes = makeFlow(rng.int(min, max), rng, procedureIds, contactIds);
    const flow = {
      title: `Parcours synthétique n° ${i} : ${rng.pick(ACTIONS)[1].toLowerCase()}`,
      description: `Un parcours généré pour les mesures, de ${nodes.length} nœuds.`,
      order: i,
      start: nodes[0]!.id,
      nodes: Object.fromEntries(nodes.map((node) => [node.id, nodeYaml(node)])),
    };
    writeFileSync(join(dir, `${id}.yaml`), yaml(flow));
    flowIds.push(id);
    nodeCounts.push(nodes.length);
  }
  const { brandIds, variantIds } = writeBrands(dir, options.brands ?? 0, procedureIds, contactIds, random(options.seed ^ 0x5bd1e995));
  return { dir, flowIds, nodeCounts, procedureIds: [...procedureIds, ...variantIds], contactIds, brandIds, variantIds };
}

/**
 * The public address of every synthetic project: in `.test`, a domain reserved for tests, so
 * that its sheets carry an online address and a QR code as a published project's do, while
 * pointing nowhere real.
 */
export const SYNTHETIC_SITE_URL = 'https://aide.banc-essai.test/';

/** The configuration of a synthetic content project: a neutral identity, every text its own. */
export const SYNTHETIC_CONFIG = {
  site: {
    name: 'Aide synthétique',
    description: 'Un site d’aide généré pour les mesures de Parcours, question par question.',
    url: SYNTHETIC_SITE_URL,
    language: 'fr',
  },
  publisher: { name: 'Banc d’essai Parcours' },
  home: { title: 'Aide synthétique : que voulez-vous faire ?', intro: 'Des parcours générés pour les mesures, du premier au dernier.' },
  sheets: { collectionTitle: 'Recueil des fiches pratiques synthétiques', keywords: ['banc d’essai'] },
} as const;

export interface SyntheticContentProject extends SyntheticProject {
  /** The content project's folder (parcours.yaml, flows/). */
  root: string;
}

/**
 * Writes a synthetic content project at `root`, the way `parcours init` lays one out:
 * `parcours.yaml` (SYNTHETIC_CONFIG) and `flows/` (writeSyntheticProject); no `content/`, which
 * is optional. The configuration is read back by the real loader, so that a benchmark never
 * builds a project whose configuration is refused.
 */
export function writeSyntheticContentProject(root: string, options: SyntheticOptions): SyntheticContentProject {
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, CONFIG_FILE), `# Projet de contenu synthétique, écrit par bench/synthetic.ts pour les mesures.\n${yaml(SYNTHETIC_CONFIG)}`);
  const { config, diagnostics } = loadConfig(root, root);
  if (!config) throw new Error(`La configuration synthétique est refusée :\n${diagnostics.map((d) => `  ${d.file}:${d.line}:${d.column} ${d.message}`).join('\n')}`);
  return { ...writeSyntheticProject(join(root, 'flows'), options), root };
}

export interface SyntheticDiagrams extends SyntheticContentProject {
  project: Project;
  /** Warnings and notes (errors throw). */
  diagnostics: Diagnostic[];
  /** One job per flow, as the build makes them (diagramDomId ids, "/" base). */
  jobs: { id: string; text: string }[];
  /** Time spent in `loadFlows`, then in `flowToMermaid` for every flow. */
  timings: { loadMs: number; mermaidMs: number };
}

/**
 * Writes a synthetic content project at `root`, loads its flows through the real `loadFlows`
 * (throwing on any error diagnostic, so that a benchmark never measures broken content) and
 * makes each flow's Mermaid text with `flowToMermaid`.
 */
export function syntheticDiagrams(root: string, options: SyntheticOptions): SyntheticDiagrams {
  const written = writeSyntheticContentProject(root, options);
  let t = performance.now();
  const { project, diagnostics } = loadFlows(written.dir, { cwd: root });
  const loadMs = performance.now() - t;
  if (hasErrors(diagnostics)) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    throw new Error(
      `Le contenu synthétique a ${errors.length} erreur(s) :\n${errors
        .slice(0, 10)
        .map((d) => `  ${d.file}:${d.line}:${d.column} ${d.message} [${d.code}]`)
        .join('\n')}`,
    );
  }
  if (project.flows.size !== options.flows) throw new Error(`${project.flows.size} parcours chargés au lieu de ${options.flows}.`);
  t = performance.now();
  const jobs = written.flowIds.map((id) => ({ id: diagramDomId(id), text: flowToMermaid(project.flows.get(id)!, project, { baseUrl: '/' }) }));
  const mermaidMs = performance.now() - t;
  return { ...written, project, diagnostics, jobs, timings: { loadMs, mermaidMs } };
}
