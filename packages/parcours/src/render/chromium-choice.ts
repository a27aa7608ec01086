/**
 * The Chromium the settings name (parcours.yaml's build.chromium, or PARCOURS_CHROMIUM: see
 * src/settings/), set once by the command that resolved them, for every browser it starts
 * (./browser.ts). A module of its own: a command sets it without loading puppeteer, which a
 * build loads only once Astro's process is started (src/stages/build.ts).
 */
let configured: string | undefined;

export function useChromium(path: string | undefined): void {
  configured = path;
}

/** The Chromium `useChromium` named, if any. */
export function chosenChromium(): string | undefined {
  return configured;
}
