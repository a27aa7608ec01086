// The help site (Astro + MDX), built from the same model as the diagrams and the sheets.
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
    const flows = fileURLToPath(new URL('./flows/', import.meta.url));
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
  vite: { plugins: [reloadOnFlowChange] },
});
