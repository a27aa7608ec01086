/**
 * Mermaid flowchart text from a flow: one shape and class per node kind, answers on the
 * edges, accessible title and description, a link from each node to its page. Pure and
 * deterministic; every label is escaped so that any text an editor writes is shown as written.
 */
import { nodeLabel } from './describe.ts';
import type { Flow, FlowNode, Project } from './model.ts';
import { plainText } from './text.ts';
import { frenchSpacing } from './typography.ts';
import { nodeUrl } from './urls.ts';

export interface MermaidOptions {
  /**
   * Prefix of the `click` links: "/" for the diagrams inside the site, the public address
   * ("https://aide.example.fr/") for a diagram file meant to be opened on its own.
   */
  baseUrl?: string;
  /** Characters per line before a label wraps. */
  wrap?: number;
  /** Whether each node links to its page (default true): not in a diagram shown outside the site. */
  links?: boolean;
  /** Nodes to mark on top of their kind (e.g. what a change added): see `NodeMarks`. */
  marks?: NodeMarks;
}

/**
 * Extra classes for some nodes, each with a word put before the node's text, so that a mark
 * is never colour alone (`[nouveau] Ma question ?`).
 */
export interface NodeMarks {
  /** Class name (letters only) → its style, as in `classDef`. */
  classes: Record<string, string>;
  /** Node id (the editor's) → its class and the word shown before its text. */
  nodes: ReadonlyMap<string, { class: string; prefix: string }>;
}

// Shapes: a question asks (hexagon), a procedure is a sub-routine, success is a rounded box,
// support a card (a contact card, its corner cut), a link to another flow a parallelogram
// leaning onwards.
// Only shapes Mermaid draws as one rect or polygon: its stadium, pill and document shapes are
// rough.js paths of about 43 KB each, which made SVGs five times larger and slower to draw.
const SHAPES: Record<FlowNode['kind'], (label: string) => string> = {
  question: (l) => `{{${l}}}`,
  procedure: (l) => `[[${l}]]`,
  success: (l) => `(${l})`,
  support: (l) => `@{ shape: notch-rect, label: ${l} }`,
  flow: (l) => `[/${l}/]`,
};

/**
 * Class styles. Light fills with dark strokes and distinct stroke patterns, so kinds stay
 * distinguishable in black and white; colours pass WCAG contrast for the dark text.
 */
export const CLASS_DEFS: Record<FlowNode['kind'], string> = {
  question: 'fill:#eef3fb,stroke:#1f3f73,stroke-width:2px,color:#10213d',
  procedure: 'fill:#ffffff,stroke:#1f3f73,stroke-width:1.5px,color:#10213d',
  success: 'fill:#e6f4ea,stroke:#1e5b32,stroke-width:3px,color:#0f2e19',
  support: 'fill:#fdf0e6,stroke:#8a3b00,stroke-width:3px,stroke-dasharray:6 3,color:#3d1a00',
  flow: 'fill:#f4f4f4,stroke:#444444,stroke-width:1.5px,stroke-dasharray:2 2,color:#1a1a1a',
};

/** Mermaid's configuration wherever a diagram is drawn (Chromium for the site, the editor's preview): the theme
 *  is Mermaid's neutral one (greys that print well), with the site's fonts and a fixed seed. */
export const MERMAID_CONFIG = {
  startOnLoad: false,
  theme: 'neutral',
  securityLevel: 'strict',
  // Some of Mermaid's shapes are drawn with random rough.js paths (Parcours uses none of
  // them): a fixed seed would still give the same bytes.
  handDrawnSeed: 1,
  fontFamily: '"Liberation Sans", Arial, "DejaVu Sans", sans-serif',
  // Labels are wrapped in the Mermaid text (28 characters); Mermaid must not wrap them again.
  flowchart: { htmlLabels: true, curve: 'basis', nodeSpacing: 40, rankSpacing: 50, padding: 12, wrappingWidth: 400 },
  markdownAutoWrap: false,
  themeVariables: { fontSize: '15px', lineColor: '#33415c', primaryTextColor: '#10213d' },
} as const;

/** Every character that is a line break or an invisible control for some part of Mermaid. */
const BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff ]+/g;

/**
 * Escapes a text for the place it goes in Mermaid's text: a quoted label, or the rest of an
 * `accTitle:` / `accDescr:` line. Quotes, `#`, `;`, `:`, `%`, brackets, braces, angle brackets,
 * ampersands, pipes, backslashes and backticks become Mermaid entity codes (`#34;`), which
 * Mermaid turns back into the character in the SVG. So nothing can end the label, start
 * markup or a Markdown string, and no `%%` comment or `%%{init: …}%%` directive can reach
 * Mermaid's preprocessor, which looks for them anywhere in the text before parsing. (`:`
 * because Mermaid drops the `;` of any line that looks like `style …:…#…;`.) Line breaks,
 * line separators and control characters become one space.
 */
