/**
 * The JSON Schema of `parcours.yaml`, the configuration of a content project: everything that
 * is not code (the site's identity, its public address, the publisher, the home page, the
 * settings a person would otherwise pass as environment variables). Written to
 * `schema/config.schema.json` by `npm run schema`; descriptions in French, for editors.
 */

const SCHEMA_DRAFT = 'https://json-schema.org/draft/2020-12/schema';

const words = (description: string, examples: string[]) => ({ type: 'string', minLength: 1, description, examples });

export const configSchema = {
  $schema: SCHEMA_DRAFT,
  $id: 'config.schema.json',
  title: 'Configuration du projet (parcours.yaml)',
  description:
    'La configuration d’un projet de contenu Parcours : nom du site, adresse publique, éditeur, page d’accueil, réglages de construction. Un seul fichier, parcours.yaml, à la racine du projet (à côté de flows/).',
  type: 'object',
  required: ['site', 'publisher'],
  additionalProperties: false,
  properties: {
    site: {
      type: 'object',
      description: 'Le site d’aide.',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: words('Le nom du site, en tête de chaque page et dans le titre des onglets.', ['Aide e-CPS']),
        description: words('Une phrase qui dit à quoi sert le site (description de la page d’accueil pour les moteurs de recherche).', [
          'Activer, supprimer ou réactiver votre e-CPS, question par question.',
        ]),
        url: {
          type: 'string',
          minLength: 1,
          description:
            'L’adresse publique du site, en https (par exemple https://aide.mon-agence.fr/). Imprimée sur les fiches, dans leurs QR codes et dans les liens des logigrammes. Sans elle, les fiches ne portent ni adresse en ligne ni QR code.',
          examples: ['https://aide.mon-agence.fr/'],
        },
        language: { type: 'string', enum: ['fr'], description: 'La langue du site et des fiches. Seul le français (fr) est disponible.', examples: ['fr'] },
      },
    },
    publisher: {
      type: 'object',
      description: 'Qui publie le site et les fiches.',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: words('Le nom de l’éditeur : auteur des fiches PDF, pied de page du site.', ['Agence régionale de santé']),
      },
    },
    home: {
      type: 'object',
      description: 'La page d’accueil. Le texte d’introduction peut aussi s’écrire dans content/accueil.mdx (il est alors affiché à la place de « intro »).',
      additionalProperties: false,
      properties: {
        title: words('Le titre de la page d’accueil (sa question principale).', ['Aide e-CPS : que voulez-vous faire ?']),
        intro: words('Un court texte sous le titre (mise en forme permise : **gras**, liens https).', ['Ce site vous guide, question par question.']),
      },
    },
    sheets: {
      type: 'object',
      description: 'Les fiches pratiques PDF.',
      additionalProperties: false,
      properties: {
        collectionTitle: words('Le titre du recueil de toutes les fiches.', ['Recueil des fiches pratiques e-CPS']),
        keywords: { type: 'array', description: 'Mots-clés ajoutés aux métadonnées de chaque fiche.', items: { type: 'string', minLength: 1 }, examples: [['e-CPS']] },
      },
    },
    review: {
      type: 'object',
      description: 'La relecture du contenu.',
      additionalProperties: false,
      properties: {
        maxAgeMonths: {
          type: 'integer',
          minimum: 1,
          description: 'Au-delà de ce nombre de mois depuis sa dernière vérification (champ « reviewed »), une page est signalée par « parcours check ». 12 par défaut.',
          examples: [12],
        },
      },
    },
    build: {
      type: 'object',
      description: 'Réglages de construction. Chacun peut aussi être donné par une variable d’environnement, qui l’emporte.',
      additionalProperties: false,
      properties: {
        out: words('Le dossier où la construction écrit le site (relatif à ce fichier). dist par défaut ; l’option --out l’emporte.', ['dist']),
        cache: words('Le dossier du cache des logigrammes et des fiches (relatif à ce fichier). .cache par défaut ; variable PARCOURS_CACHE.', ['.cache']),
        chromium: words('Le Chromium à utiliser, s’il n’est pas à un emplacement habituel ; variable PARCOURS_CHROMIUM.', ['/usr/bin/chromium']),
      },
    },
  },
  $defs: {},
} as const;
