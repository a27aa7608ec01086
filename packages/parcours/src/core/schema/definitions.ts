/**
 * The JSON Schemas (draft 2020-12) of the four kinds of YAML file, written once here.
 *
 * Two readers use these same objects:
 * - the loader (validate.ts, with ajv), whose errors become `parcours check`'s diagnostics;
 * - the editor: VS Code's YAML extension (yaml-language-server) reads `schema/*.schema.json`
 *   (written by `npm run schema`) or the project's own copy (project-schemas.ts). For it, the
 *   schemas carry keywords ajv ignores: `errorMessage` and `patternErrorMessage` (the French
 *   message shown instead of the server's own), `defaultSnippets` (what completion inserts),
 *   `doNotSuggest` and `enumDescriptions`.
 *
 * How the editor's messages stay French: the server lets a schema replace the message of a
 * failure raised directly by one of its objects (`errorMessage`: wrong type, wrong value,
 * missing field, unknown field), so each object has one message that explains how to write
 * it. Unknown fields are refused through `propertyNames` rather than `additionalProperties`,
 * so that a misspelt key gets its own message with the correction ("vouliez-vous dire … ?"),
 * at the key. Texts must hold a non-blank character (`pattern`, whose message the schema
 * chooses) rather than a `minLength` (whose message it cannot).
 */
import { frenchSpacing } from '../typography.ts';
import { EMAIL_PATTERN, PHONE_PATTERN, URL_PATTERN } from './formats.ts';

export const ID_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
/** A text with at least one visible character. */
export const NON_BLANK_PATTERN = '\\S';

/** Keywords only yaml-language-server reads; the loader declares them to ajv as annotations. */
export const EDITOR_KEYWORDS = ['errorMessage', 'patternErrorMessage', 'defaultSnippets', 'doNotSuggest', 'enumDescriptions', 'markdownDescription'] as const;

const TEXT_MESSAGE =
  'Ce champ attend un texte, sur la même ligne que sa clé (ou sur les lignes suivantes après « >- »). Un texte qui contient « : » suivi d’une espace, ou qui commence par l’un des signes - * [ { # & ! | > @ ` %, se met entre guillemets : "…".';
const EMPTY_MESSAGE = 'Ce champ est vide : écrivez un texte, ou retirez la ligne.';
const ID_RULE = 'lettres minuscules sans accent, chiffres et tirets';

export type Schema = Record<string, unknown>;

/** A short text (a title, a label): no formatting. */
export const line = (description: string, examples: string[] = []): Schema => ({
  type: 'string',
  pattern: NON_BLANK_PATTERN,
  description,
  errorMessage: TEXT_MESSAGE,
  patternErrorMessage: EMPTY_MESSAGE,
  ...(examples.length ? { examples } : {}),
});

/** A text of the small formatting subset (see text.ts). */
const text = (description: string, examples: string[] = []): Schema =>
  line(`${description}\n\nMise en forme permise : **gras**, [texte du lien](https://…), adresses https://… et e-mails rendus cliquables. Pas de HTML.`, examples);

/**
 * An identifier. No `examples`: the editor would offer them as values in every project;
 * the project's own schemas (project-schemas.ts) offer its real identifiers instead.
 */
const id = (what: string, example: string): Schema => ({
  type: 'string',
  pattern: ID_PATTERN,
  description: `Identifiant ${what} : ${ID_RULE} (par exemple « ${example} »).`,
  errorMessage: `Un identifiant s’écrit en un mot sur la ligne de sa clé : ${ID_RULE}, par exemple « ${example} ».`,
  patternErrorMessage: `Identifiant mal écrit : il ne contient que des ${ID_RULE}, par exemple « ${example} ».`,
});

const address = (description: string): Schema => ({
  type: 'string',
  pattern: URL_PATTERN,
  allOf: [{ pattern: NON_BLANK_PATTERN, patternErrorMessage: EMPTY_MESSAGE }],
  description: `${description} Seules les adresses https://…, mailto:… et tel:… sont acceptées.`,
  errorMessage: 'Une adresse s’écrit en entier sur la ligne de sa clé, par exemple https://domaine.fr/page.',
  patternErrorMessage: 'Adresse refusée : écrivez l’adresse entière et sécurisée, https://domaine.fr/page (ou mailto:… / tel:…), sans espace.',
});

/** A colour, #RRGGBB: a brand's, or the site's. */
export const colour = (description: string): Schema => ({
  type: 'string',
  pattern: '^#[0-9a-fA-F]{6}$',
  description: `${description} En hexadécimal (#RRGGBB), entre guillemets (sans eux, YAML lit « # » comme un commentaire).`,
  errorMessage: 'Une couleur s’écrit entre guillemets : "#0b6e4f".',
  patternErrorMessage: 'Une couleur s’écrit #RRGGBB (six chiffres hexadécimaux), entre guillemets : "#0b6e4f".',
  examples: ['#0b6e4f'],
});

const list = (description: string, items: Schema, message: string, minItems = 1): Schema => ({
  type: 'array',
  minItems,
  description,
  errorMessage: message,
  items,
});

