/**
 * The JSON Schemas (draft 2020-12) of the four kinds of YAML file, written once here.
 *
 * `npm run schema` writes them to `schema/*.schema.json` for editors (VS Code's YAML
 * extension reads the `# yaml-language-server: $schema=…` line); the loader validates with
 * these same objects, and a test keeps the written files in step with this source.
 * Descriptions are in French: they are what an editor reads when hovering a field.
 */

const ID_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

const id = (what: string, examples: string[]) => ({
  type: 'string',
  pattern: ID_PATTERN,
  description: `Identifiant ${what} : lettres minuscules sans accent, chiffres et tirets (ex. « ${examples[0]} »). Il sert dans les adresses du site : ne le changez pas sans raison.`,
  examples,
});

const text = (description: string, examples: string[] = []) => ({
  type: 'string',
  minLength: 1,
  description: `${description}\n\nMise en forme permise : **gras**, [texte du lien](https://…), adresses https://… et e-mails rendus cliquables. Pas de HTML.`,
  ...(examples.length ? { examples } : {}),
});

const url = (description: string, examples: string[]) => ({
  type: 'string',
  minLength: 1,
  description: `${description} Seules les adresses https:, mailto: et tel: sont acceptées.`,
  examples,
});

const link = {
  type: 'object',
  description: 'Un lien vers une page externe (tutoriel vidéo, guide en ligne…).',
  required: ['label', 'url'],
  additionalProperties: false,
  properties: {
    label: { type: 'string', minLength: 1, description: 'Le texte du lien, tel que le lecteur le voit.', examples: ['Tutoriel vidéo'] },
    url: url('L’adresse du lien.', ['https://www.youtube.com/watch?v=LdCD9dCDWzM']),
  },
};

const picture = {
  type: 'object',
  description: 'Une image (capture d’écran) illustrant une étape, pour une vue donnée.',
  required: ['src', 'alt', 'view'],
  additionalProperties: false,
  properties: {
    src: {
      type: 'string',
      minLength: 1,
      description: 'Chemin de l’image, relatif à ce fichier YAML. L’image doit se trouver dans le projet (par exemple dans content/images/).',
      examples: ['../../content/images/paca/connexion-mobile.png'],
    },
    alt: {
      type: 'string',
      minLength: 1,
      description: 'Texte alternatif : ce que montre l’image, pour les personnes qui ne la voient pas. Obligatoire.',
      examples: ['Écran de l’application e-CPS avec le bouton « Commencer l’activation »'],
    },
    view: {
      enum: ['mobile', 'ordinateur'],
      description: 'La vue montrée : « mobile » (écran du téléphone) ou « ordinateur ».',
    },
  },
};

const callout = {
  type: 'object',
  description: 'Un encadré : une règle à respecter, une astuce, une mise en garde ou une information.',
  required: ['kind'],
  additionalProperties: false,
  properties: {
    kind: {
      enum: ['rule', 'tip', 'warning', 'info'],
      description: 'Nature de l’encadré : « rule » (règle à respecter), « tip » (astuce, conseil), « warning » (attention), « info » (information).',
    },
    title: { type: 'string', minLength: 1, description: 'Titre de l’encadré.', examples: ['Votre mot de passe ne peut pas :'] },
    text: text('Texte de l’encadré.'),
    items: {
      type: 'array',
      minItems: 1,
      description: 'Liste à puces de l’encadré.',
      items: text('Un élément de la liste.'),
    },
  },
};

const where = {
  enum: ['telephone', 'ordinateur', 'telephone-et-ordinateur'],
  description: 'Où se fait l’étape : « telephone » (sur votre téléphone), « ordinateur » (sur votre ordinateur) ou « telephone-et-ordinateur » (les deux à la fois, par exemple scanner l’écran de l’ordinateur avec le téléphone).',
};

