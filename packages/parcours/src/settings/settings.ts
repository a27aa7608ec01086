/**
 * Everything a command needs to know about the content project, resolved once: the folders,
 * the configuration (parcours.yaml) and the environment's overrides. Every stage, the Astro
 * integration and the CLI receive this object; none of them reads a setting on its own.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig, type Config } from '../core/config.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import { DEFAULT_PART_PAGES } from '../site/search-parts.ts';
import { readEnv, type EnvOverrides } from './env.ts';
import { TOOLKIT_DIR } from './toolkit-dir.ts';

export { TOOLKIT_DIR };

/** The toolkit's version, from its package.json (the one `parcours --version` prints). */
export function toolkitVersion(): string {
  return (JSON.parse(readFileSync(join(TOOLKIT_DIR, 'package.json'), 'utf8')) as { version: string }).version;
}

export interface Settings {
  /** The content project: parcours.yaml, flows/, content/. */
  contentDir: string;
  flowsDir: string;
  /** Editorial MDX pages and pictures (optional). */
  pagesDir: string;
  outDir: string;
  cacheDir: string;
  config: Config;
  /** parcours.yaml, as shown in messages. */
  configFile: string;
  /** The public address (ending in "/"), from the configuration or PARCOURS_SITE_URL. */
  siteUrl?: string;
  chromium?: string;
  sourceDateEpoch?: number;
  /** Searched pages per part of the search index (src/site/search-parts.ts). */
  searchPartPages: number;
  /** This user's key that seals the site's kept bundle (src/astro/kept-bundle.ts): `~/.cache/parcours/cle-des-paquets`, or under XDG_CACHE_HOME. */
  sealKeyFile: string;
}

export interface SettingsOptions {
  /** --content: the content project (default PARCOURS_CONTENT, else the current folder). */
  content?: string;
  /** --out: where the build writes (default the configuration's build.out). */
  out?: string;
  cwd?: string;
  env?: EnvOverrides;
}

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; diagnostics: Diagnostic[] };

/** The content project's folder, before its configuration is read. */
export function contentDirOf(options: SettingsOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? readEnv();
  return resolve(cwd, options.content ?? env.content ?? '.');
}

/** The environment's unusable values, as problems at the variable's name. */
export function envDiagnostics(env: EnvOverrides): Diagnostic[] {
  return (env.problems ?? []).map((p) => ({ file: p.variable, line: 1, column: 1, code: 'environment-invalid', severity: 'error', message: p.message, hint: p.hint }));
}

/** Reads parcours.yaml and the environment once, and resolves every folder and setting. */
export function resolveSettings(options: SettingsOptions = {}): SettingsResult {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? readEnv();
  const contentDir = contentDirOf({ ...options, env });
  const { config, file, diagnostics } = loadConfig(contentDir, cwd);
  if (!config || env.problems?.length) return { ok: false, diagnostics: [...diagnostics, ...envDiagnostics(env)] };
  const siteUrl = env.siteUrl ? env.siteUrl.replace(/\/?$/, '/') : config.site.url;
  const chromium = env.chromium ?? (config.build.chromium ? resolve(contentDir, config.build.chromium) : undefined);
  return {
    ok: true,
    settings: {
      contentDir,
      flowsDir: join(contentDir, 'flows'),
      pagesDir: join(contentDir, 'content'),
      outDir: options.out ? resolve(cwd, options.out) : resolve(contentDir, config.build.out),
      cacheDir: env.cache ? resolve(cwd, env.cache) : resolve(contentDir, config.build.cache),
      config: siteUrl ? { ...config, site: { ...config.site, url: siteUrl } } : config,
      configFile: file,
      ...(siteUrl ? { siteUrl } : {}),
      ...(chromium ? { chromium } : {}),
      ...(env.sourceDateEpoch !== undefined ? { sourceDateEpoch: env.sourceDateEpoch } : {}),
      searchPartPages: env.searchPartPages ?? DEFAULT_PART_PAGES,
      sealKeyFile: join(env.userCache ?? join(homedir(), '.cache'), 'parcours', 'cle-des-paquets'),
    },
  };
}
