/**
 * The quick copy (mermaid-page.ts): Parcours serves Mermaid with its own `assignWithDepth` in
 * place of Mermaid's. Here both run side by side on the same inputs, Mermaid's taken from the
 * very bundle the pages load, and must make the same objects: the same keys in the same order,
 * the same property attributes, values and prototypes, and the same parts shared with the
 * inputs. (That drawing with it changes no byte is diagrams.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MERMAID_CONFIG } from '../../src/core/mermaid.ts';
import { assignWithDepth, bundles, configCopier, MERMAID_BUNDLE, quicker, rememberSanitized, sanitizeLater } from '../../src/render/mermaid-page.ts';

type Assign = (target: unknown, source: unknown, options?: { depth?: number }) => unknown;

/** Mermaid's own function, cut out of its bundle by the name it gives it, and its helper `i` (which names functions) made a no-op. */
function mermaidsOwn(): Assign {
  const text = readFileSync(MERMAID_BUNDLE, 'utf8');
  const [, name] = /"assignWithDepth"\),[\w$]+=([\w$]+)\}/.exec(text)!;
  const end = text.indexOf(',"assignWithDepth")');
  const start = text.lastIndexOf(`${name}=`, end);
  const call = /^[\w$]+=([\w$]+)\(/.exec(text.slice(start))!;
  const body = text.slice(start + call[0].length, end);
  // Mermaid's code, from the pinned dependency: the only code this test evaluates.
  return new Function(`const ${call[1]} = (f) => f; let ${name}; ${name} = ${body}; return ${name};`)() as Assign;
}

/** Everything observable of a result: keys in order, attributes, prototypes, values, and which objects are the inputs' own. */
function shape(value: unknown, inputs: Map<object, string>, seen = new Set<object>()): unknown {
  if (typeof value === 'function') return `fonction ${inputs.get(value) ?? value.name}`;
  if (value === null || typeof value !== 'object') return Object.is(value, -0) ? '-0' : value === undefined ? 'undefined' : value;
  if (inputs.has(value)) return `partagé : ${inputs.get(value)}`;
  if (seen.has(value)) return 'cycle';
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  return {
    proto: proto === Object.prototype ? 'Object' : proto === Array.prototype ? 'Array' : proto === null ? 'null' : shape(proto, inputs, seen),
    keys: Reflect.ownKeys(value).map((key) => {
      const d = Object.getOwnPropertyDescriptor(value, key)!;
      return [String(key), d.writable, d.enumerable, d.configurable, 'value' in d ? shape(d.value, inputs, seen) : 'accesseur'];
    }),
  };
}

/** Names every object reachable from the inputs, so that sharing shows in `shape`. */
function label(inputs: Record<string, unknown>): Map<object, string> {
  const names = new Map<object, string>();
  const walk = (value: unknown, path: string) => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || names.has(value as object)) return;
    names.set(value as object, path);
    if (typeof value === 'object') for (const key of Reflect.ownKeys(value as object)) walk((value as Record<string | symbol, unknown>)[key], `${path}.${String(key)}`);
  };
  for (const [name, value] of Object.entries(inputs)) walk(value, name);
  return names;
}

const clone = <T>(value: T): T => structuredClone(value);
const config = () => ({ ...clone(JSON.parse(JSON.stringify(MERMAID_CONFIG))), secure: ['secure', 'securityLevel', 'startOnLoad', 'maxTextSize'], themeCSS: undefined, custom: (x: number) => x });

// Each case builds fresh inputs: both functions write into their target.
const cases: [string, () => { target: unknown; source: unknown; options?: { depth?: number } }][] = [
  ['la configuration de Parcours copiée, comme getConfig', () => ({ target: {}, source: config() })],
  ['fusionnée dans une autre', () => ({ target: config(), source: { flowchart: { padding: 3, extra: { deep: { deeper: [1, 2] } } }, themeVariables: null, secure: ['secure', 'autre'] } })],
  ['profondeur 0, 1 et 3', () => ({ target: { a: { b: { c: { d: 1 } } } }, source: { a: { b: { c: { e: 2 } }, f: [1] } }, options: { depth: 0 } })],
  ['profondeur 1', () => ({ target: { a: { b: { c: 1 } } }, source: { a: { b: { d: 2 }, g: null }, h: undefined }, options: { depth: 1 } })],
  ['profondeur 3', () => ({ target: {}, source: { a: { b: { c: { d: { e: 1 } } } } }, options: { depth: 3 } })],
  ['un tableau dans un objet', () => ({ target: { x: 1 }, source: [{ y: 2 }, { z: { w: 3 } }, null] })],
  ['un tableau dans un tableau, doublons compris', () => ({ target: [1, 'a'], source: [1, 2, 'a', 'b', 2] })],
  ['des tableaux à trous', () => ({ target: { a: [1] }, source: [{ b: [1, , 2] }, , { c: 3 }] })],
  ['une valeur simple sur un objet, un objet sur une valeur simple', () => ({ target: { a: 1, b: { c: 2 } }, source: { a: { n: 1 }, b: 5, c: 'texte' } })],
  ['une clé __proto__ venue de JSON', () => ({ target: {}, source: JSON.parse('{"__proto__": {"pollue": true}, "a": {"__proto__": 1}}') as unknown })],
  ['une cible absente', () => ({ target: undefined, source: { a: 1 } })],
  ['une cible nulle dans la cible', () => ({ target: { a: null }, source: { a: { b: 1 } } })],
  ['des clés héritées (toString, constructor)', () => ({ target: {}, source: { toString: { a: 1 }, constructor: 'x', hasOwnProperty: 2 } })],
];

