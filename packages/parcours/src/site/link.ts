/**
 * A site address (from core/urls.ts) as a link on a page: the path the site is published under
 * in front ("/aide/parcours/x/" for a site at https://host/aide/). Read from the configuration
 * the integration hands over (as Astro's `base` is), not from `import.meta.env.BASE_URL`, which
 * an inherited BASE_URL environment variable overrides.
 */
import { site } from 'virtual:parcours/site';
import { basePath, withBase } from '../core/urls.ts';

export const link = (url: string): string => withBase(basePath(site().config.site.url), url);
