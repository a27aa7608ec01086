/**
 * Mermaid in a browser page: its bundle served locally, its configuration (theme, fonts,
 * and the sections a flowchart never reads, pruned), and one diagram drawn and trimmed in the
 * page. What runs in the page is here; which pages, how many and for how long is in
 * mermaid-svg.ts.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { Page } from 'puppeteer';
import { q } from '../core/diagnostics.ts';
import { MERMAID_CONFIG } from '../core/mermaid.ts';

const require = createRequire(import.meta.url);
export const MERMAID_BUNDLE = join(dirname(require.resolve('mermaid/package.json')), 'dist', 'mermaid.min.js');
export const MERMAID_VERSION: string = (require('mermaid/package.json') as { version: string }).version;

// The theme, fonts and seed live in the core: the editor's preview draws with them too.
export { MERMAID_CONFIG };

/**
 * Mermaid's `assignWithDepth` (its deep merge), written again with plain assignments. Mermaid
 * copies its whole configuration with it each time it reads it (`getConfig`, about 220 times a
 * diagram), and its own version defines every property with `Object.defineProperty`, which V8
 * runs slowly: this one makes the same objects (same keys in the same order, same values, the
 * same parts shared) and each diagram takes about a tenth less time (82 to 89 ms instead of 94
 * to 97, docs/mesures.md). Same branches, in the same order, as
 * Mermaid 12.3's; `__proto__` is still defined, never assigned. Sent to the page as text: it
 * may use nothing outside itself.
 */
export function assignWithDepth(target: any, source: any, options?: { depth?: number }): any {
  const depth = options?.depth ?? 2;
  // (forEach, as Mermaid's: the holes of an array are skipped.)
  if (Array.isArray(source) && !Array.isArray(target)) {
    source.forEach((item) => assignWithDepth(target, item, { depth }));
    return target;
  }
  if (Array.isArray(source) && Array.isArray(target)) {
    source.forEach((item) => target.includes(item) || target.push(item));
    return target;
  }
  if (target == null || depth <= 0) return target != null && typeof target == 'object' && typeof source == 'object' ? Object.assign(target, source) : source;
  if (source != null && typeof target == 'object' && typeof source == 'object') {
    const define = (key: string, value: unknown) => Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
    for (const key of Object.keys(source)) {
      const value = source[key];
      if (typeof value == 'object') {
        if (value === null) continue;
        if (!Object.hasOwn(target, key)) {
          if (key === '__proto__') define(key, undefined);
          else target[key] = undefined;
        }
        if (target[key] === undefined) target[key] = Array.isArray(value) ? [] : {};
        if (typeof target[key] == 'object') target[key] = assignWithDepth(target[key], value, { depth: depth - 1 });
      } else if (typeof target[key] != 'object') {
        if (Object.hasOwn(target, key) || key !== '__proto__') target[key] = value;
        else define(key, value);
      }
    }
  }
  return target;
}

/**
 * Mermaid's `getConfig` (`assignWithDepth({}, currentConfig)`, about 240 times a diagram: a
 * tenth of a diagram's time even with the copy above) made by a function compiled for the
 * configuration in force: one object literal, its values read from an array. Mermaid never
 * changes that object once in force (it makes a new one whenever the configuration changes:
 * `updateCurrentConfig`, the only place that sets it), so each configuration is compiled the
 * first time it is read, and each call still makes new objects where `assignWithDepth` does
 * (three levels deep, arrays without their repeats, nulls left out above the third level) and
 * shares what it shares. A configuration holding anything but plain data properties (an
 * accessor, a symbol, `__proto__`) is copied by `assign` (Mermaid's function, or the quick
 * copy) as before. Sent to the page as text: it may use nothing outside itself.
 */