describe('the quick copy makes the same objects as Mermaid’s assignWithDepth', () => {
  const own = mermaidsOwn();

  it('is in place in the pages for the Mermaid this toolkit pins', () => {
    expect(quicker().copy).toBe(true);
  });

  it.each(cases)('%s', (_, make) => {
    const results = [own, assignWithDepth as Assign].map((assign) => {
      const { target, source, options } = make();
      const inputs = label({ target, source });
      const result = options ? assign(target, source, options) : assign(target, source);
      return shape(result, inputs);
    });
    expect(results[1]).toEqual(results[0]);
  });

  it('and the inputs are left as Mermaid’s own leaves them', () => {
    for (const [, make] of cases) {
      const after = [own, assignWithDepth as Assign].map((assign) => {
        const { target, source, options } = make();
        assign(target, source, options);
        return shape({ target, source }, new Map());
      });
      expect(after[1]).toEqual(after[0]);
    }
  });
});

/** Every object reachable from `value` but the inputs' own (those a copy shares with them). */
function madeObjects(value: unknown, inputs: Map<object, string>, found = new Set<object>()): Set<object> {
  if (value === null || typeof value !== 'object' || inputs.has(value) || found.has(value)) return found;
  found.add(value);
  for (const key of Reflect.ownKeys(value)) madeObjects((value as Record<string | symbol, unknown>)[key], inputs, found);
  return found;
}

describe('getConfig compiled makes, call after call, what Mermaid’s assignWithDepth({}, config) makes', () => {
  const own = mermaidsOwn();
  const withAccessor = () => {
    const source = config() as Record<string, unknown>;
    Object.defineProperty(source.flowchart as object, 'lu', { get: () => 1, enumerable: true });
    return source;
  };
  const withSymbol = () => ({ ...config(), themeVariables: { [Symbol('s')]: 1, fontSize: '16px' } });
  const configs: [string, () => unknown][] = [
    ...cases.filter(([, make]) => {
      const { target, options } = make();
      return options === undefined && target !== null && typeof target === 'object' && !Array.isArray(target) && Object.keys(target).length === 0;
    }).map(([name, make]) => [name, () => make().source] as [string, () => unknown]),
    ['des valeurs à part (NaN, -0, Infinity, undefined, une fonction, une date, un tableau à trous)', () => ({ a: NaN, b: -0, c: Infinity, d: undefined, e: () => 1, f: { g: new Date(0), h: [1, , 1, NaN, NaN], i: { j: { k: 1 } } }, '1': 'un' })],
    ['des objets à la quatrième profondeur, partagés', () => ({ a: { b: { c: { d: { e: 1 } } } } })],
    ['une clé __proto__ à la troisième profondeur', () => ({ a: { b: JSON.parse('{"__proto__": {"x": 1}}') as unknown } })],
    ['un accesseur', withAccessor],
    ['une clé symbole', withSymbol],
    ['un tableau', () => [{ a: 1 }]],
  ];
  const copy = configCopier();

  it('is in place in the pages for the Mermaid this toolkit pins', () => {
    expect(quicker().config).toBe(true);
  });

  it.each(configs)('%s', (_, make) => {
    const source = make() as object;
    const inputs = label({ source });
    const expected = shape(own({}, source), inputs);
    const first = copy(source, own);
    const second = copy(source, own);
    expect(shape(first, inputs)).toEqual(expected);
    expect(shape(second, inputs)).toEqual(expected);
    // New objects at each call, where Mermaid's makes them: a caller that changes its copy changes no other.
    const a = madeObjects(first, inputs);
    for (const made of madeObjects(second, inputs)) expect(a.has(made)).toBe(false);
    // The configuration itself is left as it was.
    expect(shape(source, new Map())).toEqual(shape(make(), new Map()));
  });

  it('a configuration of the same shape with other values is copied with its own values', () => {
    const one = config();
    const other = { ...config(), fontFamily: 'autre', flowchart: { ...config().flowchart, padding: 99 } };
    expect(shape(copy(one, own), new Map())).toEqual(shape(own({}, one), new Map()));
    expect(shape(copy(other, own), new Map())).toEqual(shape(own({}, other), new Map()));
  });
});

/**
 * The bundle made quicker, the plain way: each pattern over the whole decoded bundle, as
 * Parcours did before it looked only around the quoted names (`bundles`).
 */
