// The help site (Astro + MDX), built from the same model as the diagrams and the sheets.
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import frenchTypography from './src/site/french-typography.ts';

export default defineConfig({
  outDir: './dist',
  srcDir: './src',
  integrations: [mdx(), frenchTypography()],
  // Stylesheets as files: the Content-Security-Policy then needs no inline style for the site's own CSS.
  build: { format: 'directory', inlineStylesheets: 'never' },
  // No telemetry, no network: builds must work offline and give the same bytes each time.
  devToolbar: { enabled: false },
});