// ---------------------------------------------------------------------------------------
// Unknown keys, with the correction when the key is one typo away from a known one.

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern matching every word one typo away from `word`: a letter missing, added, changed or two swapped. */
function oneTypoFrom(word: string): string {
  const variants = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const before = escape(word.slice(0, i));
    variants.add(`${before}.${escape(word.slice(i))}`); // one letter added
    if (i < word.length) {
      variants.add(`${before}${escape(word.slice(i + 1))}`); // one missing
      variants.add(`${before}.${escape(word.slice(i + 1))}`); // one changed
    }
    if (i < word.length - 1) variants.add(`${before}${escape(word[i + 1]!)}${escape(word[i]!)}${escape(word.slice(i + 2))}`); // two swapped
  }
  return `^(?:${[...variants].filter(Boolean).join('|')})$`;
}

interface KeyRule {
  /** Keys that have their own message (e.g. another node kind inside a question). */
  keys: string[];
  message: string;
}

/**
 * The rule on an object's keys: known ones pass; a misspelt one is told which key it was
 * probably meant to be; any other is told which keys are possible here.
 */
function knownKeys(allowed: string[], where: string, special?: KeyRule): Schema {
  const possible = `Champs possibles ${where} : ${allowed.join(', ')}.`;
  let rule: Schema = {
    enum: allowed,
    errorMessage: `Champ inconnu ${where}. ${possible} Vérifiez l’orthographe de la clé et son indentation (un champ mal aligné change d’ensemble).`,
  };
  for (const key of [...allowed].reverse()) {
    rule = {
      if: { pattern: oneTypoFrom(key) },
      then: { enum: [key], errorMessage: `Champ inconnu ${where} : vouliez-vous dire « ${key} » ? ${possible}` },
      else: rule,
    };
  }
  if (special) rule = { if: { enum: special.keys }, then: { enum: allowed, errorMessage: special.message }, else: rule };
  return { doNotSuggest: true, if: { enum: allowed }, else: rule };
}

export interface ObjectSpec {
  title?: string;
  description: string;
  /** Where, in words, for messages: "dans une image". */
  where: string;
  /** How to write this object: shown when it is not one, or misses a required field. */
  message: string;
  required?: string[];
  properties: Record<string, Schema>;
  special?: KeyRule;
}

export const object = (spec: ObjectSpec): Schema => ({
  type: 'object',
  ...(spec.title ? { title: spec.title } : {}),
  description: spec.description,
  errorMessage: spec.message,
  ...(spec.required ? { required: spec.required } : {}),
  properties: spec.properties,
  propertyNames: knownKeys(Object.keys(spec.properties), spec.where, spec.special),
});

// ---------------------------------------------------------------------------------------
// Procedures

const link = object({
  title: 'Lien',
  description: 'Un lien vers une page externe (tutoriel vidéo, guide en ligne…).',
  where: 'dans un lien',
  message: 'Un lien s’écrit `- label: Le texte du lien` puis, aligné dessous, `url: https://…` : les deux champs sont obligatoires.',
  required: ['label', 'url'],
  properties: {
    label: line('Le texte du lien, tel que le lecteur le voit.', ['Tutoriel vidéo']),
    url: address('L’adresse du lien.'),
  },
});

const VIEWS = ['mobile', 'ordinateur'];
const picture = object({
  title: 'Image',
  description: 'Une image (capture d’écran) illustrant une étape, pour une vue donnée.',
  where: 'dans une image',
  message: 'Une image a trois champs obligatoires : « src » (son chemin), « alt » (ce qu’elle montre) et « view » (mobile ou ordinateur).',
  required: ['src', 'alt', 'view'],
  properties: {
    src: line('Chemin de l’image, relatif à ce fichier YAML. L’image doit se trouver dans le projet (par exemple dans content/images/).', ['../../content/images/ecran-connexion-mobile.png']),
    alt: line('Texte alternatif : ce que montre l’image, pour les personnes qui ne la voient pas. Obligatoire.', ['Écran de connexion avec le bouton « Se connecter »']),
    view: {
      type: 'string',
      enum: VIEWS,
      description: 'La vue montrée : « mobile » (écran du téléphone) ou « ordinateur ». Le site montre les images de la vue que le lecteur choisit.',
      enumDescriptions: ['Écran du téléphone.', 'Écran de l’ordinateur.'],
      errorMessage: 'Valeur non permise : écrivez « mobile » ou « ordinateur ».',
    },
  },
});