export function configCopier(): (config: object, assign: (target: object, source: object) => unknown) => unknown {
  const compiled = new WeakMap<object, () => unknown>();
  // By their text: each configuration's values differ, its shape seldom; a function kept is optimised.
  const functions = new Map<string, (values: unknown[]) => unknown>();
  const compile = (config: object): (() => unknown) | undefined => {
    if (config === null || typeof config != 'object' || Array.isArray(config)) return undefined;
    const values: unknown[] = [];
    const ref = (value: unknown) => `v[${values.push(value) - 1}]`;
    const key = (name: string) => JSON.stringify(name);
    const plainData = (o: object) =>
      Reflect.ownKeys(o).every((name) => {
        if (typeof name != 'string' || name === '__proto__') return false;
        const d = Object.getOwnPropertyDescriptor(o, name)!;
        return 'value' in d || !d.enumerable;
      });
    // What `assignWithDepth(fresh, source, { depth })` makes: the source's own enumerable keys in order.
    const level = (source: any, depth: number): string | undefined => {
      if (!plainData(source)) return undefined;
      const parts: string[] = [];
      for (const name of Object.keys(source)) {
        const value = source[name];
        let code: string | undefined;
        if (value === null) continue;
        if (typeof value != 'object') code = ref(value);
        else if (Array.isArray(value)) {
          const unique: unknown[] = [];
          value.forEach((item) => unique.includes(item) || unique.push(item));
          code = `[${unique.map(ref).join(',')}]`;
        } else if (depth - 1 <= 0) {
          // Object.assign(fresh, value): its own enumerable keys, one level.
          if (!plainData(value)) return undefined;
          code = `{${Object.keys(value)
            .map((inner) => `${key(inner)}:${ref(value[inner])}`)
            .join(',')}}`;
        } else code = level(value, depth - 1);
        if (code === undefined) return undefined;
        parts.push(`${key(name)}:${code}`);
      }
      return `{${parts.join(',')}}`;
    };
    const literal = level(config, 2);
    if (literal === undefined) return undefined;
    let make = functions.get(literal);
    if (make === undefined) {
      if (functions.size >= 16) functions.clear();
      make = new Function('v', `return (${literal});`) as (values: unknown[]) => unknown;
      functions.set(literal, make);
    }
    return () => make(values);
  };
  return (config, assign) => {
    let copy = compiled.get(config);
    if (copy === undefined) {
      copy = compile(config) ?? (() => assign({}, config));
      compiled.set(config, copy);
    }
    return copy();
  };
}

/**
 * DOMPurify's `sanitize` made to remember what it returned. Mermaid cleans each label about
 * eighteen times over (195 calls a diagram for a dozen different texts, counted on synthetic
 * flows), each call parsing the text into a document of its own: answering again from memory
 * takes about a tenth off each diagram (docs/mesures.md). What `sanitize` returns depends only
 * on its text, its options and DOMPurify's hooks and default options: the memory is keyed by
 * the first two and emptied whenever one of the others changes; a call it cannot key (not a
 * string, options holding anything but plain data) or a result that is not a string (a DOM
 * node, which the caller may change) goes to DOMPurify as before. Bounded to a few megabytes
 * of text. Sent to the page as text: it may use nothing outside itself.
 */
export function rememberSanitized(purify: any): void {
  const sanitize = purify.sanitize;
  let memory = new Map<string, string>();
  let characters = 0;
  const forget = () => {
    memory = new Map();
    characters = 0;
  };
  for (const name of ['addHook', 'removeHook', 'removeHooks', 'removeAllHooks', 'setConfig', 'clearConfig']) {
    const own = purify[name];
    if (typeof own == 'function')
      purify[name] = function (this: unknown, ...args: unknown[]) {
        forget();
        return own.apply(this, args);
      };
  }
  const plainData = (_: string, value: unknown) => {
    if (value !== null && typeof value == 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) throw new TypeError();
    if (typeof value == 'function' || typeof value == 'symbol' || typeof value == 'bigint') throw new TypeError();
    return value;
  };
  purify.sanitize = function (this: unknown, ...args: unknown[]) {
    const [text, options] = args;
    let key: string | undefined;
    if (typeof text == 'string' && args.length <= 2) {
      try {
        key = `${JSON.stringify(options ?? null, plainData)}\u0000${text}`;
      } catch {
        key = undefined;
      }
    }
    const known = key === undefined ? undefined : memory.get(key);
    if (known !== undefined) return known;
    const result = sanitize.apply(this, args);
    if (key !== undefined && typeof result == 'string') {
      if (characters + key.length + result.length > 8_000_000) forget();
      memory.set(key, result);
      characters += key.length + result.length;
    }
    return result;
  };
}

/** An SVG's text Mermaid left to clean, with its DOMPurify and the options it would have used. */
export interface Uncleaned {
  purify: { sanitize: (dirty: unknown, options: object) => unknown };
  text: string;
  options: object;
}

