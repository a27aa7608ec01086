import { frenchSpacing, keepWordsWhole, isUnbreakable } from './src/core/typography.ts';
import { parseInline, plainText, textProblems } from './src/core/text.ts';
import { addressesIn, addressProblem, trimBare, isEmail, telOf } from './src/core/addresses.ts';
import { keepTogether, shortAddress, addressPieces, cssString, wordmarkSvg } from './src/core/print.ts';
import { escapeLabel, escapeHref, wrapText } from './src/core/mermaid.ts';
import { slugify } from './src/core/schema/validate.ts';
import { parseYaml, contactIdsIn } from './src/core/yaml.ts';
import { typesetHtml } from './src/astro/french-typography.ts';
import { checkIdentifier, normaliseNumber } from './src/core/identifiers.ts';
import { flowNestingOverflow } from './src/core/limits.ts';
import { controlCharacters, visibleControls } from './src/core/characters.ts';
import { svgProblem, pictureKind } from './src/core/pictures.ts';
const fns: Record<string, (s: string) => unknown> = {
  frenchSpacing, keepWordsWhole, isUnbreakable, parseInline, plainText, textProblems, addressesIn, addressProblem, trimBare, isEmail, telOf,
  keepTogether, shortAddress, addressPieces, cssString, wordmark: (s) => wordmarkSvg(s, '#000000'), escapeLabel, escapeHref, wrap: (s) => wrapText(s, 28), slugify,
  yamlValue: (s) => parseYaml('f', `title: ${JSON.stringify(s)}\n`), yamlPlain: (s) => parseYaml('f', `title: ${s}\n`), yamlKey: (s) => parseYaml('f', `${s}: x\n`), contactIdsIn, typesetHtml, checkIdentifier, normaliseNumber, flowNestingOverflow, controlCharacters, visibleControls, svg: (s) => svgProblem(`<svg>${s}</svg>`), pictureKind: (s) => pictureKind(Buffer.from(s)),
};
const units = ['a', '1', '-', ' ', 'a-', '-a', ' -', 'a ', ':', ' :', 'a:', ';', '@', '.', 'a.', '<', '&', '«', '»', '`', '[', '](', '*', '**', '/', 'é', 'A', 'a-1', '#', 'a@', '.a', '@a.', 'http://', 'https://a', 'x:', '\t', '\n', ' \n', '(', ')', '\\', '+', '0 ', '1,', '€', 'e-', '\u00a0', ':/', 'a/', '%', 'a;', '?'];
const time = (f: (s: string) => unknown, s: string) => { let best = Infinity; for (let k = 0; k < 2; k++) { const c = process.cpuUsage(); try { f(s); } catch {} const d = process.cpuUsage(c); best = Math.min(best, (d.user + d.system) / 1000); } return best; };
const only = process.argv[2];
for (const [name, f] of Object.entries(fns)) {
  if (only && name !== only) continue;
  for (const u of units) {
    const small = u.repeat(Math.ceil(5000 / u.length)) + '!';
    const t1 = time(f, small);
    if (t1 < 5) continue;
    const t2 = time(f, u.repeat(Math.ceil(20000 / u.length)) + '!');
    if (t2 / t1 > 9) console.log(name, JSON.stringify(u), t1.toFixed(1), t2.toFixed(1), (t2 / t1).toFixed(1));
  }
}
console.log('done');
