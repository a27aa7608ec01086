// The help site (Astro + MDX), built from the same model as the diagrams and the sheets.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import { SITE_URL } from './src/build/site-url.ts';
import frenchTypography from './src/site/french-typography.ts';

/**
 * `npm run dev`: the flows are data, not modules, so Vite does not see them change. Watch
 * them and reload the page on every edit; pages load the flows afresh on each request.
 */
const reloadOnFlowChange = {
  name: 'parcours-flows-reload',
  configureServer(server) {
    // The same folder the pages read (src/site/data.ts): PARCOURS_FLOWS, else flows/.
    const root = fileURLToPath(new URL('.', import.meta.url));
    const flows = `${resolve(root, process.env.PARCOURS_FLOWS ?? 'flows')}/`;
    server.watcher.add(flows);
    const reload = (file) => {
      if (file.startsWith(flows)) server.ws.send({ type: 'full-reload', path: '*' });
    };
    server.watcher.on('change', reload);
    server.watcher.on('add', reload);
    server.watcher.on('unlink', reload);
  },
};

export default defineConfig({
  // The site's public address: printed on the sheets and in their QR codes.
  site: SITE_URL,
  outDir: './dist',
  srcDir: './src',
  integrations: [mdx(), frenchTypography()],
  // Stylesheets as files: the Content-Security-Policy then needs no inline style for the site's own CSS.
  build: { format: 'directory', inlineStylesheets: 'never' },
  // No telemetry, no network: builds must work offline and give the same bytes each time.
  devToolbar: { enabled: false },
  vite: {
    plugins: [reloadOnFlowChange],
    // A build while `npm run dev` runs writes thousands of files into .dist-*/ and dist/:
    // nothing the dev server serves, so not worth watching.
    server: { watch: { ignored: ['**/dist/**', '**/.dist-*/**', '**/.cache/**', '**/test-results/**'] } },
  },
});
