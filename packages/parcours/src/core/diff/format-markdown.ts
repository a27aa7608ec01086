/**
 * The report as Markdown, for a merge request comment (GitHub and GitLab draw its Mermaid):
 * per changed journey, the new journey's flowchart with the added, re-routed and changed
 * nodes marked by a class AND a word before their text (never colour alone), a legend, then
 * the same lists as the terminal. Every text from the content is escaped: it cannot become
 * Markdown, HTML, a mention or a reference to an issue.
 */
import { nodeLabel } from '../describe.ts';
import { flowToMermaid, type NodeMarks } from '../mermaid.ts';
import type { Project } from '../model.ts';
import { frenchSpacing } from '../typography.ts';
import type { Block, Change, DiffReport, NodeMark } from './types.ts';
import { blockChanges, blockTitle, describeChange, describePath, describeSheet, nothingToSay, PATH_GROUPS, SECTIONS, type DiffLabels, type Markup } from './wording.ts';

/** Past this many nodes a diagram is too large to read in a comment: the marked nodes are listed instead. */
export const MAX_DIAGRAM_NODES = 60;
/** GitHub refuses comments longer than 65 536 characters; GitLab's notes are larger. */
export const MAX_MARKDOWN = 60_000;

/** The marks of the diagram: a class each, and the word shown before the node's text. */
export const MARKS: Record<NodeMark, { class: string; prefix: string; style: string; legend: string }> = {
  added: { class: 'diffAdded', prefix: '[nouveau]', style: 'stroke:#1a7f37,stroke-width:4px', legend: 'nœud ajouté (bordure verte épaisse)' },
  rerouted: { class: 'diffRerouted', prefix: '[réorienté]', style: 'stroke:#9a6700,stroke-width:4px,stroke-dasharray:8 4', legend: 'une de ses réponses (ou sa suite) mène ailleurs (bordure orange en tirets)' },
  changed: { class: 'diffChanged', prefix: '[modifié]', style: 'stroke:#0550ae,stroke-width:4px,stroke-dasharray:2 2', legend: 'texte modifié, ou procédure modifiée (bordure bleue en pointillés)' },
};

/** Markdown punctuation, angle brackets and the ampersand, escaped; a sigil at the start of a word cut from it. */
function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/(^|[^\p{L}\p{N}_])([@#!%$]|\\~)(?=[\p{L}\p{N}_])/gu, '$1$2\u200b');
}

const markup: Markup = {
  text: escapeMarkdown,
  code: (t) => `\`${t.replace(/`/g, 'ˋ')}\``,
  removed: (t) => (t ? `~~${t}~~` : t),
  added: (t) => (t ? `**${t}**` : t),
};

/** The marks of a journey, for `flowToMermaid`. */
function nodeMarks(b: Block): NodeMarks {
  const used = new Set(b.marks.map((x) => x.mark));
  return {
    classes: Object.fromEntries((Object.keys(MARKS) as NodeMark[]).filter((k) => used.has(k)).map((k) => [MARKS[k].class, MARKS[k].style])),
    nodes: new Map(b.marks.map((x) => [x.node, { class: MARKS[x.mark].class, prefix: MARKS[x.mark].prefix }])),
  };
}

/** The journey's diagram with its marks and legend, or the list of marked nodes when the diagram is too large. */
function diagram(b: Block, after: Project, drawDiagrams: boolean): string[] {
  const flow = after.flows.get(b.subject.id);
  // A journey only renamed, or whose nodes were only renamed, looks the same: no diagram.
  if (!flow || b.status === 'removed' || (b.status !== 'added' && !b.marks.length)) return [];
  const legend = (Object.keys(MARKS) as NodeMark[]).filter((k) => b.marks.some((x) => x.mark === k)).map((k) => `**${MARKS[k].prefix}** ${MARKS[k].legend}`);
  if (drawDiagrams && flow.nodes.size <= MAX_DIAGRAM_NODES) {
    const text = flowToMermaid(flow, after, { links: false, marks: nodeMarks(b) });
    const out = ['```mermaid', text.trimEnd(), '```', ''];
    if (legend.length) out.push(`Légende : ${legend.join(' · ')}.`, '');
    return out;
  }
  if (!b.marks.length) return [];
  const why = drawDiagrams ? `Logigramme trop grand pour être lu ici (${flow.nodes.size} nœuds) ; les nœuds qu’il marquerait` : 'Les nœuds que le logigramme marquerait';
  const name = (id: string) => `${escapeMarkdown(nodeLabel(flow.nodes.get(id)!, after))} (${markup.code(id)})`;
  return [`${why} :`, '', ...b.marks.map((x) => `- **${MARKS[x.mark].prefix}** ${name(x.node)}`), ''];
}

