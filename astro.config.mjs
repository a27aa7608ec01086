// The help site (Astro + MDX), built from the same model as the diagrams and the sheets.
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';

export default defineConfig({
  outDir: './dist',
  srcDir: './src',
  integrations: [mdx()],
  build: { format: 'directory' },
  // No telemetry, no network: builds must work offline and give the same bytes each time.
  devToolbar: { enabled: false },
});