const step = {
  type: 'object',
  description: 'Une étape numérotée de la procédure. Elle a au moins un texte, un titre ou une liste.',
  additionalProperties: false,
  properties: {
    title: { type: 'string', minLength: 1, description: 'Titre de section (facultatif), pour les fiches découpées en sections.', examples: ['Se connecter au Portail de santé PACA'] },
    text: text('Ce qu’il faut faire, en une ou deux phrases.', ['Sur votre ordinateur, allez sur https://wallet.esw.esante.gouv.fr']),
    where,
    items: {
      type: 'array',
      minItems: 1,
      description: 'Sous-étapes ou détails, affichés en liste à puces.',
      items: text('Un élément de la liste.'),
    },
    callouts: { type: 'array', minItems: 1, description: 'Encadrés de cette étape.', items: callout },
    pictures: { type: 'array', minItems: 1, description: 'Captures d’écran de cette étape, par vue.', items: picture },
  },
};

const SCHEMA_DRAFT = 'https://json-schema.org/draft/2020-12/schema';

const questionNode = {
  type: 'object',
  title: 'Question',
  description: 'Une question posée au lecteur ; chaque réponse mène au nœud suivant.',
  required: ['question', 'answers'],
  additionalProperties: false,
  properties: {
    question: text('La question, telle que le lecteur la lit.', ['J’ai une carte CPx ?']),
    help: text('Une aide pour répondre (facultatif).'),
    answers: {
      type: 'array',
      minItems: 2,
      description: 'Les réponses possibles (au moins deux), chacune avec le nœud où elle mène.',
      items: {
        type: 'object',
        required: ['label', 'next'],
        additionalProperties: false,
        properties: {
          label: { type: 'string', minLength: 1, description: 'Le texte de la réponse.', examples: ['Oui', 'Non'] },
          next: id('du nœud où mène cette réponse', ['methode-a']),
        },
      },
    },
  },
};

const procedureNode = {
  type: 'object',
  title: 'Procédure',
  description: 'Le lecteur suit une procédure (une suite d’étapes décrite dans flows/procedures/), puis continue.',
  required: ['procedure'],
  additionalProperties: false,
  properties: {
    procedure: id('de la procédure à suivre (nom de son fichier dans flows/procedures/, sans .yaml)', ['activation-carte']),
    next: id('du nœud où l’on va après la procédure', ['activee-a']),
  },
};

const successNode = {
  type: 'object',
  title: 'Réussite',
  description: 'Fin heureuse du parcours : le lecteur a obtenu ce qu’il voulait.',
  required: ['success'],
  additionalProperties: false,
  properties: {
    success: text('Ce que le lecteur peut faire maintenant.', ['Je peux accéder à mes services avec ma e-CPS']),
    text: text('Un complément (facultatif).'),
  },
};

const supportNode = {
  type: 'object',
  title: 'Support',
  description: 'Fin du parcours vers l’assistance : qui contacter et pourquoi.',
  required: ['support'],
  additionalProperties: false,
  properties: {
    support: text('Le problème du lecteur, en ses mots.', ['J’ai un problème avec ma carte (code PIN, lecteur…)']),
    text: text('Un complément (facultatif).'),
    contacts: {
      type: 'array',
      description: 'Les contacts à joindre (au moins un), par leur identifiant dans flows/contacts/.',
      items: id('d’un contact', ['service-cartes']),
    },
  },
};

const flowLinkNode = {
  type: 'object',
  title: 'Lien vers un autre parcours',
  description: 'Le lecteur continue dans un autre parcours.',
  required: ['flow'],
  additionalProperties: false,
  properties: {
    flow: id('du parcours où l’on continue (nom de son fichier dans flows/, sans .yaml)', ['reactivation']),
    node: id('du nœud de ce parcours où l’on arrive (facultatif : son début par défaut)', ['carte']),
    label: { type: 'string', minLength: 1, description: 'Texte du lien (facultatif : le titre du parcours par défaut).' },
  },
};

