/**
 * The page of the « aperçu du logigramme » panel: Mermaid's bundle and the panel's script, both
 * shipped with the extension, under a strict Content Security Policy (no script but those two,
 * by their nonce; nothing loaded from the network). Pure, so that the screenshots of the guide
 * render this very page in Chromium.
 */
export interface PreviewPage {
  /** Where the page may load its files from (the webview's `cspSource`). */
  source: string;
  /** A fresh random value per page: the only scripts that run carry it. */
  nonce: string;
  mermaid: string;
  script: string;
  style: string;
}

const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function previewHtml(page: PreviewPage): string {
  const csp = [
    "default-src 'none'",
    `img-src ${page.source} data:`,
    // Mermaid writes the diagram's styles into the SVG it draws.
    `style-src ${page.source} 'unsafe-inline'`,
    `font-src ${page.source}`,
    `script-src 'nonce-${page.nonce}'`,
  ].join('; ');
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${attribute(page.style)}">
<title>Logigramme</title>
</head>
<body>
<header>
<h1 id="titre">Logigramme</h1>
<p id="etat" role="status"></p>
</header>
<main id="logigramme"><p class="attente">Ouvrez un parcours (un fichier de flows/)\u00a0: son logigramme s’affiche ici.</p></main>
<script nonce="${attribute(page.nonce)}" src="${attribute(page.mermaid)}"></script>
<script nonce="${attribute(page.nonce)}" src="${attribute(page.script)}"></script>
</body>
</html>
`;
}