const CALLOUT_KINDS = ['rule', 'tip', 'warning', 'info'];
const callout = object({
  title: 'Encadré',
  description: 'Un encadré : une règle à respecter, une astuce, une mise en garde ou une information.',
  where: 'dans un encadré',
  message: 'Un encadré s’écrit `- kind: rule` (ou tip, warning, info) puis, alignés dessous, `title:`, `text:` ou `items:`. « kind » est obligatoire.',
  required: ['kind'],
  properties: {
    kind: {
      type: 'string',
      enum: CALLOUT_KINDS,
      description: 'Nature de l’encadré : « rule » (règle à respecter), « tip » (astuce, conseil), « warning » (attention), « info » (information).',
      enumDescriptions: ['Règle à respecter.', 'Astuce, conseil.', 'Attention : une mise en garde.', 'Information.'],
      errorMessage: 'Valeur non permise : écrivez « rule » (règle), « tip » (astuce), « warning » (attention) ou « info » (information).',
    },
    title: line('Titre de l’encadré.', ['À savoir']),
    text: text('Texte de l’encadré.'),
    items: list('Liste à puces de l’encadré.', text('Un élément de la liste.'), 'La liste s’écrit une ligne par élément, chacune commençant par « - ».'),
  },
});

/** An interactive helper shown under a step: for now, the national identifier. */
const HELPERS = ['identifiant-national'];
const helper: Schema = {
  type: 'string',
  enum: HELPERS,
  description:
    'Un outil affiché sous l’étape (facultatif). « identifiant-national » : le lecteur saisit son numéro RPPS ou ADELI et obtient son identifiant national (« 8 » + RPPS, « 0 » + ADELI), avec la vérification de la clé du RPPS ; sans JavaScript, la règle et des exemples.',
  enumDescriptions: ['Le calcul de l’identifiant national à partir du RPPS ou de l’ADELI.'],
  errorMessage: 'Valeur non permise : écrivez « identifiant-national ».',
};

/** When a page was last checked against its sources, and by whom (freshness). */
const REVIEW_DATE_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';
const review: Record<string, Schema> = {
  reviewed: {
    type: 'string',
    pattern: REVIEW_DATE_PATTERN,
    description:
      'La date à laquelle le contenu a été vérifié pour la dernière fois, au format AAAA-MM-JJ. Elle s’affiche sur la page (« Vérifié le 12 novembre 2026 ») ; `parcours check` signale les pages vérifiées il y a trop longtemps. Écrivez-la quand vous avez relu le contenu, pas à chaque modification.',
    examples: ['2026-11-23'],
    errorMessage: 'La date de vérification s’écrit AAAA-MM-JJ, par exemple 2026-11-23, sur la ligne de sa clé.',
    patternErrorMessage: 'Date mal écrite : AAAA-MM-JJ, par exemple 2026-11-23.',
  },
  owner: line('Qui répond de ce contenu (facultatif) : `parcours check` regroupe par responsable les pages à revérifier.', ['Service communication']),
};

const WHERE = ['telephone', 'ordinateur', 'telephone-et-ordinateur'];
const step = object({
  title: 'Étape',
  description: 'Une étape numérotée de la procédure. Elle a au moins un texte, un titre ou une liste.',
  where: 'dans une étape',
  message: 'Une étape s’écrit `- text: Ce qu’il faut faire` (ou `- title: …`), puis, alignés dessous, ses autres champs (where, items, callouts, pictures) ; pas « - Ce qu’il faut faire » seul.',
  properties: {
    title: line('Titre de section (facultatif), pour les fiches découpées en sections.', ['Se connecter au portail']),
    text: text('Ce qu’il faut faire, en une ou deux phrases.', ['Ouvrez l’application et touchez **Commencer**.']),
    where: {
      type: 'string',
      enum: WHERE,
      description: 'Où se fait l’étape : « telephone » (sur votre téléphone), « ordinateur » (sur votre ordinateur) ou « telephone-et-ordinateur » (les deux à la fois, par exemple scanner l’écran de l’ordinateur avec le téléphone).',
      enumDescriptions: ['Sur votre téléphone.', 'Sur votre ordinateur.', 'Les deux à la fois (par exemple scanner l’écran de l’ordinateur avec le téléphone).'],
      errorMessage: 'Valeur non permise : écrivez « telephone », « ordinateur » ou « telephone-et-ordinateur » (sans accent).',
    },
    items: list('Sous-étapes ou détails, affichés en liste à puces.', text('Un élément de la liste.'), 'La liste s’écrit une ligne par élément, chacune commençant par « - ».'),
    callouts: list('Encadrés de cette étape.', callout, 'Les encadrés s’écrivent en liste : `- kind: …` pour chacun.'),
    pictures: list('Captures d’écran de cette étape, une ou plusieurs par vue (mobile, ordinateur).', picture, 'Les images s’écrivent en liste : `- src: …` puis, alignés dessous, `alt: …` et `view: …`.'),
    helper,
  },
});

// ---------------------------------------------------------------------------------------
// References to the project's own identifiers

/** An identifier of the project, with what completion shows beside it (a title, a name). */
export interface KnownId {
  id: string;
  label: string;
}

/**
 * The identifiers a project defines, for its own schemas (project-schemas.ts): its flows,
 * procedures, national procedures (those a variant may name), contacts, brands, and each
 * flow's nodes (for a link to another flow's node).
 */
export interface ProjectIds {
  flows: KnownId[];
  procedures: KnownId[];
  nationalProcedures: KnownId[];
  contacts: KnownId[];
  brands: KnownId[];
  nodesOf: Record<string, KnownId[]>;
}

