/**
 * The content format's changes are told by `check` at their place: a field renamed by a
 * version of Parcours gets « le champ X s’appelle désormais Y » rather than "unknown field",
 * and the schema line that files carried before 1.0.0 is pointed out for removal.
 */
import { expect, it } from 'vitest';
import { obsoleteLines, renamedField, renamedFieldMessage, type FieldRename } from '../../src/core/format-changes.ts';

const renames: FieldRename[] = [{ from: 'aide', to: 'help', since: '2.0.0' }];

it('explains an old field name where its new name is allowed, and only there', () => {
  expect(renamedField('aide', ['question', 'answers', 'help'], renames)).toEqual(renames[0]);
  expect(renamedField('aide', ['title', 'steps'], renames)).toBeUndefined();
  expect(renamedField('aides', ['help'], renames)).toBeUndefined();
  const { message, hint } = renamedFieldMessage(renames[0]!);
  // French quotes hold a narrow no-break space inside (q() in diagnostics.ts).
  const plain = (text: string) => text.replace(/\u202f/g, ' ');
  expect(plain(message)).toBe('Le champ « aide » s’appelle désormais « help » (depuis Parcours 2.0.0).');
  expect(plain(hint)).toContain('Remplacez « aide » par « help »');
});

it('points out the old schema line at line 1, and nothing else', () => {
  expect(obsoleteLines('flows/a.yaml', '# yaml-language-server: $schema=../schema/flow.schema.json\ntitle: A\n')).toMatchObject([
    { file: 'flows/a.yaml', line: 1, column: 1, code: 'obsolete-schema-modeline', severity: 'warning' },
  ]);
  expect(obsoleteLines('flows/a.yaml', 'title: A\n# yaml-language-server: $schema=x\n')).toEqual([]);
  expect(obsoleteLines('flows/a.yaml', '# Un commentaire\ntitle: A\n')).toEqual([]);
});