/**
 * Mermaid's last cleaning of a diagram (DOMPurify over the whole SVG, text in, text out),
 * done on the SVG the page parses anyway: Mermaid's bundle hands its DOMPurify, the SVG's text
 * and its options to `defer`, which keeps them and returns the text as is; `renderInPage`
 * takes them back (`take`) and has the same DOMPurify clean, with the same options, in place,
 * the elements it has just parsed from that text. The same cleaning, one parse and one
 * serialisation of the SVG fewer (about 3 % of a diagram's processor time, docs/mesures.md). Fails closed:
 * a text kept that is not the one Mermaid returned is cleaned whole, as Mermaid would have.
 * Sent to the page as text: it may use nothing outside itself.
 */
export function sanitizeLater(): { defer: (purify: unknown, text: string, options: object) => string; take: () => Uncleaned | undefined } {
  let kept: Uncleaned | undefined;
  return {
    defer: (purify, text, options) => {
      kept = { purify: purify as Uncleaned['purify'], text, options };
      return text;
    },
    take: () => {
      const taken = kept;
      kept = undefined;
      return taken;
    },
  };
}

/**
 * Mermaid's bundle, as is, and made quicker: with `assignWithDepth` above in place of its own
 * (the quick copy), found by the name Mermaid gives its function,
 * `"assignWithDepth"),<alias>=<function>}`; and with its DOMPurify remembering
 * (`rememberSanitized`), found by the name of the function that makes it,
 * `"createDOMPurify");<instance>=<function>()}`; and with `getConfig` compiled
 * (`configCopier`), found by the name Mermaid gives it, `(()=><assign>({},<config>),"getConfig")`;
 * and with its last cleaning of the SVG left to `renderInPage` (`sanitizeLater`), found in the
 * function Mermaid names `"serializeSvg"`, `<svg>=<purify>.sanitize(<svg>,{ADD_TAGS:…})`.
 * Each is applied only where found once: a Mermaid built otherwise is served without it,
 * slower, never wrong (`quicker()` says which).
 */
export function bundles(plain: Buffer = readFileSync(MERMAID_BUNDLE)): { plain: Buffer; quick: Buffer; quicker: Quicker } {
  // Each pattern is looked for only around its quoted name, found in the bytes, and the bundle
  // is never decoded whole: the same changes as the patterns run over all 5 MB of it (a test
  // compares the bytes), in a fifth of the time (0.2 s of every build that draws).
  const copy = spliceAround(plain, '"assignWithDepth"', /"assignWithDepth"\),([\w$]+)=([\w$]+)\}/g, (_, alias: string) => `"assignWithDepth"),${alias}=globalThis.__parcoursAssignWithDepth}`);
  const purify = spliceAround(plain, '"createDOMPurify"', /([\w$]+\(([\w$]+),"createDOMPurify"\);([\w$]+)=\2\(\))\}/g, (_, made: string, _maker: string, instance: string) => `${made};globalThis.__parcoursRememberSanitized(${instance})}`);
  // (The arrow function and its braces before the name are part of the match.)
  const config = spliceAround(plain, '"getConfig"', /\(\(\)=>([\w$]+)\(\{\},([\w$]+)\),"getConfig"\)/g, (_, assign: string, current: string) => `(()=>globalThis.__parcoursCopyConfig(${current},${assign}),"getConfig")`, /[\w$(),{}=>]/);
  // (The SVG's text is serialised, cleaned and returned just before the name: the run of code
  // characters before it reaches back past the call.)
  const later = spliceAround(
    plain,
    '"serializeSvg"',
    /([\w$]+)=([\w$]+)\.sanitize\(\1,(\{ADD_TAGS:[\w$]+,ADD_ATTR:[\w$]+,HTML_INTEGRATION_POINTS:\{foreignobject:!0\}\})\)/g,
    (_, text: string, purify: string, options: string) => `${text}=globalThis.__parcoursSanitizeLater.defer(${purify},${text},${options})`,
    /[\w$(),{}=>;.|!: ]/,
  );
  const prelude = [
    ...(copy ? [`globalThis.__parcoursAssignWithDepth=${assignWithDepth.toString()};`] : []),
    ...(purify ? [`globalThis.__parcoursRememberSanitized=${rememberSanitized.toString()};`] : []),
    ...(config ? [`globalThis.__parcoursCopyConfig=(${configCopier.toString()})();`] : []),
    ...(later ? [`globalThis.__parcoursSanitizeLater=(${sanitizeLater.toString()})();`] : []),
  ];
  const splices = [copy, purify, config, later].filter((splice) => splice !== undefined).sort((a, b) => a.from - b.from);
  // They never overlap: each match holds its own quoted name, and none holds another's.
  const pieces: Buffer[] = [Buffer.from(`${prelude.join('\n')}\n`)];
  let at = 0;
  for (const splice of splices) {
    pieces.push(plain.subarray(at, splice.from), splice.text);
    at = splice.to;
  }
  pieces.push(plain.subarray(at));
  // One copy of the bundle, not one per change (5 MB each).
  const quick = splices.length ? Buffer.concat(pieces) : plain;
  return { plain, quick, quicker: { copy: copy !== undefined, sanitize: purify !== undefined, config: config !== undefined, cleanInPlace: later !== undefined } };
}

