/**
 * A diagram's styles out of its markup, for a Content-Security-Policy without 'unsafe-inline'
 * (`style-src 'self'`): Mermaid writes a `<style>` element inside its SVG and `style=""` on
 * hundreds of shapes and labels, which such a policy refuses in a page (the diagram would turn
 * into black shapes). The page gets the SVG without them, and a stylesheet
 * (diagrams/<flow>.css) gets the same rules: Mermaid's own, and one class per distinct style
 * attribute, written so that it wins exactly where the attribute won. The standalone
 * diagrams/<flow>.svg keeps Mermaid's markup as it is.
 */
import { diagramDomId } from '../core/mermaid.ts';
import type { Flow } from '../core/model.ts';

export interface SplitDiagram {
  /** The SVG without `<style>` elements or `style` attributes. */
  svg: string;
  /** Mermaid's rules and the former attributes', for a stylesheet of their own. */
  css: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** Text and attribute values as XMLSerializer wrote them, read back. */
const unescape = (text: string) =>
  text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(Number.parseInt(hex, 16)) : (ENTITIES[name!] ?? whole),
  );

/**
 * A style attribute's declarations as a rule's: each as important as it was. An attribute beats
 * every rule of the same importance; the rule here gets two ids (Mermaid's rules have one), so
 * it beats Mermaid's rules in the same way. Declarations that could close the rule are dropped.
 */
function declarations(style: string): string {
  return style
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d.includes(':') && !/[{}<>@\\]/.test(d))
    .map((d) => d.replace(/\s*!\s*important\s*$/i, ' !important'))
    .join(';');
}

/** Splits a diagram drawn by Mermaid (its root `<svg id="domId">`). Same input, same output. */
export function splitDiagramStyles(svg: string, domId: string): SplitDiagram {
  const rules: string[] = [];
  const withoutStyleElements = svg.replace(/<style(?:\s[^>]*)?>([\s\S]*?)<\/style>/g, (_, css: string) => {
    rules.push(unescape(css));
    return '';
  });
  const classes = new Map<string, string>();
  // Start tags only (XMLSerializer escapes "<" and ">" in attribute values and text).
  const out = withoutStyleElements.replace(/<([a-zA-Z][\w:.-]*)(\s[^<>]*?)?(\/?)>/g, (tag, name: string, attributes: string | undefined, close: string) => {
    if (!attributes || !/\sstyle="/.test(attributes)) return tag;
    let style = '';
    let rest = attributes.replace(/\sstyle="([^"]*)"/, (_m, value: string) => {
      style = declarations(unescape(value));
      return '';
    });
    if (!style) return `<${name}${rest}${close}>`;
    let cls = classes.get(style);
    if (!cls) {
      cls = `pcs-${classes.size}`;
      classes.set(style, cls);
    }
    const existing = /\sclass="([^"]*)"/.exec(rest);
    rest = existing ? rest.replace(existing[0], ` class="${existing[1] ? `${existing[1]} ` : ''}${cls}"`) : `${rest} class="${cls}"`;
    return `<${name}${rest}${close}>`;
  });
  const id = `#${domId}`;
  for (const [style, cls] of classes) rules.push(`${id}${id}.${cls},${id}${id} .${cls}{${style}}`);
  // The box of the diagram at its natural size ("Ouvrir le logigramme en grand") is as wide as it.
  const width = naturalWidth(svg);
  if (width) rules.push(`.diagram-canvas[data-diagram="${domId}"]{width:${width}px}`);
  return { svg: out, css: `${rules.join('\n')}\n` };
}

/** The id of the box of a flow's first question in its diagram (Mermaid names a box "<svg id>-flowchart-<node>-<n>"; our nodes are n0, n1… in file order). */
export function startBoxId(svg: string, flow: Flow): string | undefined {
  const index = [...flow.nodes.keys()].indexOf(flow.start);
  const escaped = diagramDomId(flow.id).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`<g [^>]*id="(${escaped}-flowchart-n${index}-\\d+)"`).exec(svg)?.[1];
}

/** Mermaid sizes its SVG to 100 % of its box; its natural width is the viewBox's. */
export function naturalWidth(svg: string): number {
  return Math.ceil(Number(/viewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"/.exec(svg)?.[1] ?? 0));
}