/** The node kinds, by the key that names each. */
export const NODE_KINDS = {
  question: questionNode,
  procedure: procedureNode,
  success: successNode,
  support: supportNode,
  flow: flowLinkNode,
} as const;

export type NodeKind = keyof typeof NODE_KINDS;

// An `if`/`then` per kind rather than `oneOf`: an editor's mistake then yields errors about the
// one kind they meant, not a list of five near-misses (the noise Starlight's error map fights).
const node = {
  type: 'object',
  description: 'Un nœud du parcours : une question, une procédure, une réussite, un support ou un lien vers un autre parcours. La clé qui le définit (question, procedure, success, support ou flow) dit sa nature.',
  // Listed here too so that an editor's autocompletion offers the five kinds.
  properties: Object.fromEntries(
    Object.entries(NODE_KINDS).map(([key, schema]) => [key, { description: `${schema.title} : ${schema.description}` }]),
  ),
  allOf: Object.entries(NODE_KINDS).map(([key, schema]) => ({ if: { required: [key] }, then: { $ref: `#/$defs/${key}Node` } })),
};

export const flowSchema = {
  $schema: SCHEMA_DRAFT,
  $id: 'flow.schema.json',
  title: 'Parcours d’aide',
  description: 'Un parcours d’aide : un arbre de questions qui mène le lecteur à une réussite ou à l’assistance. Un fichier par parcours dans flows/ ; son nom (sans .yaml) est l’identifiant du parcours.',
  type: 'object',
  required: ['title', 'start', 'nodes'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', minLength: 1, description: 'Le titre du parcours, tel que le lecteur le voit.', examples: ['J’ai besoin de ma e-CPS pour accéder à mes services'] },
    description: text('Une phrase qui dit à qui sert ce parcours (page d’accueil, description du logigramme).'),
    order: { type: 'integer', minimum: 0, description: 'Rang du parcours sur la page d’accueil (les plus petits d’abord).' },
    start: id('du premier nœud', ['carte']),
    related: { type: 'array', description: 'Parcours liés, proposés en « Voir aussi ».', items: id('d’un parcours', ['suppression']) },
    nodes: {
      type: 'object',
      description: 'Les nœuds du parcours, chacun sous son identifiant.',
      minProperties: 1,
      propertyNames: { pattern: ID_PATTERN },
      additionalProperties: { $ref: '#/$defs/node' },
    },
  },
  $defs: {
    node,
    questionNode,
    procedureNode,
    successNode,
    supportNode,
    flowNode: flowLinkNode,
  },
};

export const procedureSchema = {
  $schema: SCHEMA_DRAFT,
  $id: 'procedure.schema.json',
  title: 'Procédure',
  description: 'Une procédure : des prérequis et des étapes numérotées. Un fichier par procédure dans flows/procedures/ ; son nom (sans .yaml) est l’identifiant de la procédure. Chaque procédure donne une page du site et une fiche pratique PDF.',
  type: 'object',
  required: ['title', 'steps'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', minLength: 1, description: 'Le titre de la procédure.', examples: ['Méthode A : j’active ma e-CPS avec ma carte'] },
    short: { type: 'string', minLength: 1, description: 'Un titre court pour les logigrammes et les menus (facultatif).', examples: ['Méthode A'] },
    description: text('Une phrase qui dit quand suivre cette procédure.'),
    brand: id('de la marque (portail régional) à laquelle appartient cette procédure (facultatif)', ['paca']),
    variantOf: id('de la procédure nationale dont celle-ci est la variante régionale (avec « brand »)', ['activation-carte']),
    prerequisites: { type: 'array', minItems: 1, description: 'Ce qu’il faut avoir avant de commencer.', items: text('Un prérequis.', ['Munissez-vous d’un lecteur de carte filaire.']) },
    steps: { type: 'array', minItems: 1, description: 'Les étapes, dans l’ordre.', items: step },
    callouts: { type: 'array', minItems: 1, description: 'Encadrés de la procédure entière (après les étapes).', items: callout },
    outcome: text('Le résultat, affiché après la dernière étape.', ['Votre e-CPS est maintenant activée.']),
    links: { type: 'array', minItems: 1, description: 'Liens utiles : tutoriel vidéo, page officielle…', items: link },
  },
  $defs: {},
};

