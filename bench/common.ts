/** What the three benchmarks share: number formatting, logging, their one option, their ending. */

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
export const fmt = (value: number, digits = 1) => value.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const log = (line: string) => process.stderr.write(`${line}\n`);

/** `--quick` or nothing: true/false, or undefined (after saying so) for any other option. */
export function quickOption(args: string[], usage: string): boolean | undefined {
  const unknown = args.filter((a) => a !== '--quick');
  if (unknown.length) {
    log(`Option inconnue : ${unknown.join(' ')}. Usage : ${usage}`);
    return undefined;
  }
  return args.includes('--quick');
}

/** Lists the problems met, if any; the exit code: 1 when there were some. */
export function finish(problems: string[]): number {
  if (problems.length === 0) return 0;
  console.log(`\n${problems.length} problème(s) :`);
  for (const problem of problems) console.log(`  - ${problem}`);
  return 1;
}
