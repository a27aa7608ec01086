/**
 * Hostile inputs: each is refused with a clear message, or built safely; never a crash, a
 * hang or a broken output. (10 000-node flows and 1 000-node loops: test/unit/graph.test.ts.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, cpSync, ftruncateSync, mkdtempSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentProject, runBuild } from '../helpers/build.ts';
import { ECPS, parseReported, runCli, TOOLKIT } from '../helpers/cli.ts';
import { writeProject } from '../helpers/project.ts';

const X = '<script>alert(1)</script>';

/** A complete project where every text field of every kind of file holds `value`. */
function everyTextField(value: string): { files: Record<string, string>; fields: number } {
  const v = JSON.stringify(value);
  const files = {
    'flows/f.yaml': `title: ${v}
description: ${v}
start: q
nodes:
  q:
    question: ${v}
    help: ${v}
    answers:
      - { label: ${JSON.stringify(`Oui ${value}`)}, next: p }
      - { label: ${JSON.stringify(`Non ${value}`)}, next: ailleurs }
  p: { procedure: faire, next: fin }
  fin: { success: ${v}, text: ${v} }
  ailleurs:
    question: Alors ?
    answers:
      - { label: Aide, next: aide }
      - { label: Autre, next: autre }
  aide: { support: ${v}, text: ${v}, contacts: [c] }
  autre: { flow: f, label: ${v} }
`,
    'flows/procedures/faire.yaml': `title: ${v}
short: ${v}
description: ${v}
prerequisites: [${v}]
steps:
  - title: ${v}
    text: ${v}
    items: [${v}]
    callouts: [{ kind: tip, title: ${v}, text: ${v}, items: [${v}] }]
outcome: ${v}
links: [{ label: ${v}, url: "https://example.org/" }]
`,
    'flows/contacts/c.yaml': `contacts:
  c: { name: ${v}, for: ${v}, phone: { number: "0 809 40 00 82", cost: ${v}, hours: ${v} } }
`,
    'flows/brands/b.yaml': `name: ${v}
logoAlt: ${v}
`,
  };
  // Text fields above: flow 11, procedure 12, contacts 4, brand 2.
  return { files, fields: 29 };
}

describe('injection', () => {
  it('script and HTML in every text field of every kind of file: each one refused, at its place', () => {
    const { files, fields } = everyTextField(X);
    const dir = writeProject(files);
    const run = runCli(['check', 'flows'], dir);
    expect(run.status).toBe(1);
    const reported = parseReported(run.stdout);
    expect(reported.filter((d) => d.code === 'raw-html')).toHaveLength(fields);
    expect(reported.every((d) => d.code === 'raw-html')).toBe(true);
    // Each at a different place.
    expect(new Set(reported.map((d) => `${d.file}:${d.line}:${d.column}`)).size).toBe(fields);
  });

  it('javascript:, data:, http: and relative links are refused in every address field and inline', () => {
    const dir = writeProject({
      'flows/f.yaml': `title: T
start: q
nodes:
  q:
    question: "Voir [ici](javascript:alert(1)) ou [là](data:text/html,<b>x) ou [en clair](http://example.org) ou [relatif](/admin)"
    answers: [{ label: A, next: fin }, { label: B, next: fin }]
  fin: { success: Fini }
`,
      'flows/procedures/p.yaml': `title: P
steps: [{ text: Faire. }]
links: [{ label: L, url: "javascript:alert(1)" }, { label: M, url: "data:text/html;base64,PHNjcmlwdD4=" }]
`,
      'flows/contacts/c.yaml': `contacts:
  c: { name: C, faq: "javascript:alert(1)", web: "vbscript:msgbox" }
`,
      'flows/brands/b.yaml': `name: B
portal: "data:text/html,x"
wiki: "ftp://example.org"
`,
    });
    const run = runCli(['check', 'flows'], dir);
    expect(run.status).toBe(1);
    const codes = parseReported(run.stdout).map((d) => d.code);
    expect(codes.filter((c) => c === 'forbidden-link')).toHaveLength(10);
  });

  it('picture and logo paths that escape the project are refused', () => {
    const dir = writeProject({
      'flows/f.yaml': 'title: T\nstart: p\nnodes:\n  p: { procedure: p, next: fin }\n  fin: { success: Fini }\n',
      'flows/procedures/p.yaml': `title: P
steps:
  - text: Faire.
    pictures:
      - { view: mobile, src: ../../../../../../etc/passwd, alt: a }
      - { view: ordinateur, src: /etc/hostname, alt: b }
`,
      'flows/brands/b.yaml': 'name: B\nlogo: ../../../../../../etc/passwd\n',
    });
    const run = runCli(['check', 'flows'], dir);
    expect(parseReported(run.stdout).map((d) => d.code)).toEqual(['picture-outside-project', 'picture-outside-project', 'picture-outside-project']);
  });
});

