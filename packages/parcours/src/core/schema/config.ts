/**
 * The JSON Schema of `parcours.yaml`, the configuration of a content project: everything that
 * is not code (the site's identity, its public address, the publisher, the home page, the
 * settings a person would otherwise pass as environment variables). Written to
 * `schema/config.schema.json` by `npm run schema`, with the same French messages for the editor
 * as the other schemas (definitions.ts); the loader checks parcours.yaml with it.
 */
import { colour, line, object, typeset, type Schema } from './definitions.ts';

const SCHEMA_DRAFT = 'https://json-schema.org/draft/2020-12/schema';

const section = (description: string, where: string, message: string, properties: Record<string, Schema>, required?: string[]) =>
  object({ description, where: `dans « ${where} »`, message, properties, ...(required ? { required } : {}) });

export const configSchema: Schema = typeset({
  $schema: SCHEMA_DRAFT,
  $id: 'config.schema.json',
  ...object({
    title: 'Configuration du projet (parcours.yaml)',
    description:
      'La configuration d’un projet de contenu Parcours : nom du site, adresse publique, éditeur, page d’accueil, réglages de construction. Un seul fichier, parcours.yaml, à la racine du projet (à côté de flows/).',
    where: 'dans parcours.yaml',
    message: 'parcours.yaml a deux sections obligatoires : « site » (avec « name ») et « publisher » (avec « name ») ; « home », « sheets », « review » et « build » sont facultatives.',
    required: ['site', 'publisher'],
    properties: {
      site: section(
        'Le site d’aide.',
        'site',
        'La section « site » s’écrit `site:` puis, indentés dessous, `name: …` (obligatoire), `description: …`, `url: https://…`, `language: fr`, `color: "#RRGGBB"` et `logo: chemin`.',
        {
          name: line('Le nom du site, en tête de chaque page et dans le titre des onglets.', ['Aide en ligne de l’agence']),
          description: line('Une phrase qui dit à quoi sert le site (description de la page d’accueil pour les moteurs de recherche).', ['Créer votre compte, retrouver votre mot de passe ou obtenir de l’aide, question par question.']),
          url: line(
            'L’adresse publique du site, en https (par exemple https://aide.mon-agence.fr/). Imprimée sur les fiches, dans leurs QR codes et dans les liens des logigrammes. Sans elle, les fiches ne portent ni adresse en ligne ni QR code.',
            ['https://aide.mon-agence.fr/'],
          ),
          language: {
            type: 'string',
            enum: ['fr'],
            description: 'La langue du site et des fiches. Seul le français (fr) est disponible.',
            errorMessage: 'Valeur non permise : seul le français est disponible, écrivez « fr ».',
          },
          color: colour('La couleur du site : liens, boutons, filets des pages, et bandeau des fiches nationales (les marques ont la leur). Sans elle, un bleu sobre. Trop claire pour un texte sur fond blanc, elle reste celle des filets et les textes passent en noir.'),
          logo: line('Le logo du site (SVG ou PNG), chemin relatif à parcours.yaml ; il doit se trouver dans le projet (par exemple content/images/logo.svg). Affiché en tête de chaque page, à côté du nom du site, et en tête des fiches nationales.', ['content/images/logo.svg']),
        },
        ['name'],
      ),
      publisher: section('Qui publie le site et les fiches.', 'publisher', 'La section « publisher » s’écrit `publisher:` puis, indenté dessous, `name: …` (le nom de l’éditeur).', {
        name: line('Le nom de l’éditeur : auteur des fiches PDF, pied de page du site.', ['Agence régionale de santé']),
      }, ['name']),
      home: section(
        'La page d’accueil. Le texte d’introduction peut aussi s’écrire dans content/accueil.mdx (il est alors affiché à la place de « intro »).',
        'home',
        'La section « home » s’écrit `home:` puis, indentés dessous, `title: …` et `intro: …`.',
        {
          title: line('Le titre de la page d’accueil (sa question principale).', ['Aide en ligne : que voulez-vous faire ?']),
          intro: line('Un court texte sous le titre (mise en forme permise : **gras**, liens https).', ['Ce site vous guide, question par question.']),
        },
      ),
      sheets: section('Les fiches pratiques PDF.', 'sheets', 'La section « sheets » s’écrit `sheets:` puis, indentés dessous, `collectionTitle: …` et `keywords: [mot, mot]`.', {
        collectionTitle: line('Le titre du recueil de toutes les fiches.', ['Recueil des fiches pratiques']),
        keywords: {
          type: 'array',
          description: 'Mots-clés ajoutés aux métadonnées de chaque fiche.',
          errorMessage: 'Les mots-clés s’écrivent en liste : [mot, autre mot].',
          items: line('Un mot-clé.'),
        },
      }),
      review: section('La relecture du contenu.', 'review', 'La section « review » s’écrit `review:` puis, indenté dessous, `maxAgeMonths: 12`.', {
        maxAgeMonths: {
          type: 'integer',
          minimum: 1,
          description: 'Au-delà de ce nombre de mois depuis sa dernière vérification (champ « reviewed »), une page est signalée par « parcours check ». 12 par défaut.',
          errorMessage: 'Un nombre entier de mois, par exemple 12.',
        },
      }),
      build: section(
        'Réglages de construction. Chacun peut aussi être donné par une variable d’environnement, qui l’emporte.',
        'build',
        'La section « build » s’écrit `build:` puis, indentés dessous, `out: dist`, `cache: .cache` ou `chromium: /chemin/vers/chromium`.',
        {
          out: line('Le dossier où la construction écrit le site (relatif à ce fichier). dist par défaut ; l’option --out l’emporte.', ['dist']),
          cache: line('Le dossier du cache des logigrammes et des fiches (relatif à ce fichier). .cache par défaut ; variable PARCOURS_CACHE.', ['.cache']),
          chromium: line('Le Chromium à utiliser, s’il n’est pas à un emplacement habituel ; variable PARCOURS_CHROMIUM.', ['/usr/bin/chromium']),
        },
      ),
    },
  }),
  $defs: {},
});
