/**
 * The only module that reads Parcours' environment variables. Each overrides the matching
 * setting of parcours.yaml (or the command line's default), for CI and scripts:
 * PARCOURS_CONTENT (the content project), PARCOURS_SITE_URL, PARCOURS_CACHE, PARCOURS_CHROMIUM,
 * and SOURCE_DATE_EPOCH (the reproducible-builds convention: the date printed on the sheets).
 */
export interface EnvOverrides {
  content?: string;
  siteUrl?: string;
  cache?: string;
  chromium?: string;
  /** Seconds since 1970, when SOURCE_DATE_EPOCH is a whole number. */
  sourceDateEpoch?: number;
}

/** @param env the environment to read: the process's by default, a command's own when it runs in-process. */
export function readEnv(env: Readonly<Record<string, string | undefined>> = process.env): EnvOverrides {
  const value = (name: string) => (env[name] && env[name]!.trim() ? env[name]!.trim() : undefined);
  const epoch = value('SOURCE_DATE_EPOCH');
  return {
    ...(value('PARCOURS_CONTENT') ? { content: value('PARCOURS_CONTENT')! } : {}),
    ...(value('PARCOURS_SITE_URL') ? { siteUrl: value('PARCOURS_SITE_URL')! } : {}),
    ...(value('PARCOURS_CACHE') ? { cache: value('PARCOURS_CACHE')! } : {}),
    ...(value('PARCOURS_CHROMIUM') ? { chromium: value('PARCOURS_CHROMIUM')! } : {}),
    ...(epoch && /^\d+$/.test(epoch) ? { sourceDateEpoch: Number(epoch) } : {}),
  };
}
