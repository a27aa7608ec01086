/** Invisible characters: each class found and named, and never shown raw in a terminal. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { controlCharacters, describeControl, visibleControls } from '../../src/core/characters.ts';
import { loadFlows } from '../../src/core/index.ts';
import { writeProject } from '../helpers/project.ts';

describe('invisible characters', () => {
  it('names each class in French, with its code point', () => {
    expect(describeControl('\u0007')).toBe('caractère de contrôle U+0007 (sonnerie)');
    expect(describeControl('\u001b')).toBe('caractère de contrôle U+001B (échappement)');
    expect(describeControl('\u007f')).toBe('caractère de contrôle U+007F (suppression)');
    expect(describeControl('\u0085')).toBe('caractère de contrôle U+0085');
    expect(describeControl('\u2028')).toBe('séparateur de ligne U+2028');
    expect(describeControl('\u2029')).toBe('séparateur de paragraphe U+2029');
    expect(describeControl('\ufeff')).toMatch(/^caractère invisible U\+FEFF/);
  });

  it('finds every C0 control but tab and line feed, DEL, C1, U+2028/2029 and U+FEFF; CR only inside a value', () => {
    const all = Array.from({ length: 0xa0 }, (_, i) => String.fromCharCode(i)).join('') + '\u2028\u2029\ufeff';
    const found = controlCharacters(all).map((c) => c.char.codePointAt(0));
    const expected = [...Array.from({ length: 0x20 }, (_, i) => i).filter((i) => i !== 9 && i !== 10), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i), 0x2028, 0x2029, 0xfeff];
    expect(found).toEqual(expected);
    expect(controlCharacters('a\r\nb', true)).toEqual([]);
    expect(controlCharacters('a\rb').map((c) => c.offset)).toEqual([1]);
    expect(controlCharacters('Tab\tet\nligne, « guillemets », espaces\u00a0insécables\u202f!')).toEqual([]);
  });

  it('are shown as ⟨U+…⟩ in a terminal', () => {
    expect(visibleControls('a\u001b[31mb\u0007\tc\nd')).toBe('a⟨U+001B⟩[31mb⟨U+0007⟩\tc\nd');
  });

  it('are reported once each, at the character, whether written as such or as an escape', () => {
    const dir = writeProject({
      'flows/f.yaml': `title: "Un titre \\a sonore"\nstart: fin\nnodes:\n  fin: { success: "Fini\u0007 ici\u0007" }\n`,
    });
    const { diagnostics } = loadFlows(join(dir, 'flows'), { cwd: dir });
    // The escape at its value; the two literal BELs of one value at their own places.
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['control-character', 1, 8],
      ['control-character', 4, 24],
      ['control-character', 4, 29],
    ]);
    expect(diagnostics[0]!.message).toBe('Caractère invisible interdit : caractère de contrôle U+0007 (sonnerie).');
  });
});
