/**
 * One key per page of the site: the hash of everything the page is made from. Two renderings
 * of a page with the same key are the same bytes, so the build copies a page whose key it has
 * rendered before instead of rendering it again (src/stages/site.ts). A key that missed an
 * input would publish a stale page, which is worse than a slow build: what each kind of page
 * reads, and why its key holds all of it, is in docs/architecture.md (« Les pages refaites, et
 * elles seules »), and test/build/incremental-site.test.ts proves it edit by edit against a
 * build from scratch.
 *
 * A key = the toolkit (its code and the versions of its packages), the layout every page
 * shares (parcours.yaml, the content project's content/ folder: MDX pages and what they use),
 * the page's address, and its scope (src/site/routes.ts):
 * - `node` (a page of a journey): the journey (every node, its graph facts), what the journey's
 *   pages show of what it names (the titles of its procedures; of the journeys it links to or
 *   suggests, id, title and first node), and everything the node itself names in full: its
 *   procedure with the regional variants and their brands, or its contacts;
 * - `overview` (the journey's overview and big diagram): the journey as above, and its diagram;
 * - `procedure`: the procedure, its brand, its national base, its variants and their brands,
 *   and a link to each journey that leads to it;
 * - `sheet`: the sheet as computed for print (procedure, brand, contacts, version);
 * - `recueil`: the recueil as computed for print (its sheets in order, its brand).
 * The layout every page shares also holds the configuration with its logo, and the colours of
 * the brands (with the site's, they make one stylesheet, whose name every page links).
 * Every file an entity names inside the project (pictures, logos) counts by its bytes. The
 * pages of scope `site` (home, contacts, site map, search, 404, MDX pages) show the whole site:
 * they are rendered by every build that renders anything, and have no key.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import type { Config } from '../core/config.ts';
import type { FlowFacts } from '../core/flow-facts.ts';
import type { Flow, Procedure, Project } from '../core/model.ts';
import { recueilsOf, type Sheet } from '../core/sheet-contents.ts';
import { themeCss } from '../core/theme.ts';
import type { PageScope, SitePage } from '../site/routes.ts';

/** Bump when what a key is made of changes, so that no page rendered under the old rule is reused. */
const KEY_FORMAT = 2;

export interface KeyInputs {
  /** The toolkit's identity (src/stages/fingerprint.ts). */
  toolkit: string;
  config: Config;
  /** The content project's content/ folder (MDX pages and their files), hashed. */
  content: string;
  project: Project;
  facts: Map<string, FlowFacts>;
  sheets: Sheet[];
  /** Per journey, the cache key of its diagram: it determines the SVG (src/render/mermaid-svg.ts). */
  diagrams: Map<string, string>;
}

const sha = (...parts: (string | Uint8Array)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
};

/**
 * A stable text of a model value: Maps as their entries, and every file the value names inside
 * the project replaced by its path and the hash of its bytes (a picture replaced under the same
 * name changes the pages that show it).
 */
function stableText(value: unknown, fileHash: (path: string) => string | undefined): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Map) return { map: [...v] };
    if (v instanceof Set) return { set: [...v] };
    if (typeof v === 'string') {
      const bytes = fileHash(v);
      // A text that is no path of the project (the replacer sees it next).
      if (bytes !== undefined) return `sha256:${bytes}:${v}`;
    }
    return v;
  });
}

