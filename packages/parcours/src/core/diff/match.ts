/**
 * Pairing what was with what is: things with an identifier (journeys, nodes, procedures,
 * contacts, brands) by identifier, then by content (the same content under a new identifier
 * is a rename, not a removal and an addition); lists (steps, items, answers) by alignment.
 */
import { diffArrays } from 'diff';

export interface Pair<T> {
  before: T;
  after: T;
  /** Paired by content under another identifier. */
  renamed: boolean;
}

export interface Matched<T> {
  /** In the order of `after`. */
  pairs: Pair<T>[];
  /** Only after, in its order. */
  added: T[];
  /** Only before, in its order. */
  removed: T[];
  /** Before's identifier → after's, for every pair. */
  ids: Map<string, string>;
}

/**
 * Pairs two maps: same identifier (and `compatible`, e.g. the same kind of node), then, among
 * those left, equal `content` keys, in order.
 */
export function matchById<T>(
  before: ReadonlyMap<string, T>,
  after: ReadonlyMap<string, T>,
  content: (value: T, side: 'before' | 'after') => string,
  compatible: (a: T, b: T) => boolean = () => true,
): Matched<T> {
  const partner = new Map<string, { id: string; renamed: boolean }>(); // after id → before id
  for (const [id, value] of after) {
    const old = before.get(id);
    if (old !== undefined && compatible(old, value)) partner.set(id, { id, renamed: false });
  }
  const taken = new Set([...partner.values()].map((p) => p.id));
  const left = [...after.keys()].filter((id) => !partner.has(id));
  const leftKeys = new Map(left.map((id) => [id, content(after.get(id)!, 'after')]));
  for (const [id, value] of before) {
    if (taken.has(id)) continue;
    const key = content(value, 'before');
    const found = left.find((candidate) => !partner.has(candidate) && leftKeys.get(candidate) === key && compatible(value, after.get(candidate)!));
    if (found === undefined) continue;
    partner.set(found, { id, renamed: true });
    taken.add(id);
  }
  const pairs: Pair<T>[] = [];
  const added: T[] = [];
  const ids = new Map<string, string>();
  for (const [id, value] of after) {
    const p = partner.get(id);
    if (!p) {
      added.push(value);
      continue;
    }
    pairs.push({ before: before.get(p.id)!, after: value, renamed: p.renamed });
    ids.set(p.id, id);
  }
  const removed = [...before].filter(([id]) => !taken.has(id)).map(([, value]) => value);
  return { pairs, added, removed, ids };
}

export interface Aligned {
  /** Indexes of items kept or changed in place: [before, after], in order. */
  pairs: [number, number][];
  /** Indexes (before) of items removed. */
  removed: number[];
  /** Indexes (after) of items added. */
  added: number[];
}

/**
 * Aligns two lists by their items' keys (the longest common part stays in place); where items
 * were removed and others added at the same place, they are paired one by one, as a change of
 * that item (a reworded step is a changed step, not a removed and an added one).
 */
export function alignLists(before: readonly string[], after: readonly string[]): Aligned {
  const out: Aligned = { pairs: [], removed: [], added: [] };
  let i = 0;
  let j = 0;
  let removedRun: number[] = [];
  let addedRun: number[] = [];
  const flush = () => {
    const n = Math.min(removedRun.length, addedRun.length);
    for (let k = 0; k < n; k++) out.pairs.push([removedRun[k]!, addedRun[k]!]);
    out.removed.push(...removedRun.slice(n));
    out.added.push(...addedRun.slice(n));
    removedRun = [];
    addedRun = [];
  };
  for (const part of diffArrays([...before], [...after])) {
    const count = part.value.length;
    if (part.removed) for (let k = 0; k < count; k++) removedRun.push(i++);
    else if (part.added) for (let k = 0; k < count; k++) addedRun.push(j++);
    else {
      flush();
      for (let k = 0; k < count; k++) out.pairs.push([i++, j++]);
    }
  }
  flush();
  out.pairs.sort((a, b) => a[1] - b[1]);
  return out;
}