function change(c: Change, within?: Block['subject']): string[] {
  const d = describeChange(c, markup, within);
  if (d.before !== undefined && d.after !== undefined) return [`- ${d.head}`, `  - avant : ${d.before}`, `  - après : ${d.after}`];
  const value = d.after ?? d.before;
  return [value !== undefined ? `- ${d.head} : ${value}` : `- ${d.head}`];
}

function render(report: DiffReport, labels: DiffLabels, after: Project, drawDiagrams: boolean): string {
  const out: string[] = ['## Ce que les lecteurs verront de différent', '', `De ${escapeMarkdown(labels.from)} à ${escapeMarkdown(labels.to)}.`, ''];
  if (report.contactDetails.length) {
    out.push(`> [!WARNING]`, `> **${SECTIONS.contactDetails}**`, '>');
    for (const c of report.contactDetails) out.push(...change(c).map((line) => `> ${line}`));
    out.push('');
  }
  const section = (title: string, blocks: Block[], journeys: boolean) => {
    if (!blocks.length) return;
    out.push(`### ${title}`, '');
    for (const b of blocks) {
      out.push(`#### ${blockTitle(b, markup)}`, '');
      if (journeys) out.push(...diagram(b, after, drawDiagrams));
      for (const group of PATH_GROUPS) {
        const paths = b.paths.filter((p) => p.type === group.type);
        if (!paths.length) continue;
        out.push(`**${group.title}**`, '', ...paths.map((p) => `- ${describePath(p, markup)}`), '');
      }
      if (b.pathsTruncated) out.push('*(Parcours trop ramifié : seuls ses 10 000 premiers chemins ont été comparés.)*', '');
      const changes = blockChanges(b);
      if (changes.length) {
        if (b.paths.length) out.push('**Textes et nœuds**', '');
        out.push(...changes.flatMap((c) => change(c, b.subject)), '');
      }
    }
  };
  section(SECTIONS.flows, report.flows, true);
  section(SECTIONS.procedures, report.procedures, false);
  section(SECTIONS.contacts, report.contacts, false);
  section(SECTIONS.brands, report.brands, false);
  if (report.sheets.length) out.push(`### ${SECTIONS.sheets}`, '', ...report.sheets.map((s) => `- ${describeSheet(s, markup)}`), '');
  if (report.site.length) out.push(`### ${SECTIONS.site}`, '', ...report.site.flatMap((c) => change(c)), '');
  // French spacing on every line but the diagrams' (Mermaid reads `accTitle:` as written).
  let fence = false;
  const lines = out.join('\n').split('\n').map((line) => {
    if (line.startsWith('```')) fence = !fence;
    return fence || line.startsWith('```') ? line : frenchSpacing(line).trimEnd();
  });
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * The Markdown report. Longer than a comment allows: without the diagrams (their marked nodes
 * listed), then cut at a line, saying so.
 * @param after the new version, whose journeys are drawn
 */
export function formatMarkdown(report: DiffReport, labels: DiffLabels, after: Project): string {
  if (report.empty) return `${escapeMarkdown(nothingToSay(labels))}\n`;
  let text = render(report, labels, after, true);
  if (text.length > MAX_MARKDOWN) text = render(report, labels, after, false);
  if (text.length <= MAX_MARKDOWN) return text;
  const cut = text.lastIndexOf('\n', MAX_MARKDOWN - 200);
  return `${text.slice(0, cut)}\n\n*(Rapport tronqué : lancez « parcours diff » dans le projet pour le lire en entier.)*\n`;
}