describe('resource exhaustion', () => {
  it('a billion-laughs alias bomb is refused at once, at its first alias', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const dir = writeProject({ 'flows/f.yaml': `${levels.join('\n')}\n` });
    const run = runCli(['check', 'flows'], dir);
    expect(run.status).toBe(1);
    expect(parseReported(run.stdout).map((d) => [d.code, d.line])).toEqual([['yaml-alias-bomb', 2]]);
  });

  it('a 50 MB file is refused without being read into the parser', () => {
    const dir = writeProject({ 'flows/ok.yaml': 'title: Bon\nstart: ok\nnodes:\n  ok: { success: Fini }\n' });
    // A sparse file: 50 MB on paper, nothing on disk.
    const fd = openSync(join(dir, 'flows', 'enorme.yaml'), 'w');
    writeSync(fd, 'title: x\n');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    const run = runCli(['check', 'flows'], dir);
    expect(run.status).toBe(1);
    expect(parseReported(run.stdout).map((d) => [d.file, d.code])).toEqual([['flows/enorme.yaml', 'file-too-large']]);
    expect(run.stdout).toMatch(/50,0 Mo/);
  });
});

describe('built safely', () => {
  it('labels full of quotes, brackets, < > & ; # and accents build into a site where they stay text', () => {
    // The real content (the MDX pages embed some of it) plus the hostile flow.
    const tmp = contentProject({ flows: [join(ECPS, 'flows'), join(TOOLKIT, 'test', 'fixtures', 'adversarial', 'flows')] });
    cpSync(join(TOOLKIT, 'test', 'fixtures', 'adversarial', 'images'), join(tmp, 'images'), { recursive: true });
    const out = join(tmp, 'dist');
    const run = runBuild(tmp, out);
    expect(run.status, run.stderr).toBe(0);
    const html = readFileSync(join(out, 'parcours', 'etiquettes', 'index.html'), 'utf8');
    expect(html).toContain('a &lt; b &gt; c');
    expect(html).toContain('&lt; b &gt; n’est pas une balise');
    const pages = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
    for (const page of pages) {
      const text = readFileSync(join(out, page), 'utf8');
      // The only scripts are the site's own files.
      for (const tag of text.match(/<script[^>]*>/g) ?? []) expect(tag).toMatch(/src="\/(pagefind|recherche|parcours|identifiant|hors-ligne|logigramme)/);
      expect(text).not.toMatch(/<b>|<img src=x/);
    }

    // Pictures per view, with their alt text, and the brand's logo, on the page and the sheet.
    const procedure = readFileSync(join(out, 'procedures', 'etapes', 'index.html'), 'utf8');
    // As files of the site, named by their content (a strict Content-Security-Policy refuses data: URLs).
    const screenshot = /<img[^>]+src="\/(images\/[0-9a-f]{16}\.png)"[^>]+alt="Écran du téléphone avec le bouton «\u202fContinuer\u202f»"/.exec(procedure);
    expect(screenshot).not.toBeNull();
    expect(readFileSync(join(out, screenshot![1]!))).toEqual(readFileSync(join(TOOLKIT, 'test', 'fixtures', 'adversarial', 'images', 'ecran-mobile.png')));
    expect(procedure).toMatch(/<img[^>]+alt="Écran de l’ordinateur avec le QR code"/);
    expect(procedure).toContain('Vue mobile');
    expect(procedure).toMatch(/<img class="brand-logo" src="\/images\/[0-9a-f]{16}\.svg" alt="Logo du portail d’essai"/);
    const sheet = join(out, 'fiches', 'essai-etapes.pdf');
    const images = execFileSync('pdfimages', ['-list', sheet], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    // The two screenshots (the SVG logo is drawn as vectors, not as an image).
    expect(images.length).toBeGreaterThanOrEqual(2);
    // The caption is set in capitals on paper (CSS), the text under it is as written.
    expect(execFileSync('pdftotext', [sheet, '-'], { encoding: 'utf8' }).toLowerCase()).toContain('vue mobile');
  }, 240_000);
});

