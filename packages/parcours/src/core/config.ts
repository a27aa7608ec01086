/**
 * `parcours.yaml`: the configuration of a content project, read and checked like a flow
 * (position, French message, suggestion). Pure: it reads one file, nothing else.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { q, type Diagnostic } from './diagnostics.ts';
import { displayPath } from './discover.ts';
import { validateSchema } from './schema/validate.ts';
import { readSource } from './source.ts';
import { obsoleteLines } from './format-changes.ts';
import { parseYaml } from './yaml.ts';

export const CONFIG_FILE = 'parcours.yaml';

/** The configuration with its defaults filled in. */
export interface Config {
  site: {
    name: string;
    description?: string;
    /** The public address, always ending in "/"; absent when none is configured. */
    url?: string;
    language: 'fr';
  };
  publisher: { name: string };
  home: { title: string; intro?: string };
  sheets: { collectionTitle: string; keywords: string[] };
  review: { maxAgeMonths: number };
  build: { out: string; cache: string; chromium?: string };
}

export interface ConfigResult {
  /** Undefined when the file is missing or has errors. */
  config: Config | undefined;
  /** The file as shown in messages. */
  file: string;
  diagnostics: Diagnostic[];
}

type Raw = {
  site: { name: string; description?: string; url?: string; language?: 'fr' };
  publisher: { name: string };
  home?: { title?: string; intro?: string };
  sheets?: { collectionTitle?: string; keywords?: string[] };
  review?: { maxAgeMonths?: number };
  build?: { out?: string; cache?: string; chromium?: string };
};

/** Fills the defaults: every setting has one, except the site's identity and public address. */
export function withDefaults(raw: Raw): Config {
  return {
    site: {
      name: raw.site.name,
      ...(raw.site.description ? { description: raw.site.description } : {}),
      ...(raw.site.url ? { url: raw.site.url.replace(/\/?$/, '/') } : {}),
      language: raw.site.language ?? 'fr',
    },
    publisher: { name: raw.publisher.name },
    home: { title: raw.home?.title ?? raw.site.name, ...(raw.home?.intro ? { intro: raw.home.intro } : {}) },
    sheets: { collectionTitle: raw.sheets?.collectionTitle ?? `Recueil des fiches pratiques — ${raw.site.name}`, keywords: raw.sheets?.keywords ?? [] },
    review: { maxAgeMonths: raw.review?.maxAgeMonths ?? 12 },
    build: { out: raw.build?.out ?? 'dist', cache: raw.build?.cache ?? '.cache', ...(raw.build?.chromium ? { chromium: raw.build.chromium } : {}) },
  };
}

/** A public address must be an absolute https URL without user, query or fragment. */
function checkSiteUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'ce n’est pas une adresse complète';
  }
  if (url.protocol !== 'https:') return 'elle doit commencer par https://';
  if (url.username || url.password || url.search || url.hash) return 'elle ne doit contenir ni identifiant, ni « ? », ni « # »';
  if (/[\s"'<>]/.test(value)) return 'elle contient une espace, un guillemet ou un chevron';
  return undefined;
}

/**
 * Reads and checks `<projectDir>/parcours.yaml`.
 *
 * @param projectDir the content project's folder
 * @param cwd paths in messages are relative to it
 */
export function loadConfig(projectDir: string, cwd = process.cwd()): ConfigResult {
  const path = join(projectDir, CONFIG_FILE);
  const file = displayPath(path, cwd);
  if (!existsSync(path)) {
    return {
      config: undefined,
      file,
      diagnostics: [
        {
          file,
          line: 1,
          column: 1,
          code: 'config-missing',
          severity: 'error',
          message: `Le fichier de configuration ${q(CONFIG_FILE)} est introuvable dans ${q(displayPath(projectDir, cwd) || '.')}.`,
          hint: 'Créez-le avec « parcours init <dossier> » (un projet complet d’exemple), ou indiquez le bon projet avec --content <dossier>.',
        },
      ],
    };
  }
  const read = readSource(path, file);
  if (!read.ok) return { config: undefined, file, diagnostics: [read.diagnostic] };
  const parsed = parseYaml(file, read.text);
  if (!parsed.ok) return { config: undefined, file, diagnostics: parsed.diagnostics };
  const diagnostics = validateSchema(file, 'config', parsed.parsed);
  if (diagnostics.length) return { config: undefined, file, diagnostics };
  const raw = parsed.parsed.data as Raw;
  if (raw.site.url !== undefined) {
    const problem = checkSiteUrl(raw.site.url);
    if (problem) {
      const { line, column } = parsed.parsed.locate(['site', 'url']);
      const https = raw.site.url.replace(/^http:/, 'https:');
      return {
        config: undefined,
        file,
        diagnostics: [
          {
            file,
            line,
            column,
            code: 'invalid-url',
            severity: 'error',
            message: `Adresse publique du site invalide : ${q(raw.site.url)} (${problem}).`,
            hint: 'Écrivez l’adresse complète où le site sera publié, par exemple https://aide.mon-agence.fr/, ou retirez la ligne tant qu’elle n’est pas connue.',
            ...(https !== raw.site.url && !checkSiteUrl(https) ? { suggestion: https } : {}),
          },
        ],
      };
    }
  }
  // Warnings only: lines the format no longer needs.
  return { config: withDefaults(raw), file, diagnostics: obsoleteLines(file, read.text) };
}

/** The warning given once by `check` and `build` when no public address is configured. */
export function noSiteUrlWarning(file: string): Diagnostic {
  return {
    file,
    line: 1,
    column: 1,
    code: 'site-url-missing',
    severity: 'warning',
    message: 'Aucune adresse publique n’est configurée (site.url) : les fiches n’auront ni adresse en ligne ni QR code.',
    hint: 'Quand l’adresse de publication est connue, ajoutez-la dans parcours.yaml sous `site:`, par exemple `url: https://aide.mon-agence.fr/`.',
  };
}