/** Keys of `pages` (path → key), but those of scope `site`. */
export function pageKeys(pages: SitePage[], inputs: KeyInputs): Map<string, string> {
  const { project } = inputs;
  const inside = `${project.projectRoot}${sep}`;
  const files = new Map<string, string | undefined>();
  const fileHash = (path: string): string | undefined => {
    if (!path.startsWith(inside)) return undefined;
    if (!files.has(path)) {
      let hash: string | undefined;
      try {
        if (statSync(path).isFile()) hash = sha(readFileSync(path));
      } catch {
        // Not a file (a text that looks like a path): the text itself is in the key already.
      }
      files.set(path, hash);
    }
    return files.get(path);
  };
  const memo = new Map<string, string>();
  const digest = (id: string, value: () => unknown) => {
    let d = memo.get(id);
    if (d === undefined) {
      d = sha(id, stableText(value(), fileHash));
      memo.set(id, d);
    }
    return d;
  };
  const flowDigest = (id: string) => digest(`flow:${id}`, () => project.flows.get(id) ?? null);
  /** What a page shows of another journey: a link to it, under its title (nodeUrl, nodeLabel, « Voir aussi »). */
  const flowLinkDigest = (id: string) =>
    digest(`flow-link:${id}`, () => {
      const flow = project.flows.get(id);
      return flow ? { id: flow.id, title: flow.title, start: flow.start } : null;
    });
  const procedureDigest = (id: string | undefined) => (id === undefined ? '-' : digest(`procedure:${id}`, () => project.procedures.get(id) ?? null));
  const contactDigest = (id: string) => digest(`contact:${id}`, () => project.contacts.get(id) ?? null);
  const brandDigest = (id: string | undefined) => (id === undefined ? '-' : digest(`brand:${id}`, () => project.brands.get(id) ?? null));
  const factsDigest = (id: string) => digest(`facts:${id}`, () => inputs.facts.get(id) ?? null);
  const sheetDigest = (sheet: Sheet) => digest(`sheet:${sheet.name}`, () => sheet);

  const procedures = [...project.procedures.values()];
  const variantsOf = (id: string) => procedures.filter((p) => p.variantOf === id);
  /** A procedure with its regional variants and their brands (a node page links each variant under its brand's name). */
  const withVariants = (id: string) => [procedureDigest(id), ...variantsOf(id).flatMap((v) => [procedureDigest(v.id), brandDigest(v.brand)])];
  const usesProcedure = (flow: Flow, id: string) => [...flow.nodes.values()].some((n) => n.kind === 'procedure' && n.procedure === id);

  /** What a page shows of a procedure it does not show in full: its name (nodeLabel, a node's title, the tree). */
  const procedureLabelDigest = (id: string) =>
    digest(`procedure-label:${id}`, () => {
      const procedure = project.procedures.get(id);
      return procedure ? { id, title: procedure.title, short: procedure.short } : null;
    });
  /** What every page of a journey reads: the journey, its facts, and how it names what it leads to. */
  const journey = (flowId: string) =>
    digest(`journey:${flowId}`, () => {
      const flow = project.flows.get(flowId);
      const named: string[] = [];
      for (const node of flow?.nodes.values() ?? []) {
        if (node.kind === 'procedure') named.push(procedureLabelDigest(node.procedure));
        if (node.kind === 'flow') named.push(flowLinkDigest(node.flow));
      }
      for (const id of flow?.related ?? []) named.push(flowLinkDigest(id));
      return [flowDigest(flowId), factsDigest(flowId), named];
    });
  const nodeScope = (flowId: string, nodeId: string) =>
    digest(`scope:node:${flowId}:${nodeId}`, () => {
      const node = project.flows.get(flowId)?.nodes.get(nodeId);
      const own = node?.kind === 'procedure' ? withVariants(node.procedure) : node?.kind === 'support' ? node.contacts.map(contactDigest) : [];
      return [journey(flowId), nodeId, own];
    });
  const procedureScope = (id: string) =>
    digest(`scope:procedure:${id}`, () => {
      const procedure: Procedure | undefined = project.procedures.get(id);
      const usedIn = [...project.flows.values()].filter((f) => usesProcedure(f, id)).map((f) => flowLinkDigest(f.id));
      return [withVariants(id), brandDigest(procedure?.brand), procedureDigest(procedure?.variantOf), usedIn];
    });
  const sheetByName = new Map(inputs.sheets.map((s) => [s.name, s]));
  const recueilByName = new Map(recueilsOf(project, inputs.sheets).map((r) => [r.name, r]));
  const scopeDigest = (scope: Exclude<PageScope, { kind: 'site' }>): string => {
    switch (scope.kind) {
      case 'node':
        return nodeScope(scope.flowId, scope.nodeId);
      case 'overview':
        return sha(journey(scope.flowId), inputs.diagrams.get(scope.flowId) ?? '-');
      case 'procedure':
        return procedureScope(scope.procedureId);
      case 'sheet': {
        const sheet = sheetByName.get(scope.sheetName);
        return sheet ? sheetDigest(sheet) : '-';
      }
      case 'recueil':
        return digest(`recueil:${scope.recueilName}`, () => recueilByName.get(scope.recueilName) ?? null);
    }
  };

  // The colours of the site and of the brands make one stylesheet (core/theme.ts), whose name every page links.
  const layout = sha(String(KEY_FORMAT), inputs.toolkit, stableText(inputs.config, fileHash), themeCss(inputs.config, project.brands.values()), inputs.content);
  const keys = new Map<string, string>();
  for (const { path, scope } of pages) if (scope.kind !== 'site') keys.set(path, sha(layout, path, scopeDigest(scope)));
  return keys;
}