/**
 * A reference: in the shared schemas, any well-formed identifier; in a project's schemas, one
 * of its identifiers, offered by completion with its title, and any other underlined.
 */
function reference(base: Schema, known: KnownId[] | undefined, unknown: (list: string) => string): Schema {
  if (!known?.length) return base;
  return {
    type: 'string',
    enum: known.map((k) => k.id),
    enumDescriptions: known.map((k) => k.label),
    description: base.description,
    errorMessage: unknown(known.map((k) => k.id).join(', ')),
  };
}

const LIST_UPDATE = 'La liste se met à jour à chaque vérification (parcours check, ou la tâche « parcours check --watch » à chaque enregistrement).';

// ---------------------------------------------------------------------------------------
// Flows and their nodes

const SCHEMA_DRAFT = 'https://json-schema.org/draft/2020-12/schema';
const KIND_KEYS = ['question', 'procedure', 'success', 'support', 'flow'] as const;
const oneKind = (kind: string, what: string): KeyRule => ({
  keys: KIND_KEYS.filter((k) => k !== kind),
  message: `Un nœud n’a qu’une nature : celui-ci est ${what}. Faites un autre nœud pour ce champ (une réponse ou un « next » peut y mener).`,
});

const answer = object({
  title: 'Réponse',
  description: 'Une réponse possible, et le nœud où elle mène.',
  where: 'dans une réponse',
  message: 'Une réponse s’écrit `- label: Oui` puis, aligné dessous, `next: identifiant-du-nœud` : les deux champs sont obligatoires.',
  required: ['label', 'next'],
  properties: {
    label: line('Le texte de la réponse, tel que le lecteur le lit.', ['Oui', 'Non']),
    next: id('du nœud où mène cette réponse (un nœud de ce parcours, sous « nodes »)', 'methode-a'),
  },
});

const contactRef = (known?: ProjectIds) =>
  reference(id('d’un contact (défini dans flows/contacts/)', 'service-client'), known?.contacts, (list) => `Contact inconnu dans ce projet : les contacts sont ${list} (définis dans flows/contacts/). ${LIST_UPDATE}`);

const procedureRef = (known?: ProjectIds) =>
  reference(
    id('de la procédure à suivre (le nom de son fichier dans flows/procedures/, sans .yaml)', 'reinitialiser-mot-de-passe'),
    known?.procedures,
    (list) => `Procédure inconnue dans ce projet : les procédures sont ${list}. Une nouvelle procédure commence par son fichier, flows/procedures/identifiant.yaml. ${LIST_UPDATE}`,
  );

const flowRef = (what: string, known?: ProjectIds) =>
  reference(id(what, 'connexion'), known?.flows, (list) => `Parcours inconnu dans ce projet : les parcours sont ${list} (le nom de leur fichier dans flows/, sans .yaml). ${LIST_UPDATE}`);

/** The schema of each node kind, by the key that names it. */
/**
 * Words readers search with that the text does not use: the site's search leads them to the
 * page (a node's, a procedure's, a journey's first question).
 */
const keywords = list(
  'Mots-clés (facultatif) : les mots que les lecteurs cherchent et que le texte n’emploie pas (« pas de carte », « code PIN », « perdu ») ; la recherche du site mène à cette page quand on les tape.',
  line('Un mot ou une expression, comme un lecteur la taperait.', ['pas de carte']),
  'Les mots-clés s’écrivent en liste : [pas de carte, perdu] ou une ligne « - pas de carte » par mot-clé.',
);

