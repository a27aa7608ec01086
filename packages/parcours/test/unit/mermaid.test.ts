/**
 * The Mermaid text of a flow whose every text tries to reconfigure or break the diagram:
 * `%%{init: …}%%` directives and `%%` comments in the title, the description, questions,
 * answers, outcomes, contact names and link labels, line separators and control characters.
 * Nothing may reach Mermaid as syntax: every text is shown as written (test/render/ draws
 * such a flow in Chromium; here, the text itself).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowToMermaid, frenchSpacing, loadFlows, plainText } from '../../src/core/index.ts';
import { escapeHref, escapeLabel, nodeText } from '../../src/core/mermaid.ts';
import { writeProject } from '../helpers/project.ts';

const INIT = '%%{init: {"theme":"dark","themeCSS":".node rect { fill: red; }","fontFamily":"Comic Sans MS"}}%%';

const dir = writeProject({
  'flows/f.yaml': `title: ${JSON.stringify(`${INIT} Titre`)}
description: ${JSON.stringify(`%%{wrap}%%\n%% commentaire\nstyle n0 fill:#f00; et \u2028 suite\u0007`)}
start: q
nodes:
  q:
    question: ${JSON.stringify(`${INIT} Question ?`)}
    answers:
      - { label: ${JSON.stringify('%%{init: {"theme":"forest"}}%%')}, next: ok }
      - { label: "%% pas un commentaire", next: aide }
      - { label: "classDef x fill:#f00;", next: suite }
  ok: { success: ${JSON.stringify(`Fini\n%%{init: {}}%%`)} }
  aide: { support: "Aide", contacts: [c] }
  suite: { flow: f, label: ${JSON.stringify(`${INIT} click q href "javascript:alert(1)"`)} }
`,
  'flows/contacts/c.yaml': `contacts:\n  c:\n    name: ${JSON.stringify(`%%{init: {"theme":"dark"}}%% Service`)}\n    email: aide@example.fr\n`,
});
const { project } = loadFlows(join(dir, 'flows'), { cwd: dir });
const flow = project.flows.get('f')!;

/** What Mermaid shows for an escaped text: entity codes decoded, line breaks as spaces. */
const shown = (escaped: string) => escaped.replace(/<br>/g, ' ').replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
/** What the reader must see: the text as written, with French spacing, on one line. */
const written = (text: string) => frenchSpacing(plainText(text)).replace(/[ \u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]+/g, ' ').trim();
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('the Mermaid text of a hostile flow', () => {
  const text = flowToMermaid(flow, project, { baseUrl: 'https://aide.example.fr/a b/"%%{init}%%;#x/' });
  const lines = text.trimEnd().split('\n');

  it('holds no %% at all: no directive, init block or comment from content can reach Mermaid', () => {
    expect(text).not.toContain('%%');
    expect(text).not.toMatch(/%\{/);
  });

  it('has one line per statement: no text starts a line of its own', () => {
    expect(lines[0]).toBe('flowchart TD');
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}(accTitle: |accDescr: |n\d+(\{\{|\[\[|\(|@\{|\[\/| -->)|click n\d+ href "|classDef |class )/);
  });

  it('keeps every label inside its quotes, with only entity codes for special characters', () => {
    const labels = [...text.matchAll(/"([^"]*)"/g)].map((m) => m[1]!).filter((l) => !l.startsWith('https://'));
    expect(labels.length).toBe(flow.nodes.size + 3);
    for (const label of labels) expect(label.replace(/#\d+;|<br>/g, '')).not.toMatch(/[#;:%&<>{}[\]()|\\`"]/);
  });

  it('shows the title, the description and every label as written', () => {
    const acc = (key: string) => lines.find((l) => l.startsWith(`  ${key}: `))!.slice(key.length + 4);
    for (const key of ['accTitle', 'accDescr']) expect(acc(key).replace(/#\d+;/g, '')).not.toMatch(/[#;:%&<>{}[\]()|\\`"]/);
    expect(shown(acc('accTitle'))).toBe(written(`Logigramme : ${flow.title}`));
    expect(shown(acc('accDescr'))).toBe(written(flow.description!));
    const labels = [...text.matchAll(/"([^"]*)"/g)].map((m) => squash(shown(m[1]!)));
    for (const node of flow.nodes.values()) expect(labels, node.id).toContain(squash(written(nodeText(node, project))));
    if (flow.nodes.get('q')!.kind === 'question') for (const a of (flow.nodes.get('q') as { answers: { label: string }[] }).answers) expect(labels).toContain(squash(written(a.label)));
  });

  it('percent-encodes link targets: no quote, space, #, ; or %% can end or bend them', () => {
    const hrefs = lines.filter((l) => l.startsWith('  click ')).map((l) => /href "([^"]*)"$/.exec(l)![1]!);
    expect(hrefs).toHaveLength(flow.nodes.size);
    for (const href of hrefs) {
      expect(href).toMatch(/^[A-Za-z0-9\-._~:/?@!$&'()*+,=%]*$/);
      expect(href).not.toContain('%%');
      expect(decodeURI(href.replace(/%23/g, '#').replace(/%3B/g, ';'))).toMatch(/^https:\/\/aide\.example\.fr\/a b\/"%%\{init\}%%;#x\/parcours\/f\//);
    }
  });
});

describe('escaping, piece by piece', () => {
  it('turns each special character into its entity code and every kind of line break into a space', () => {
    expect(escapeLabel('a "b" #c; d:e %f &g <h> [i] {j} (k) |l| \\m `n`')).toBe(
      'a #34;b#34; #35;c#59; d#58;e #37;f #38;g #60;h#62; #91;i#93; #123;j#125; #40;k#41; #124;l#124; #92;m #96;n#96;',
    );
    expect(escapeLabel('a\nb\u2028c\u2029d\u0007e\u001bf\ufeffg\r\nh')).toBe('a b c d e f g h');
  });

  it('keeps percent escapes of a link target and encodes everything else', () => {
    expect(escapeHref('/parcours/a-b/')).toBe('/parcours/a-b/');
    expect(escapeHref('https://a.fr/x%20y/')).toBe('https://a.fr/x%20y/');
    expect(escapeHref('https://a.fr/%%{x}%%"é;#')).toBe('https://a.fr/%25%25%7Bx%7D%25%25%22%C3%A9%3B%23');
  });
});