export function escapeLabel(text: string): string {
  return text
    .replace(BREAKS, ' ')
    .trim()
    .replace(/[#"<>;:%&`[\]{}()|\\]/g, (c) => `#${c.codePointAt(0)};`);
}

/**
 * A `click` link target: the characters of an address that URLs allow, anything else
 * percent-encoded (quotes, spaces, `#`, `;`, `%` not starting an escape), so that it cannot
 * end the quoted target, form an entity code or a `%%` directive.
 */
export function escapeHref(href: string): string {
  return href.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?@!$&'()*+,=%]/gu, (c) => {
    // Every character matched here is one encodeURIComponent escapes (as UTF-8, in capitals);
    // a lone surrogate, which it refuses, becomes the replacement character.
    try {
      return encodeURIComponent(c);
    } catch {
      return '%EF%BF%BD';
    }
  });
}

/** Splits a text into lines of at most `width` characters, at spaces (long words stay whole). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  // Only ordinary spaces break a line: French no-break spaces keep « x » and « ? » together.
  for (const word of text.split(/[\t\n\r ]+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

const label = (text: string, width: number) => `"${wrapText(frenchSpacing(plainText(text)).replace(BREAKS, ' '), width).map(escapeLabel).join('<br>')}"`;

/** One line of an accessibility field: Mermaid reads it to the end of the line, entity codes decoded. */
const accText = (text: string) => escapeLabel(frenchSpacing(plainText(text)));

/** The id of each node's box in the Mermaid text: n0, n1… in file order. */
export const boxIds = (flow: Flow) => new Map([...flow.nodes.keys()].map((id, i) => [id, `n${i}`]));

/** The Mermaid flowchart of a flow. Node ids are n0, n1… in file order, never the editor's ids
 *  (`end`, `graph` or `class` would break the syntax). */
export function flowToMermaid(flow: Flow, project: Project, options: MermaidOptions = {}): string {
  // "https://aide.example.fr" and "https://aide.example.fr/" mean the same base.
  const base = (options.baseUrl ?? '/').replace(/\/?$/, '/');
  const width = options.wrap ?? 28;
  const ids = boxIds(flow);
  const lines = ['flowchart TD'];
  lines.push(`  accTitle: ${accText(`Logigramme : ${flow.title}`)}`);
  lines.push(`  accDescr: ${accText(flow.description ?? `Les questions et les réponses du parcours « ${flow.title} », jusqu’à une réussite ou un contact d’assistance.`)}`);

  for (const node of flow.nodes.values()) {
    const mark = options.marks?.nodes.get(node.id);
    const text = mark ? `${mark.prefix} ${nodeText(node, project)}` : nodeText(node, project);
    lines.push(`  ${ids.get(node.id)}${SHAPES[node.kind](label(text, width))}`);
  }
  for (const node of flow.nodes.values()) {
    const from = ids.get(node.id);
    if (node.kind === 'question') {
      for (const answer of node.answers) {
        const to = ids.get(answer.next);
        // Edge labels get narrower lines: Mermaid wraps them again past about 200 pixels.
        if (to) lines.push(`  ${from} -->|${label(answer.label, Math.min(width, 24))}| ${to}`);
      }
    } else if (node.kind === 'procedure' && node.next !== undefined) {
      const to = ids.get(node.next);
      if (to) lines.push(`  ${from} --> ${to}`);
    }
  }
  for (const node of options.links === false ? [] : flow.nodes.values()) {
    const href = escapeHref(`${base}${nodeUrl(flow, node, project)}`);
    // No tooltip: the box's own text names the link, and a tooltip would need its own escaping.
    lines.push(`  click ${ids.get(node.id)} href "${href}"`);
  }
  for (const kind of Object.keys(CLASS_DEFS) as FlowNode['kind'][]) {
    lines.push(`  classDef ${kind} ${CLASS_DEFS[kind]}`);
    const members = [...flow.nodes.values()].filter((n) => n.kind === kind).map((n) => ids.get(n.id));
    if (members.length) lines.push(`  class ${members.join(',')} ${kind}`);
  }
  // After the kinds: a marked node keeps its kind's shape and fill, the mark's stroke wins.
  for (const [name, style] of Object.entries(options.marks?.classes ?? {})) {
    if (!/^[A-Za-z]+$/.test(name)) throw new Error(`Nom de classe Mermaid invalide : ${name}`);
    lines.push(`  classDef ${name} ${style}`);
    const members = [...flow.nodes.keys()].filter((id) => options.marks!.nodes.get(id)?.class === name).map((id) => ids.get(id));
    if (members.length) lines.push(`  class ${members.join(',')} ${name}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What a node's box says: the question, the procedure, the outcome and who to contact. */
export function nodeText(node: FlowNode, project: Project): string {
  if (node.kind === 'support') {
    const who = node.contacts.map((id) => project.contacts.get(id)?.name ?? id).join(', ');
    return who ? `${node.support} → ${who}` : node.support;
  }
  if (node.kind === 'flow') return `Suite : ${nodeLabel(node, project)}`;
  return nodeLabel(node, project);
}

/** The DOM id of a flow's diagram SVG: every id inside it is prefixed with it, unique per page. */
export const diagramDomId = (flowId: string) => `logigramme-${flowId}`;