function nodeKinds(known?: ProjectIds) {
  const linkedNode = id('du nœud de ce parcours où l’on arrive (facultatif : son début par défaut)', 'compte');
  const flowLink = object({
    title: 'Lien vers un autre parcours',
    description: 'Le lecteur continue dans un autre parcours.',
    where: 'dans un lien vers un parcours',
    message: 'Un nœud « flow » a le champ « flow » (le nom d’un fichier de flows/, sans .yaml) et, au besoin, « node » et « label ».',
    required: ['flow'],
    properties: {
      flow: flowRef('du parcours où l’on continue (le nom de son fichier dans flows/, sans .yaml)', known),
      node: linkedNode,
      label: line('Texte du lien (facultatif : le titre du parcours par défaut).'),
    },
    special: oneKind('flow', 'un lien vers un parcours'),
  });
  // In a project, the nodes of the flow named: completion offers them, a wrong one is underlined.
  const linked = Object.entries(known?.nodesOf ?? {}).filter(([, nodes]) => nodes.length);
  if (linked.length) {
    flowLink.allOf = linked.map(([flow, nodes]) => ({
      if: { required: ['flow'], properties: { flow: { const: flow } } },
      then: {
        properties: {
          node: reference(linkedNode, nodes, (list) => `Ce nœud n’existe pas dans le parcours « ${flow} » : ses nœuds sont ${list}. ${LIST_UPDATE}`),
        },
      },
    }));
  }
  return {
    question: object({
      title: 'Question',
      description: 'Une question posée au lecteur ; chaque réponse mène au nœud suivant.',
      where: 'dans une question',
      message: 'Une question a deux champs obligatoires : « question » (la question posée) et « answers » (au moins deux réponses) ; « help » est facultatif.',
      required: ['question', 'answers'],
      properties: {
        question: text('La question, telle que le lecteur la lit.', ['Avez-vous reçu le code par SMS ?']),
        help: text('Une aide pour répondre (facultatif), affichée sous la question.'),
        keywords,
        answers: list(
          'Les réponses possibles (au moins deux), chacune avec le nœud où elle mène.',
          answer,
          'Les réponses s’écrivent en liste, au moins deux : `- label: Oui` puis, aligné dessous, `next: identifiant-du-nœud`.',
          2,
        ),
      },
      special: oneKind('question', 'une question'),
    }),
    procedure: object({
      title: 'Procédure',
      description: 'Le lecteur suit une procédure (une suite d’étapes décrite dans flows/procedures/), puis continue.',
      where: 'dans un nœud « procedure »',
      message: 'Un nœud « procedure » a le champ « procedure » (le nom d’un fichier de flows/procedures/, sans .yaml) et, le plus souvent, « next » (le nœud suivant).',
      required: ['procedure'],
      properties: {
        procedure: procedureRef(known),
        next: id('du nœud où l’on va après la procédure (facultatif : sans lui, le parcours s’arrête après la procédure)', 'connecte'),
        keywords,
      },
      special: oneKind('procedure', 'une procédure'),
    }),
    success: object({
      title: 'Réussite',
      description: 'Fin heureuse du parcours : le lecteur a obtenu ce qu’il voulait.',
      where: 'dans une réussite',
      message: 'Un nœud « success » a le champ « success » (ce que le lecteur peut faire maintenant) et, au besoin, « text ».',
      required: ['success'],
      properties: {
        success: text('Ce que le lecteur peut faire maintenant.', ['Votre compte est activé : vous pouvez vous connecter.']),
        text: text('Un complément (facultatif).'),
        keywords,
      },
      special: oneKind('success', 'une réussite'),
    }),
    support: object({
      title: 'Support',
      description: 'Fin du parcours vers l’assistance : qui contacter et pourquoi.',
      where: 'dans un support',
      message: 'Un nœud « support » a le champ « support » (le problème du lecteur) et « contacts » (les contacts à joindre, définis dans flows/contacts/).',
      required: ['support'],
      properties: {
        support: text('Le problème du lecteur, en ses mots.', ['Je n’ai pas reçu le code.']),
        text: text('Un complément (facultatif).'),
        contacts: list('Les contacts à joindre (au moins un), par leur identifiant dans flows/contacts/.', contactRef(known), 'Les contacts s’écrivent en liste : [service-client] ou une ligne « - service-client » par contact.', 0),
        keywords,
      },
      special: oneKind('support', 'un support'),
    }),
    flow: flowLink,
  };
}

/** The node kinds of the shared schema, by the key that names each. */
export const NODE_KINDS = nodeKinds();

export type NodeKind = keyof typeof NODE_KINDS;

/** A snippet placeholder: a choice among the project's identifiers when known. */
const placeholder = (n: number, fallback: string, known?: KnownId[]) => (known?.length ? `\${${n}|${known.map((k) => k.id).join(',')}|}` : `\${${n}:${fallback}}`);

/**
 * What completion inserts for each kind: the whole node, placeholders to fill in (Tab goes
 * to the next); in a project's schemas, its procedures, contacts and flows to choose from.
 */
export function nodeSnippets(known?: ProjectIds): Record<NodeKind, { description: string; body: Record<string, unknown> }> {
  return {
    question: {
      description: 'Une question et ses réponses, chacune menant à un nœud.',
      body: { question: '${1:La question posée au lecteur ?}', answers: [{ label: '${2:Oui}', next: '${3:noeud-si-oui}' }, { label: '${4:Non}', next: '${5:noeud-si-non}' }] },
    },
    procedure: { description: 'Une procédure à suivre, puis le nœud suivant.', body: { procedure: placeholder(1, 'identifiant-de-la-procedure', known?.procedures), next: '${2:noeud-suivant}' } },
    success: { description: 'Une fin heureuse du parcours.', body: { success: '${1:Ce que le lecteur peut faire maintenant}' } },
    support: { description: 'Une fin vers l’assistance, avec les contacts à joindre.', body: { support: '${1:Le problème du lecteur}', contacts: [placeholder(2, 'identifiant-du-contact', known?.contacts)] } },
    flow: { description: 'La suite dans un autre parcours.', body: { flow: placeholder(1, 'identifiant-du-parcours', known?.flows) } },
  };
}

const hasKind = (kind: string) => ({ type: 'object', required: [kind] });

/**
 * A snippet body as YAML text, two spaces per level. Given as `bodyText`, the editor inserts
 * it as written and indents it like the line it goes on (a `body` object would be indented
 * by the server's own rules, one level too deep under a map's key).
 */
