/**
 * Walking parsed data without recursion: a hostile file may nest deeper than the call stack
 * (the loader refuses such files, see limits.ts, but a walker must never be the thing that
 * overflows first).
 */
import type { DataPath } from './model.ts';

/** Every value of `data` with its path, parents before children, in document order. */
export function walkValues(data: unknown, visit: (value: unknown, path: DataPath) => void): void {
  const stack: { value: unknown; path: DataPath }[] = [{ value: data, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    visit(value, path);
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
    }
  }
}

/** Every string of `data` with its path, in document order. */
export function walkStrings(data: unknown, visit: (value: string, path: DataPath) => void): void {
  walkValues(data, (value, path) => {
    if (typeof value === 'string') visit(value, path);
  });
}
