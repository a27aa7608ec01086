/**
 * Every regular expression and hand-written scan over content does work proportional to the
 * text: each function that reads an editor's text is run on runs of 100 KB and of 1 MB of
 * letters, digits, hyphens, spaces and the punctuation the rules look for. Not a timed test:
 * the bound is on the growth (ten times the text may cost at most 30 times the CPU, where a
 * linear scan costs about 10 and a quadratic one about 100), measured as the least CPU time of
 * a few runs; the test's own timeout is only a safety net. (`keepWordsWhole` is not listed: its
 * hyphenated-word rule is being made linear on its own.)
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { addressesIn, addressProblem, isEmail, telOf, trimBare } from '../../src/core/addresses.ts';
import { controlCharacters, visibleControls } from '../../src/core/characters.ts';
import { flowNestingOverflow } from '../../src/core/limits.ts';
import { escapeHref, escapeLabel, wrapText } from '../../src/core/mermaid.ts';
import { pictureKind, svgProblem, xmlProblem } from '../../src/core/pictures.ts';
import { addressPieces, cssString, keepTogether, shortAddress, wordmarkSvg } from '../../src/core/print.ts';
import { slugify } from '../../src/core/schema/validate.ts';
import { parseInline, plainText, textProblems } from '../../src/core/text.ts';
import { frenchSpacing } from '../../src/core/typography.ts';
import { normaliseNumber } from '../../src/core/identifiers.ts';

const FUNCTIONS: Record<string, (text: string) => unknown> = {
  frenchSpacing,
  parseInline,
  plainText,
  textProblems,
  addressesIn,
  addressProblem,
  trimBare,
  isEmail,
  telOf,
  keepTogether,
  shortAddress,
  addressPieces,
  cssString,
  wordmarkSvg: (text) => wordmarkSvg(text, '#1f3f73'),
  escapeLabel,
  escapeHref,
  wrapText: (text) => wrapText(text, 28),
  slugify,
  normaliseNumber,
  controlCharacters,
  visibleControls,
  flowNestingOverflow,
  svgProblem: (text) => svgProblem(`<svg xmlns="http://www.w3.org/2000/svg">${text}</svg>`),
  xmlProblem,
  pictureKind: (text) => pictureKind(Buffer.from(text)),
};

/** Runs of what long texts are made of, and of what each rule looks for (addresses, e-mails, links, brackets, punctuation). */
const RUNS = ['a', '1', '-', ' ', 'e-1', 'a.', ' :', 'a@', '[', '[a](', '«', '/', ')', '<'];

// The garbage collector, called before each measured run: a 1 MB text made a collection of
// the worker's whole heap likely during its run, and the CPU time of the process counts its
// helper threads (a linear 6 ms scan measured at 40 to 52 ms under the full suite's load).
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

// The CPU time of this thread alone where Node can tell it (from Node 23.9): the process's
// counts the collector's helper threads too.
const threadCpu = (process as { threadCpuUsage?: typeof process.cpuUsage }).threadCpuUsage?.bind(process) ?? process.cpuUsage.bind(process);

/** The least CPU time of a few runs, in milliseconds. */
function cpu(run: () => unknown): number {
  let best = Infinity;
  // A first run unmeasured: V8 compiles a regular expression to machine code only once it
  // has run it (before, it interprets it), and the large text was often that first run.
  run();
  for (let i = 0; i < 3; i++) {
    collect();
    const start = threadCpu();
    run();
    const used = threadCpu(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

const text = (unit: string, size: number) => `${unit.repeat(Math.ceil(size / unit.length))}!`;

describe.each(Object.entries(FUNCTIONS))('%s', (name, fn) => {
  it(`reads 1 MB runs in about ten times what it reads 100 KB runs in`, { timeout: 120_000 }, () => {
    const slow: string[] = [];
    for (const unit of RUNS) {
      let small = cpu(() => fn(text(unit, 100_000)));
      let large = cpu(() => fn(text(unit, 1_000_000)));
      // Below 5 ms at 100 KB, the growth measured is not the function's: a quadratic cost
      // there is some 10^10 steps (seconds), while the 1 MB run's own allocations can start a
      // collection of the worker's whole heap (30 to 50 ms measured, for a 0.1 ms scan). A
      // suspect growth is measured once more (a busy machine can slow one series of runs; a
      // quadratic cost is slow every time).
      const tooFast = () => large > 30 * Math.max(small, 5);
      if (tooFast()) {
        small = Math.min(small, cpu(() => fn(text(unit, 100_000))));
        large = Math.min(large, cpu(() => fn(text(unit, 1_000_000))));
      }
      if (tooFast()) slow.push(`${JSON.stringify(unit)}: ${small.toFixed(1)} ms → ${large.toFixed(1)} ms`);
    }
    expect(slow, name).toEqual([]);
  });
});