export function snippetText(value: Record<string, unknown>, indent = ''): string {
  const lines = (v: unknown, at: string): string[] => {
    if (Array.isArray(v)) {
      return v.flatMap((item) => {
        const inner = item && typeof item === 'object' ? lines(item, `${at}  `) : [`${at}  ${String(item)}`];
        return [`${at}- ${inner[0]!.trimStart()}`, ...inner.slice(1)];
      });
    }
    return Object.entries(v as Record<string, unknown>).flatMap(([key, item]) =>
      item && typeof item === 'object' ? [`${at}${key}:`, ...lines(item, `${at}  `)] : [`${at}${key}: ${String(item)}`],
    );
  };
  return lines(value, indent).join('\n');
}

/**
 * A node. An `if`/`then` per kind rather than `oneOf`: a mistake then yields messages about
 * the one kind meant, not about five near-misses, and completion inside a node offers only its
 * kind's fields. A node with no kind yet gets the five kinds as snippets.
 */
function nodeSchema(known?: ProjectIds): Schema {
  const snippets = nodeSnippets(known);
  return {
    type: 'object',
    description: 'Un nœud du parcours : une question, une procédure, une réussite, un support ou un lien vers un autre parcours. La clé qui le définit (question, procedure, success, support ou flow) dit sa nature.',
    errorMessage: 'Un nœud s’écrit sous son identifiant, ses champs sur les lignes suivantes, indentés : question, procedure, success, support ou flow, puis les champs de cette nature.',
    allOf: [
      ...KIND_KEYS.map((key) => ({ if: hasKind(key), then: { $ref: `#/$defs/${key}Node` } })),
      {
        if: { not: { anyOf: KIND_KEYS.map(hasKind) } },
        then: {
          defaultSnippets: KIND_KEYS.map((kind) => ({ label: kind, description: `${NODE_KINDS[kind].title} : ${snippets[kind].description}`, bodyText: snippetText(snippets[kind].body) })),
          // The loader reports a node without kind itself (validate.ts), with the key it saw.
          required: ['question'],
          errorMessage: 'Ce nœud n’a pas de nature : il lui faut l’une des clés question, procedure, success, support ou flow (une seule). Vérifiez leur orthographe.',
          propertyNames: knownKeys([...new Set(Object.values(NODE_KINDS).flatMap((k) => Object.keys(k.properties as object)))], 'dans un nœud'),
        },
      },
    ],
  };
}

function flowSchema(known?: ProjectIds): Schema {
  const kinds = nodeKinds(known);
  const snippets = nodeSnippets(known);
  return {
    $schema: SCHEMA_DRAFT,
    $id: 'flow.schema.json',
    ...object({
      title: 'Parcours d’aide',
      description: 'Un parcours d’aide : un arbre de questions qui mène le lecteur à une réussite ou à l’assistance. Un fichier par parcours dans flows/ ; son nom (sans .yaml) est l’identifiant du parcours.',
      where: 'en tête d’un parcours',
      message: 'Un parcours a trois champs obligatoires : « title » (son titre), « start » (le premier nœud) et « nodes » (les nœuds) ; « description », « order » et « related » sont facultatifs.',
      required: ['title', 'start', 'nodes'],
      properties: {
        title: line('Le titre du parcours, tel que le lecteur le voit (page d’accueil, haut de chaque page du parcours).', ['J’active mon compte']),
        description: text('Une ou deux phrases qui disent à qui sert ce parcours : affichées sur la page d’accueil sous le titre, et lues comme description du logigramme.'),
        action: line('Ce que fait ce parcours, en quelques mots (facultatif) : le titre de sa carte sur la page d’accueil, le titre du parcours restant la question posée.', ['Activer mon compte']),
        ...review,
        order: {
          type: 'integer',
          minimum: 0,
          description: 'Rang du parcours sur la page d’accueil : les plus petits d’abord ; à rang égal, par ordre alphabétique des titres. Sans rang, le parcours vient après.',
          errorMessage: 'Le rang est un nombre entier : 0, 1, 2…',
        },
        start: id('du premier nœud (l’un de ceux de « nodes »)', 'compte'),
        related: list('Parcours liés, proposés en « Voir aussi » (le nom de leur fichier dans flows/, sans .yaml).', flowRef('d’un parcours', known), 'Les parcours liés s’écrivent en liste : [suppression, activation] ou une ligne « - suppression » par parcours.', 0),
        nodes: {
          type: 'object',
          description: 'Les nœuds du parcours, chacun sous son identifiant.',
          errorMessage: 'Les nœuds s’écrivent chacun sous son identifiant, indenté sous `nodes:`.',
          minProperties: 1,
          defaultSnippets: KIND_KEYS.map((kind) => ({
            label: `nouveau nœud ${kind}`,
            description: `${NODE_KINDS[kind].title} : ${snippets[kind].description}`,
            bodyText: snippetText({ '${9:identifiant-du-noeud}': snippets[kind].body }),
          })),
          propertyNames: {
            doNotSuggest: true,
            pattern: ID_PATTERN,
            patternErrorMessage: `Identifiant de nœud mal écrit : il ne contient que des ${ID_RULE}, par exemple « methode-a ».`,
          },
          additionalProperties: { $ref: '#/$defs/node' },
        },
      },
    }),
    $defs: {
      node: nodeSchema(known),
      questionNode: kinds.question,
      procedureNode: kinds.procedure,
      successNode: kinds.success,
      supportNode: kinds.support,
      flowNode: kinds.flow,
    },
  };
}

