// The « aperçu du logigramme » panel, inside VS Code's webview: draws the diagram the language
// server sends (Mermaid's text, drawn by Mermaid's own bundle, shipped with the extension),
// again at each check, and makes each box lead to its node in the text.
// Plain JavaScript: it runs as is in the webview.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const main = document.getElementById('logigramme');
  const title = document.getElementById('titre');
  const status = document.getElementById('etat');
  let drawn = 0;
  let current;

  /** "2 erreurs", "1 erreur". */
  const errors = (n) => `${n} erreur${n > 1 ? 's' : ''}`;

  /** The box of a node: Mermaid's group `…flowchart-n3-…` for the box `n3`. */
  function boxes() {
    const found = new Map();
    for (const group of main.querySelectorAll('g.node')) {
      const match = /(?:^|-)flowchart-(n\d+)-\d+$/.exec(group.id);
      if (match) found.set(match[1], group);
    }
    return found;
  }

  async function draw(diagram) {
    const id = ++drawn;
    if (!diagram.ok) {
      // The last diagram stays, marked as no longer up to date.
      status.textContent = diagram.reason;
      main.classList.toggle('perime', main.querySelector('svg') !== null);
      return;
    }
    window.mermaid.initialize(diagram.config);
    let svg;
    try {
      ({ svg } = await window.mermaid.render(`logigramme-${id}`, diagram.mermaid));
    } catch (error) {
      status.textContent = `Le logigramme n’a pas pu être dessiné\u00a0: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    if (id !== drawn) return; // A newer diagram is on its way.
    current = diagram;
    main.innerHTML = svg;
    main.classList.remove('perime');
    title.textContent = diagram.title;
    status.textContent = diagram.errors ? `${errors(diagram.errors)} dans ce fichier (panneau Problèmes)\u00a0: le logigramme montre le parcours tel qu’il se charge.` : '';
    const byBox = boxes();
    for (const node of diagram.nodes) {
      const group = byBox.get(node.box);
      if (!group) continue;
      group.setAttribute('tabindex', '0');
      group.setAttribute('role', 'button');
      group.setAttribute('aria-label', `Aller au nœud «\u202f${node.id}\u202f» dans le texte`);
      group.dataset.node = node.id;
      const reveal = () => vscode.postMessage({ type: 'reveal', node: node.id });
      group.addEventListener('click', reveal);
      group.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          reveal();
        }
      });
    }
    highlight(vscode.getState()?.box);
  }

  /**
   * The box of the node the cursor is in, outlined: a copy of its shape drawn over it, thick
   * and unfilled (Mermaid styles the shape itself inline, which no style sheet overrides).
   */
  function highlight(box) {
    vscode.setState({ box });
    for (const mark of main.querySelectorAll('.repere')) mark.remove();
    const group = box && boxes().get(box);
    const shape = group && group.querySelector(':scope > .label-container');
    if (!shape) return;
    const mark = shape.cloneNode(false);
    mark.removeAttribute('id');
    mark.setAttribute('class', 'repere');
    // Important: Mermaid's own rules for the kind's children (`.question > *`) are.
    mark.setAttribute('style', 'fill:none !important;stroke:#b3261e !important;stroke-width:5px !important');
    mark.setAttribute('aria-hidden', 'true');
    shape.after(mark);
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message.type === 'diagram') void draw(message.diagram);
    else if (message.type === 'cursor') highlight(message.box);
  });
  vscode.postMessage({ type: 'ready' });
})();
