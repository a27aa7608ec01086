// Puppeteer's configuration. Where a system Chromium exists (Debian's `chromium` package,
// as on the project's CI machines, which cannot download Chrome), use it and skip the
// download; elsewhere puppeteer downloads its own browser as usual.
// PARCOURS_CHROMIUM overrides the choice; src/render/browser.ts reads the same list.
const { existsSync } = require('node:fs');
const systemPaths = require('./src/render/chromium-paths.json');

const system = [process.env.PARCOURS_CHROMIUM, ...systemPaths].filter(Boolean).find((path) => existsSync(path));

module.exports = system ? { skipDownload: true, executablePath: system } : {};
