/**
 * The only module that reads Parcours' environment variables. Each overrides the matching
 * setting of parcours.yaml (or the command line's default), for CI and scripts:
 * PARCOURS_CONTENT (the content project), PARCOURS_SITE_URL, PARCOURS_CACHE, PARCOURS_CHROMIUM,
 * PARCOURS_SEARCH_PART_PAGES (the size of a part of the search index, src/site/search-parts.ts)
 * and SOURCE_DATE_EPOCH (the reproducible-builds convention: the date printed on the sheets).
 * And one of the machine's: XDG_CACHE_HOME, the user's cache folder (where the key that seals
 * the site's kept bundle lies, src/astro/kept-bundle.ts).
 */
export interface EnvOverrides {
  content?: string;
  siteUrl?: string;
  cache?: string;
  chromium?: string;
  /** Searched pages per part of the search index (a whole number, at least 1). */
  searchPartPages?: number;
  /** Seconds since 1970, when SOURCE_DATE_EPOCH is a whole number, not in the future. */
  sourceDateEpoch?: number;
  /** XDG_CACHE_HOME. */
  userCache?: string;
  /** Variables set to a value that cannot be used: refused, never silently ignored. */
  problems?: EnvProblem[];
}

export interface EnvProblem {
  variable: string;
  value: string;
  /** In French: what is wrong, and how to fix it. */
  message: string;
  hint: string;
}

/** What is wrong with a SOURCE_DATE_EPOCH value, in French, or undefined when it is a usable date. */
function epochProblem(value: string, now: number): string | undefined {
  if (!/^\d+$/.test(value)) return 'ce n’est pas un nombre entier de secondes depuis le 1er janvier 1970';
  const seconds = Number(value);
  if (!Number.isSafeInteger(seconds) || seconds * 1000 > now) return 'cette date est dans le futur';
  return undefined;
}

/** @param env the environment to read: the process's by default, a command's own when it runs in-process. */
export function readEnv(env: Readonly<Record<string, string | undefined>> = process.env, now = Date.now()): EnvOverrides {
  const value = (name: string) => (env[name] && env[name]!.trim() ? env[name]!.trim() : undefined);
  const raw = value('SOURCE_DATE_EPOCH');
  const wrong = raw === undefined ? undefined : epochProblem(raw, now);
  const epoch = wrong ? undefined : raw;
  const problems: EnvProblem[] = wrong
    ? [
        {
          variable: 'SOURCE_DATE_EPOCH',
          value: raw!,
          message: `La variable d’environnement SOURCE_DATE_EPOCH vaut « ${raw} » : ${wrong}. Elle donne la date imprimée sur les fiches.`,
          hint: 'Donnez-lui la date du dernier commit (SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)), ou retirez-la : les fiches prennent alors la date de leur dernier commit ou leur date de vérification.',
        },
      ]
    : [];
  const parts = value('PARCOURS_SEARCH_PART_PAGES');
  const partPages = parts !== undefined && /^\d{1,7}$/.test(parts) && Number(parts) >= 1 ? Number(parts) : undefined;
  if (parts !== undefined && partPages === undefined) {
    problems.push({
      variable: 'PARCOURS_SEARCH_PART_PAGES',
      value: parts,
      message: `La variable d’environnement PARCOURS_SEARCH_PART_PAGES vaut « ${parts} » : ce n’est pas un nombre entier de pages entre 1 et 9 999 999. Elle donne le nombre de pages de chaque partie de l’index de recherche.`,
      hint: 'Donnez-lui un nombre entier, par exemple PARCOURS_SEARCH_PART_PAGES=2000, ou retirez-la (2 000 pages par partie).',
    });
  }
  return {
    ...(problems.length ? { problems } : {}),
    ...(value('PARCOURS_CONTENT') ? { content: value('PARCOURS_CONTENT')! } : {}),
    ...(value('PARCOURS_SITE_URL') ? { siteUrl: value('PARCOURS_SITE_URL')! } : {}),
    ...(value('PARCOURS_CACHE') ? { cache: value('PARCOURS_CACHE')! } : {}),
    ...(value('PARCOURS_CHROMIUM') ? { chromium: value('PARCOURS_CHROMIUM')! } : {}),
    ...(partPages !== undefined ? { searchPartPages: partPages } : {}),
    ...(epoch && /^\d+$/.test(epoch) ? { sourceDateEpoch: Number(epoch) } : {}),
    ...(value('XDG_CACHE_HOME') ? { userCache: value('XDG_CACHE_HOME')! } : {}),
  };
}
