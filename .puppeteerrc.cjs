// Puppeteer's configuration. Where a system Chromium exists (Debian's `chromium` package,
// as on the project's CI machines, which cannot download Chrome), use it and skip the
// download; elsewhere puppeteer downloads its own browser as usual.
// PARCOURS_CHROMIUM overrides the choice; src/render/browser.ts reads the same list.
const { existsSync } = require('node:fs');

const candidates = [
  process.env.PARCOURS_CHROMIUM,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
].filter(Boolean);

const system = candidates.find((path) => existsSync(path));

module.exports = system ? { skipDownload: true, executablePath: system } : {};