function patchedWhole(plain: Buffer): Buffer {
  let text = plain.toString('utf8');
  const prelude: string[] = [];
  const copy = /"assignWithDepth"\),([\w$]+)=([\w$]+)\}/g;
  const copies = [...text.matchAll(copy)].length === 1;
  if (copies) {
    prelude.push(`globalThis.__parcoursAssignWithDepth=${assignWithDepth.toString()};`);
    text = text.replace(copy, (_, alias: string) => `"assignWithDepth"),${alias}=globalThis.__parcoursAssignWithDepth}`);
  }
  const purifier = /([\w$]+\(([\w$]+),"createDOMPurify"\);([\w$]+)=\2\(\))\}/g;
  const remembers = [...text.matchAll(purifier)].length === 1;
  if (remembers) {
    prelude.push(`globalThis.__parcoursRememberSanitized=${rememberSanitized.toString()};`);
    text = text.replace(purifier, (_, made: string, _maker: string, instance: string) => `${made};globalThis.__parcoursRememberSanitized(${instance})}`);
  }
  const getConfig = /\(\(\)=>([\w$]+)\(\{\},([\w$]+)\),"getConfig"\)/g;
  const compiles = [...text.matchAll(getConfig)].length === 1;
  if (compiles) {
    prelude.push(`globalThis.__parcoursCopyConfig=(${configCopier.toString()})();`);
    text = text.replace(getConfig, (_, assign: string, current: string) => `(()=>globalThis.__parcoursCopyConfig(${current},${assign}),"getConfig")`);
  }
  const lastCleaning = /([\w$]+)=([\w$]+)\.sanitize\(\1,(\{ADD_TAGS:[\w$]+,ADD_ATTR:[\w$]+,HTML_INTEGRATION_POINTS:\{foreignobject:!0\}\})\)(?=[^"]*"serializeSvg")/g;
  const defers = [...text.matchAll(lastCleaning)].length === 1;
  if (defers) {
    prelude.push(`globalThis.__parcoursSanitizeLater=(${sanitizeLater.toString()})();`);
    text = text.replace(lastCleaning, (_, svg: string, purify: string, options: string) => `${svg}=globalThis.__parcoursSanitizeLater.defer(${purify},${svg},${options})`);
  }
  return copies || remembers || compiles || defers ? Buffer.from(`${prelude.join('\n')}\n${text}`) : plain;
}

describe('the bundle made quicker, looked for only around the quoted names', () => {
  it('is byte for byte what the patterns over the whole bundle make, for the Mermaid this toolkit pins', () => {
    const plain = readFileSync(MERMAID_BUNDLE);
    const made = bundles(plain);
    expect(made.quicker).toEqual({ copy: true, sanitize: true, config: true, cleanInPlace: true });
    expect(made.quick.equals(patchedWhole(plain))).toBe(true);
  });

  const assign = 'var x=1;function q(a,b){return a};Z(q,"assignWithDepth"),W=q};';
  const purify = 'function mk(){return{}}var P;K(mk,"createDOMPurify");P=mk()};';
  const getConfig = 'var C={},G=i(()=>A({},C),"getConfig"),H={getConfig:i(()=>x("c4"),"getConfig")};';
  const cleaning = 'let H=i(()=>{let re=C.select(v+" svg").node().innerHTML;if(E){re=nxi(re,Z)}else S||(re=oy.sanitize(re,{ADD_TAGS:Kwi,ADD_ATTR:Jwi,HTML_INTEGRATION_POINTS:{foreignobject:!0}}));return FKr(),re},"serializeSvg")();';
  it.each([
    ['both, far apart', `${assign}${'/* … */'.repeat(100)}${purify}`],
    ['all three', `${getConfig}${assign}${purify}`],
    ['all four', `${getConfig}${assign}${cleaning}${purify}`],
    ['the last cleaning only', cleaning],
    ['the last cleaning with other options: left as is', cleaning.replace('foreignobject:!0', 'foreignobject:!1')],
    ['the last cleaning twice: neither is changed', `${cleaning}${cleaning}`],
    ['getConfig only', getConfig],
    ['getConfig twice: neither is changed', `${getConfig}${getConfig}`],
    ['both, side by side', `${assign}${purify}`],
    ['the copy only', assign],
    ['DOMPurify only, its maker with a long name', purify.replaceAll('mk', 'unNomDeFonctionTresLong_$')],
    ['a name twice: neither is changed', `${assign}${assign}${purify}`],
    ['a name without the pattern', 'a("assignWithDepth");b("createDOMPurify");'],
    ['non-ASCII text around', `const s="é—« »";${assign}/* 日本 */${purify}`],
    ['neither name', 'console.log(1)'],
  ])('and on a made-up bundle: %s', (_, text) => {
    const plain = Buffer.from(text);
    expect(bundles(plain).quick.toString('utf8')).toBe(patchedWhole(plain).toString('utf8'));
  });
});