const procedureSchema = (known?: ProjectIds): Schema => ({
  $schema: SCHEMA_DRAFT,
  $id: 'procedure.schema.json',
  ...object({
    title: 'Procédure',
    description: 'Une procédure : des prérequis et des étapes numérotées. Un fichier par procédure dans flows/procedures/ ; son nom (sans .yaml) est l’identifiant de la procédure. Chaque procédure donne une page du site et une fiche pratique PDF.',
    where: 'en tête d’une procédure',
    message: 'Une procédure a deux champs obligatoires : « title » (son titre) et « steps » (les étapes, en liste).',
    required: ['title', 'steps'],
    properties: {
      title: line('Le titre de la procédure (page du site, fiche pratique).', ['Activer mon compte avec mon adresse e-mail']),
      short: line('Un titre court pour les logigrammes et les menus (facultatif).', ['Par e-mail']),
      description: text('Une ou deux phrases qui disent quand suivre cette procédure : affichées en tête de sa page et de sa fiche.'),
      brand: reference(id('de la marque (portail régional) qui publie cette procédure (facultatif ; le nom d’un fichier de flows/brands/)', 'region-ouest'), known?.brands, (list) => `Marque inconnue dans ce projet : les marques sont ${list} (le nom de leur fichier dans flows/brands/). ${LIST_UPDATE}`),
      variantOf: reference(id('de la procédure nationale dont celle-ci est la variante régionale (avec « brand »)', 'reinitialiser-mot-de-passe'), known?.nationalProcedures, (list) => `Procédure nationale inconnue dans ce projet : « variantOf » nomme l’une de ${list} (une procédure qui n’est pas elle-même une variante). ${LIST_UPDATE}`),
      prerequisites: list('Ce qu’il faut avoir avant de commencer : une liste affichée avant les étapes, sous « Avant de commencer ».', text('Un prérequis.', ['Munissez-vous de votre téléphone.']), 'Les prérequis s’écrivent en liste, une ligne « - … » par prérequis.'),
      steps: list('Les étapes, dans l’ordre ; elles sont numérotées.', step, 'Les étapes s’écrivent en liste : `- text: Ce qu’il faut faire` pour chacune.'),
      callouts: list('Encadrés de la procédure entière (affichés après les étapes).', callout, 'Les encadrés s’écrivent en liste : `- kind: …` pour chacun.'),
      outcome: text('Le résultat, affiché après la dernière étape (par exemple « Votre compte est activé. »).', ['Votre compte est activé.']),
      links: list('Liens utiles (tutoriel vidéo, page officielle…), affichés en fin de page et sur la fiche.', link, 'Les liens s’écrivent en liste : `- label: …` puis, aligné dessous, `url: https://…`.'),
      keywords,
      ...review,
    },
  }),
  $defs: {},
});

const phone = object({
  title: 'Téléphone',
  description: 'Le téléphone du service.',
  where: 'dans un téléphone',
  message: 'Le téléphone s’écrit sur plusieurs lignes : `phone:`, puis dessous, indentés, `number: 0 809 40 00 82` (obligatoire), `cost: …` et `hours: …`.',
  required: ['number'],
  properties: {
    number: {
      type: 'string',
      pattern: PHONE_PATTERN,
      description: 'Le numéro, tel qu’il s’affiche : français à 10 chiffres (0 809 40 00 82), international (+33 8 09 40 00 82) ou court (3646). Écrivez-le avec ses espaces, ou entre guillemets : sans espace, YAML le lirait comme un nombre.',
      errorMessage: 'Écrivez le numéro comme un texte, avec ses espaces (0 809 40 00 82) ou entre guillemets ("0809400082") : sans espace, YAML le lit comme un nombre.',
      patternErrorMessage: 'Numéro non reconnu : écrivez un numéro français à 10 chiffres (0 809 40 00 82), un numéro international (+33 8 09 40 00 82) ou un numéro court à 4 chiffres (3646).',
    },
    cost: line('Le coût de l’appel, tel qu’il doit être affiché.', ['appel gratuit', '0,06 €/min + prix appel']),
    hours: line('Les horaires (facultatif).', ['du lundi au vendredi, de 8 h à 18 h']),
  },
});

const contact = object({
  title: 'Contact',
  description: 'Un contact d’assistance.',
  where: 'dans un contact',
  message: 'Un contact s’écrit sous son identifiant, ses champs indentés dessous : « name » (obligatoire), puis au moins un moyen de le joindre (phone, email, faq ou web).',
  required: ['name'],
  properties: {
    name: line('Le nom du service.', ['Service client']),
    for: text('Pour quels problèmes le joindre.'),
    phone,
    email: {
      type: 'string',
      pattern: EMAIL_PATTERN,
      allOf: [{ pattern: NON_BLANK_PATTERN, patternErrorMessage: EMPTY_MESSAGE }],
      description: 'L’adresse e-mail du service, sans « mailto: ».',
      errorMessage: 'L’adresse e-mail s’écrit sur la ligne de sa clé : nom@domaine.fr.',
      patternErrorMessage: 'Adresse e-mail non reconnue : écrivez nom@domaine.fr, sans espace, sans accent et sans « mailto: ».',
    },
    faq: address('L’adresse de la foire aux questions.'),
    web: address('Une page d’aide ou un formulaire.'),
  },
});