export const contactsSchema = {
  $schema: SCHEMA_DRAFT,
  $id: 'contacts.schema.json',
  title: 'Contacts d’assistance',
  description: 'Les contacts d’assistance, définis une seule fois et cités par leur identifiant dans les nœuds « support ». Fichiers dans flows/contacts/.',
  type: 'object',
  required: ['contacts'],
  additionalProperties: false,
  properties: {
    contacts: {
      type: 'object',
      minProperties: 1,
      description: 'Les contacts, chacun sous son identifiant.',
      propertyNames: { pattern: ID_PATTERN },
      additionalProperties: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, description: 'Le nom du service.', examples: ['Service client e-CPS'] },
          for: text('Pour quels problèmes le joindre.'),
          phone: {
            type: 'object',
            required: ['number'],
            additionalProperties: false,
            description: 'Le téléphone du service.',
            properties: {
              number: { type: 'string', minLength: 1, description: 'Le numéro, tel qu’il s’affiche (numéro français à 10 chiffres ou +33).', examples: ['0 809 40 00 82'] },
              cost: { type: 'string', minLength: 1, description: 'Le coût de l’appel, tel qu’il doit être affiché.', examples: ['appel gratuit', '0,06 €/min + prix appel'] },
              hours: { type: 'string', minLength: 1, description: 'Les horaires (facultatif).' },
            },
          },
          email: { type: 'string', minLength: 1, description: 'L’adresse e-mail du service.', examples: ['monserviceclient.e-cps@asipsante.fr'] },
          faq: url('L’adresse de la foire aux questions.', ['https://esante.gouv.fr/securite/faq-e-cps']),
          web: url('Une page d’aide ou un formulaire.', ['https://esante.gouv.fr/securite/e-cps']),
        },
      },
    },
  },
  $defs: {},
};

export const brandSchema = {
  $schema: SCHEMA_DRAFT,
  $id: 'brand.schema.json',
  title: 'Marque (portail régional)',
  description: 'Une marque : un portail régional qui publie ses propres fiches (nom, logo, adresses, couleurs). Un fichier par marque dans flows/brands/ ; son nom (sans .yaml) est l’identifiant de la marque.',
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, description: 'Le nom du portail.', examples: ['Portail de santé PACA'] },
    portal: url('L’adresse du portail.', ['https://sante-paca.fr/']),
    wiki: url('L’adresse du wiki ou des tutoriels du portail, imprimée en tête des fiches.', ['https://tutos.iess.fr/']),
    logo: { type: 'string', minLength: 1, description: 'Chemin du logo (SVG ou PNG), relatif à ce fichier ; il doit se trouver dans le projet. Sans logo, les fiches montrent le nom du portail composé en logotype.' },
    logoAlt: { type: 'string', minLength: 1, description: 'Texte alternatif du logo.' },
    color: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$', description: 'Couleur principale, en hexadécimal (#RRGGBB) : bandeau de chaque page, numéros des étapes et filets des fiches.', examples: ['#0b6e4f'] },
    contacts: { type: 'array', description: 'Contacts propres à ce portail, par leur identifiant : ils viennent en tête de « En cas de problème », avant les contacts nationaux.', items: id('d’un contact', ['support-paca']) },
  },
  $defs: {},
};

export const SCHEMAS = {
  flow: flowSchema,
  procedure: procedureSchema,
  contacts: contactsSchema,
  brand: brandSchema,
} as const;

export type FileKind = keyof typeof SCHEMAS;
