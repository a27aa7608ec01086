/** The parser's errors told in the editor's terms, and the ids a broken file still declares. */
import { describe, expect, it } from 'vitest';
import { contactIdsIn, parseYaml } from '../../src/core/yaml.ts';
import { CLI } from '../helpers/cli.ts';

const first = (text: string) => {
  const result = parseYaml('f.yaml', text);
  if (result.ok) throw new Error('parsed');
  const { line, column, message, hint } = result.diagnostics[0]!;
  // Quotes built with q() hold narrow no-break spaces; the CLI spaces the rest the same way.
  const loose = (text: string) => text.replace(/\u202f/g, ' ');
  return { line, column, message: loose(message), hint: loose(hint ?? '') };
};

describe('the common layout mistakes', () => {
  it('a value with « : » left unquoted: quote it, and the fixed line is shown', () => {
    expect(first('title: T\nnodes:\n  a:\n    success: Remarque : c’est fini\n')).toEqual({
      line: 4,
      column: 14,
      message: 'Ce texte contient « : » suivi d’une espace, ce que le YAML lit comme une nouvelle clé.',
      hint: 'Mettez le texte entre guillemets : `success: "Remarque : c’est fini"`.',
    });
    // In a list item, and with double quotes already in the text: single quotes then.
    expect(first('answers:\n  - label: Non : pas encore\n    next: b\n').hint).toBe('Mettez le texte entre guillemets : `- label: "Non : pas encore"`.');
    expect(first('title: Dites "oui" : d’accord\n').hint).toBe('Mettez le texte entre guillemets : `title: \'Dites "oui" : d’accord\'`.');
  });

  it('a list item out of line with its list, whichever way it is off', () => {
    const list = (dash: string) => `answers:\n  - label: Oui\n    next: a\n${dash}- label: Non\n    next: b\n`;
    for (const indent of [' ', '   ', '    ']) {
      const d = first(list(indent));
      expect(d.line).toBe(4);
      expect(d.column).toBe(indent.length + 1);
      expect(d.message).toBe('Élément de liste mal placé : ce « - » n’est pas aligné avec les éléments de sa liste.');
      expect(d.hint).toContain('Vérifiez l’indentation');
      expect(d.hint).toContain('colonne 3, comme à la ligne 2');
    }
  });

  it('a key indented more or less than the one above it', () => {
    for (const indent of ['   ', '     ']) {
      const d = first(`answers:\n  - label: Oui\n${indent}next: b\n`);
      expect([d.line, d.column]).toEqual([3, indent.length + 1]);
      expect(d.message).toBe('Indentation incorrecte : « next » n’est pas aligné avec « label » (ligne 2).');
      expect(d.hint).toContain('placez « next » à la colonne 5, sous « label »');
    }
  });

  it('leaves the unclosed quote and bracket messages as they were', () => {
    expect(first('a: "b\nc: d\n').message).toBe('Le guillemet " ouvert ici n’est jamais refermé.');
    expect(first('a: [b, c\nd: e\n').message).toBe('Le crochet [ ouvert ici n’est jamais refermé.');
  });
});

describe('ids of a contacts file that does not parse', () => {
  it('are read from what the parser recovers and from the indentation under contacts:', () => {
    expect(contactIdsIn('contacts:\n  service-cartes:\n    name: "Service\n    phone:\n      number: 1\n  autre:\n    name: x\n').sort()).toEqual(['autre', 'service-cartes']);
    expect(contactIdsIn('contacts:\n    a:\n        name: A : B\n    b: { name: B }\nautre-cle: 1\n').sort()).toEqual(['a', 'b']);
    expect(contactIdsIn('rien: 1\n')).toEqual([]);
  });
});