const contactsSchema = (): Schema => ({
  $schema: SCHEMA_DRAFT,
  $id: 'contacts.schema.json',
  ...object({
    title: 'Contacts d’assistance',
    description: 'Les contacts d’assistance, définis une seule fois et cités par leur identifiant dans les nœuds « support ». Fichiers dans flows/contacts/.',
    where: 'en tête d’un fichier de contacts',
    message: 'Un fichier de contacts commence par `contacts:`, puis chaque contact sous son identifiant, indenté.',
    required: ['contacts'],
    properties: {
      contacts: {
        type: 'object',
        minProperties: 1,
        description: 'Les contacts, chacun sous son identifiant.',
        errorMessage: 'Les contacts s’écrivent chacun sous son identifiant, indenté sous `contacts:`.',
        defaultSnippets: [
          {
            label: 'nouveau contact',
            description: 'Un contact avec son téléphone et son e-mail.',
            bodyText: snippetText({ '${1:identifiant-du-contact}': { name: '${2:Nom du service}', for: '${3:Pour quels problèmes le joindre}', phone: { number: '${4:numéro}', cost: '${5:coût de l’appel}' }, email: '${6:adresse e-mail}' } }),
          },
        ],
        propertyNames: {
          doNotSuggest: true,
          pattern: ID_PATTERN,
          patternErrorMessage: `Identifiant de contact mal écrit : il ne contient que des ${ID_RULE}, par exemple « service-cartes ».`,
        },
        additionalProperties: contact,
      },
    },
  }),
  $defs: {},
});

const brandSchema = (known?: ProjectIds): Schema => ({
  $schema: SCHEMA_DRAFT,
  $id: 'brand.schema.json',
  ...object({
    title: 'Marque (portail régional)',
    description: 'Une marque : un portail régional qui publie ses propres fiches (nom, logo, adresses, couleurs). Un fichier par marque dans flows/brands/ ; son nom (sans .yaml) est l’identifiant de la marque.',
    where: 'dans une marque',
    message: 'Une marque a un champ obligatoire : « name » (le nom du portail).',
    required: ['name'],
    properties: {
      name: line('Le nom du portail.'),
      portal: address('L’adresse du portail.'),
      wiki: address('L’adresse du wiki ou des tutoriels du portail, imprimée en tête des fiches.'),
      logo: line('Chemin du logo (SVG ou PNG), relatif à ce fichier ; il doit se trouver dans le projet. Sans logo, les fiches montrent le nom du portail composé en logotype.', ['../../content/images/logo.svg']),
      logoAlt: line('Texte alternatif du logo (en général, le nom du portail).'),
      color: colour('Couleur principale : bandeau de chaque page, numéros des étapes et filets des fiches ; sans elle, celle du site (site.color).'),
      contacts: list('Contacts propres à ce portail, par leur identifiant (définis dans flows/contacts/) : ils viennent en tête de « En cas de problème », avant les contacts nationaux.', contactRef(known), 'Les contacts s’écrivent en liste : [support-region] ou une ligne « - support-region » par contact.', 0),
    },
  }),
  $defs: {},
});

/**
 * The four schemas. Without `known`, the shared ones (schema/*.schema.json, and the loader's);
 * with a project's identifiers, that project's own (project-schemas.ts).
 */
export function buildSchemas(known?: ProjectIds) {
  return {
    flow: typeset(flowSchema(known)),
    procedure: typeset(procedureSchema(known)),
    contacts: typeset(contactsSchema()),
    brand: typeset(brandSchema(known)),
  };
}

export const SCHEMAS = buildSchemas();

export type FileKind = 'flow' | 'procedure' | 'contacts' | 'brand';

/**
 * French spacing (no-break spaces before « : ; ! ? », inside guillemets) in every text an
 * editor reads in the schema; patterns, values and snippet bodies are left as written.
 */
export function typeset<T>(schema: T): T {
  const READ = new Set(['title', 'description', 'errorMessage', 'patternErrorMessage', 'markdownDescription', 'label']);
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return key !== undefined && READ.has(key) ? frenchSpacing(value) : value;
    if (Array.isArray(value)) return value.map((item) => walk(item, key === 'enumDescriptions' ? 'description' : undefined));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, k === 'properties' || k === '$defs' ? Object.fromEntries(Object.entries(v as object).map(([name, s]) => [name, walk(s)])) : k === 'bodyText' || k === 'examples' || k === 'enum' ? v : walk(v, k)]),
      );
    }
    return value;
  };
  return walk(schema) as T;
}