/**
 * Where `pattern` matches `bytes`, and what replaces it, when it matches exactly once;
 * undefined otherwise. Every match holds `name`: the pattern runs only on the text around each
 * place `name` is, from the start of the run of `before` characters (name characters, commas and
 * brackets unless told) before it (where a match that holds it can start) to a little after it.
 * Minified JavaScript is ASCII around these names: read as latin1, each byte one character, and
 * written back the same.
 */
function spliceAround(bytes: Buffer, name: string, pattern: RegExp, replace: (match: string, ...groups: string[]) => string, before = /[\w$(),]/): { from: number; to: number; text: Buffer } | undefined {
  const windows: { from: number; to: number; text: string }[] = [];
  for (let at = bytes.indexOf(name); at >= 0; at = bytes.indexOf(name, at + 1)) {
    let from = at;
    while (from > 0 && before.test(String.fromCharCode(bytes[from - 1]!))) from--;
    const to = Math.min(bytes.length, at + name.length + 256);
    windows.push({ from, to, text: bytes.subarray(from, to).toString('latin1') });
  }
  // By where they start in the bundle: two names close together share a match.
  const found = new Map(windows.flatMap((window) => [...window.text.matchAll(pattern)].map((match) => [window.from + match.index, match] as const)));
  if (found.size !== 1) return undefined;
  const [from, match] = [...found][0]!;
  return { from, to: from + match[0].length, text: Buffer.from(match[0].replace(new RegExp(pattern.source), replace), 'latin1') };
}
let loaded: ReturnType<typeof bundles> | undefined;
const bundle = () => (loaded ??= bundles());

/**
 * Which of the four changes pruned pages draw with: the quick copy, DOMPurify remembering,
 * `getConfig` compiled and the last cleaning in place (all four, for the Mermaid this toolkit
 * pins: a test says so).
 */
export function quicker(): Quicker {
  return bundle().quicker;
}

/**
 * Serves the pages and Mermaid's bundle on a local port (the quickest way to ready a page):
 * `/` loads Mermaid as is, `/rapide` made quicker (`bundles`).
 */
