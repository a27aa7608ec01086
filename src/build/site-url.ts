/**
 * The site's public address, printed on the sheets and in their QR codes. Set
 * PARCOURS_SITE_URL to the real one when publishing; the default is a placeholder.
 */
export const SITE_URL = (process.env.PARCOURS_SITE_URL ?? 'https://parcours.example.org').replace(/\/?$/, '/');
