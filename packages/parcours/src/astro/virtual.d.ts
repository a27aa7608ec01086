// The virtual modules of the Parcours integration (src/astro/integration.ts).
declare module 'virtual:parcours/site' {
  /** What the pages receive: the model, its errors, the sheets, the graph facts, the diagrams. */
  export const site: () => import('./site-data.ts').SiteData;
}

declare module 'virtual:parcours/pages' {
  /** The content project's MDX pages (content/*.mdx), by file name. */
  export const pages: {
    slug: string;
    module: {
      frontmatter: { title: string; description?: string; footer?: string; order?: number };
      Content: (props: { components?: Record<string, unknown> }) => unknown;
    };
  }[];
}

declare module 'virtual:parcours/theme.css' {
  /** The site's and the brands' colours as a stylesheet (core/theme.ts); imported for its effect. */
}