export async function serveBundle(): Promise<{ server: Server; url: string }> {
  const { plain, quick } = bundle();
  const page = (script: string) => `<!doctype html><html lang="fr"><head><meta charset="utf-8"><script src="/${script}"></script></head><body></body></html>`;
  const server = createServer((request, response) => {
    if (request.url === '/mermaid.min.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(plain);
    else if (request.url === '/mermaid-rapide.min.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(quick);
    else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(request.url === '/rapide' ? 'mermaid-rapide.min.js' : 'mermaid.min.js'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/**
 * Configuration sections of the other diagram types, which a flowchart never reads. Mermaid
 * deep-copies its whole configuration each time it reads it, some 180 times a diagram:
 * dropping these sections makes each diagram about a quarter faster to draw. `state` stays:
 * flowchart edges read `state.arrowMarkerAbsolute`; so do `swimlane`, `agentflow` and `elk`
 * (without them, some labels are laid out otherwise).
 */
export const UNUSED_CONFIG_SECTIONS = [
  'sequence', 'gantt', 'journey', 'class', 'er', 'pie', 'quadrantChart', 'xyChart', 'requirement', 'mindmap', 'ishikawa', 'kanban',
  'timeline', 'gitGraph', 'c4', 'sankey', 'block', 'packet', 'treeView', 'architecture', 'eventmodeling', 'radar', 'usecase', 'venn',
  'cynefin', 'railroad', 'treemap',
] as const;

/**
 * The theme's variables a flowchart of Parcours reads: of the 278 the neutral theme computes
 * (colours of pies, git graphs, quadrants…), these 20 change the SVG when removed, one at a
 * time, and the others do not. They are most of what is left to copy once the sections above
 * are gone: keeping only them makes each diagram 5 to 15 % faster again. Found by removing each
 * variable in turn over the real and hostile flows; a test draws every real and hostile flow
 * with and without the pruning and compares the bytes.
 */
export const FLOWCHART_THEME_VARIABLES = [
  'tertiaryColor', 'lineColor', 'textColor', 'mainBkg', 'border2', 'arrowheadColor', 'fontFamily', 'fontSize', 'strokeWidth', 'nodeBorder',
  'clusterBkg', 'clusterBorder', 'titleColor', 'edgeLabelBackground', 'errorBkgColor', 'errorTextColor', 'useGradient', 'gradientStart',
  'gradientStop', 'dropShadow',
] as const;

/** Which of the changes to Mermaid's bundle took (`bundles`). */
export interface Quicker {
  copy: boolean;
  sanitize: boolean;
  config: boolean;
  cleanInPlace: boolean;
}

export type MermaidGlobal = {
  initialize: (c: unknown) => void;
  render: (id: string, text: string) => Promise<{ svg: string }>;
  parse: (t: string) => Promise<unknown>;
  mermaidAPI: { updateSiteConfig: (c: unknown) => Record<string, unknown> };
};

/**
 * Loads Mermaid in a page and sets it up. With `prune`, Mermaid is made quicker: the page loads
 * it with the quick copy and DOMPurify remembering (`bundles` above), and the sections and theme variables
 * above are removed from its site configuration: `updateSiteConfig` returns Mermaid's own
 * object, and the next render derives its configuration from it (Mermaid recomputes the
 * theme's variables only when a diagram's directive changes the theme, which Parcours's text
 * cannot hold). Returns whether the page draws otherwise than Mermaid as is (either took);
 * `preparePage(page, url, false)` sets it back.
 */
export async function preparePage(page: Page, url: string, prune = true): Promise<boolean> {
  await page.goto(prune ? `${url}rapide` : url, { waitUntil: 'load' });
  const pruned = await page.evaluate(
    (config, sections, variables) => {
      // Laid out (Mermaid measures every label) but never painted: a sixth less time a diagram, the same bytes.
      document.documentElement.style.visibility = 'hidden';
      const mermaid = (globalThis as unknown as { mermaid: MermaidGlobal }).mermaid;
      mermaid.initialize(config);
      if (sections.length === 0) return false;
      const site = mermaid.mermaidAPI.updateSiteConfig({}) as Record<string, unknown> & { themeVariables: Record<string, unknown> };
      for (const section of sections) delete site[section];
      for (const name of Object.keys(site.themeVariables)) if (!variables.includes(name)) delete site.themeVariables[name];
      // Read back once: whether this Mermaid really handed out its own object.
      const after = mermaid.mermaidAPI.updateSiteConfig({}) as typeof site;
      return sections.every((section) => !(section in after)) && Object.keys(after.themeVariables).every((name) => variables.includes(name));
    },
    MERMAID_CONFIG as unknown as Record<string, unknown>,
    prune ? [...UNUSED_CONFIG_SECTIONS] : [],
    [...FLOWCHART_THEME_VARIABLES] as string[],
  );
  return pruned || (prune && Object.values(quicker()).some(Boolean));
}

/**
 * Mermaid's own limits, set from the diagram's size: past `maxTextSize` (50 000 characters,
 * about 230 nodes) Mermaid draws « Maximum text size in diagram exceeded » in place of the
 * diagram, past `maxEdges` (500) it throws. The journeys check accepts (limits.ts) are drawn
 * whole: the text limit is twice the text (Mermaid lengthens entity codes before measuring),
 * the edge limit twice its arrows.
 */
export function diagramLimits(text: string): { maxTextSize: number; maxEdges: number } {
  const edges = text.split('-->').length - 1;
  return { maxTextSize: Math.max(50_000, 2 * text.length), maxEdges: Math.max(500, 2 * edges) };
}

/** What Mermaid draws instead of a diagram it refuses: never published. */
const MERMAID_ERRORS = /Maximum text size in diagram exceeded|Syntax error in text|Edge limit exceeded/;

/**
 * Chromium failed to draw a diagram (it stopped answering, or its page went away), as opposed
 * to Mermaid refusing its text: drawing it again in the same way would fail the same way.
 */
export class DrawingFailed extends Error {}

/** Chromium's failure, in French, naming the diagram; puppeteer's own words kept in brackets. */
function drawingFailed(id: string, error: unknown): DrawingFailed {
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
  return new DrawingFailed(
    /timed out/i.test(reason)
      ? `Le logigramme ${q(id)} n’a pas été dessiné à temps : Chromium n’a pas répondu (${reason}). Un parcours très grand et très ramifié peut en être la cause : scindez-le en plusieurs parcours, puis relancez la construction.`
      : `Le logigramme ${q(id)} n’a pas pu être dessiné : Chromium a cessé de répondre (${reason}). Relancez la construction.`,
  );
}

/** Renders in a prepared page; Mermaid's errors come back as an Error naming the diagram, Chromium's as a DrawingFailed. */
export async function renderInPage(page: Page, job: { id: string; text: string }): Promise<string> {
  const result = await page.evaluate(
    async (id, text, limits) => {
      const mermaid = (globalThis as unknown as { mermaid: MermaidGlobal }).mermaid;
      try {
        // The site configuration's own object (pruned or not): only the two limits change.
        mermaid.mermaidAPI.updateSiteConfig(limits);
        // (Nothing left from a drawing that failed.)
        const later = (globalThis as unknown as { __parcoursSanitizeLater?: ReturnType<typeof sanitizeLater> }).__parcoursSanitizeLater;
        later?.take();
        const { svg } = await mermaid.render(id, text);
        // Mermaid serialises as HTML (`<br>`, `&nbsp;`): re-serialise as XML, so the same
        // text is a valid standalone .svg file and valid inline in a page.
        const holder = document.createElement('div');
        // Mermaid's last cleaning, left for here (`sanitizeLater`): in place on what is parsed.
        const uncleaned = later?.take();
        if (uncleaned === undefined || uncleaned.text !== svg) holder.innerHTML = uncleaned ? (uncleaned.purify.sanitize(svg, uncleaned.options) as string) : svg;
        else {
          holder.innerHTML = svg;
          uncleaned.purify.sanitize(holder.firstElementChild, { ...uncleaned.options, IN_PLACE: true });
        }
        const root = holder.firstElementChild!;
        // Shrunk here, on the DOM the browser has just parsed, at no cost worth measuring
        // (svgo took 70–115 ms a diagram for a similar result): edges' `data-points` (a
        // base64 copy of their path, for Mermaid's animations) go, and coordinates keep two
        // decimals (a hundredth of a pixel).
        const round = (value: string) =>
          value.replace(/-?\d+\.\d{3,}/g, (n) => {
            const r = String(Math.round(Number(n) * 100) / 100);
            return r === '-0' ? '0' : r;
          });
        for (const el of root.querySelectorAll('[data-points]')) el.removeAttribute('data-points');
        // One walk over the elements that hold any of them (a value changed in place keeps
        // its place among the attributes: the same bytes as a walk per attribute).
        const names = ['d', 'points', 'transform', 'viewBox', 'x', 'y', 'width', 'height'];
        for (const el of [root, ...root.querySelectorAll(names.map((name) => `[${name}]`).join(','))]) {
          for (const name of names) {
            const value = el.getAttribute(name);
            if (value !== null && /\.\d{3}/.test(value)) el.setAttribute(name, round(value));
          }
        }
        return { svg: new XMLSerializer().serializeToString(root) };
      } catch (error) {
        // Mermaid leaves its error diagram in the page: remove it so the next render is clean.
        document.getElementById(`d${id}`)?.remove();
        return { error: error instanceof Error ? error.message : String(error) };
      }
    },
    job.id,
    job.text,
    diagramLimits(job.text),
  ).catch((error: unknown) => {
    throw drawingFailed(job.id, error);
  });
  if ('error' in result) throw new Error(`Mermaid refuse le logigramme ${job.id} : ${result.error}`);
  const refused = MERMAID_ERRORS.exec(result.svg);
  // (Unless the editor's own text says it: then it is a label, not Mermaid's error.)
  if (refused && !job.text.includes(refused[0])) throw new Error(`Le logigramme ${job.id} n’a pas pu être dessiné : Mermaid a dessiné son message d’erreur (« ${refused[0]} ») à sa place.`);
  return result.svg;
}
