/**
 * The content project is a boundary, and what crosses it is content: files are regular files
 * inside the project once links are resolved, pictures are pictures by their content (an SVG
 * only draws), and MDX pages hold no code. Through the real loader, on real files (a named pipe,
 * /dev/zero, links), with the positions an editor would be given.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadFlows } from '../../src/core/load.ts';
import { checkPage, PAGE_COMPONENTS } from '../../src/core/pages.ts';
import { pictureKind, svgProblem } from '../../src/core/pictures.ts';
import { readProjectFile } from '../../src/core/project-files.ts';
import { pictureName } from '../../src/site/picture-file.ts';
import { ECPS } from '../helpers/cli.ts';
import { writeProject } from '../helpers/project.ts';

const FLOW = 'title: T\nstart: p\nnodes:\n  p: { procedure: faire, next: fin }\n  fin: { success: Fini }\n';
const withPicture = (src: string) => `title: Faire\nsteps:\n  - text: Faire.\n    pictures:\n      - { view: mobile, src: ${JSON.stringify(src)}, alt: Écran }\n`;
const load = (dir: string) => loadFlows(join(dir, 'flows'), { cwd: dir });
const places = (dir: string) => load(dir).diagnostics.map((d) => [d.file, d.line, d.column, d.code]);

/** A PNG of the given size (header and an empty image: what a decoder would believe). */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(0))), chunk('IEND', Buffer.alloc(0))]);
}

describe('files of the project', () => {
  it('a named pipe is refused at once, never read (a read would wait forever)', () => {
    const dir = writeProject({});
    execFileSync('mkfifo', [join(dir, 'tube.png')]);
    expect(readProjectFile(join(dir, 'tube.png'), dir, 1024)).toEqual({ ok: false, problem: { kind: 'not-a-file', what: 'un tube nommé (FIFO)' } });
  });

  it('a link to /dev/zero, to /etc/passwd or to another project is outside; a link inside is followed', () => {
    const dir = writeProject({ 'content/vrai.png': png(2, 2) });
    const other = writeProject({ 'flows/ailleurs.yaml': FLOW });
    symlinkSync('/dev/zero', join(dir, 'zero.png'));
    symlinkSync('/etc/passwd', join(dir, 'passwd.png'));
    symlinkSync(join(other, 'flows', 'ailleurs.yaml'), join(dir, 'ailleurs.yaml'));
    symlinkSync('content/vrai.png', join(dir, 'lien.png'));
    for (const name of ['zero.png', 'passwd.png', 'ailleurs.yaml']) expect(readProjectFile(join(dir, name), dir, 1024)).toMatchObject({ ok: false, problem: { kind: 'outside' } });
    expect(readProjectFile(join(dir, 'lien.png'), dir, 1024)).toMatchObject({ ok: true, real: join(dir, 'content', 'vrai.png') });
  });

  it('a flow linked from another project, a pipe and a folder named .yaml are refused, each at its file', () => {
    const other = writeProject({ 'flows/ailleurs.yaml': FLOW.replace('title: T', 'title: Ailleurs') });
    const dir = writeProject({ 'flows/f.yaml': FLOW, 'flows/procedures/faire.yaml': 'title: Faire\nsteps: [{ text: Faire. }]\n' });
    symlinkSync(join(other, 'flows', 'ailleurs.yaml'), join(dir, 'flows', 'ailleurs.yaml'));
    execFileSync('mkfifo', [join(dir, 'flows', 'tube.yaml')]);
    mkdirSync(join(dir, 'flows', 'dossier.yaml'));
    const result = load(dir);
    expect(result.diagnostics.map((d) => [d.file, d.code])).toEqual([
      ['flows/ailleurs.yaml', 'file-outside-project'],
      ['flows/dossier.yaml', 'file-not-regular'],
      ['flows/tube.yaml', 'file-not-regular'],
    ]);
    // Nothing of the other project entered the model.
    expect([...result.project.flows.keys()]).toEqual(['f']);
  });

  it('pictures: a link to /etc/passwd, a folder, a pipe, a project file that is no picture, an oversized one', () => {
    const dir = writeProject({
      'flows/f.yaml': FLOW,
      'flows/procedures/faire.yaml': `title: Faire
steps:
  - text: Faire.
    pictures:
      - { view: mobile, src: ../../content/passwd.png, alt: a }
      - { view: mobile, src: ../../content/dossier.png, alt: b }
      - { view: mobile, src: ../../content/tube.png, alt: c }
      - { view: mobile, src: ../../.env, alt: d }
      - { view: mobile, src: ../../content/bombe.png, alt: e }
      - { view: mobile, src: ../../content/bon.png, alt: f }
`,
      '.env': 'SECRET=1\n',
      'content/bombe.png': png(50_000, 50_000),
      'content/bon.png': png(1200, 2600),
    });
    symlinkSync('/etc/passwd', join(dir, 'content', 'passwd.png'));
    mkdirSync(join(dir, 'content', 'dossier.png'));
    execFileSync('mkfifo', [join(dir, 'content', 'tube.png')]);
    expect(places(dir)).toEqual([
      ['flows/procedures/faire.yaml', 5, 30, 'picture-outside-project'],
      ['flows/procedures/faire.yaml', 6, 30, 'picture-not-a-file'],
      ['flows/procedures/faire.yaml', 7, 30, 'picture-not-a-file'],
      ['flows/procedures/faire.yaml', 8, 30, 'picture-format'],
      ['flows/procedures/faire.yaml', 9, 30, 'picture-too-large'],
    ]);
  });
});

describe('pictures by their content', () => {
  it('PNG, JPEG, WebP and SVG are known by their first bytes or their root element, whatever their name', () => {
    expect(pictureKind(png(1, 1))).toBe('png');
    expect(pictureKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('jpeg');
    expect(pictureKind(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))).toBe('webp');
    expect(pictureKind(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('svg');
    expect(pictureKind(Buffer.from('GIF89a'))).toBeUndefined();
    expect(pictureKind(Buffer.from('root:x:0:0:root:/root:/bin/bash\n'))).toBeUndefined();
  });

  it('a picture is published under a name made of its bytes, with the extension of what it is (a host serves it by that)', () => {
    const dir = writeProject({ 'images/dessin.png': '<svg xmlns="http://www.w3.org/2000/svg"/>', 'images/photo.jpeg': Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]), 'images/copie.png': '<svg xmlns="http://www.w3.org/2000/svg"/>' });
    expect(pictureName(join(dir, 'images', 'dessin.png'))).toMatch(/^[0-9a-f]{16}\.svg$/);
    expect(pictureName(join(dir, 'images', 'photo.jpeg'))).toMatch(/^[0-9a-f]{16}\.jpg$/);
    expect(pictureName(join(dir, 'images', 'copie.png'))).toBe(pictureName(join(dir, 'images', 'dessin.png')));
  });

  it('an SVG only draws: scripts, handlers, foreign HTML, outside references, entities and external styles are refused', () => {
    const svg = (inner: string, attributes = '') => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"${attributes}>${inner}</svg>`;
    const safe = svg('<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="1" height="1"/><use href="#g"/><image href="data:image/png;base64,iVBORw0KGgo="/><style>rect { fill: url(#g) }</style>');
    expect(svgProblem(safe)).toBeUndefined();
    const refused = {
      script: svg('<script>alert(1)</script>'),
      handler: svg('', ' onload="alert(1)"'),
      foreign: svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'),
      external: svg('<image xlink:href="https://example.org/pixel.png"/>'),
      file: svg('<image href="file:///etc/passwd"/>'),
      javascript: svg('<a href="javascript:alert(1)"><rect/></a>'),
      animation: svg('<a><set attributeName="href" to="javascript:alert(1)"/></a>'),
      style: svg('<style>@import url(https://example.org/x.css);</style>'),
      inlineStyle: svg('<rect style="fill: url(https://example.org/x.svg#p)"/>'),
      entity: `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>${svg('<text>&a;</text>')}`,
      stylesheet: `<?xml-stylesheet href="https://example.org/x.css"?>${svg('')}`,
      prefixed: '<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></s:svg>',
    };
    for (const [name, text] of Object.entries(refused)) expect(svgProblem(text)?.unsafe, name).toBeDefined();
    expect(svgProblem(svg('<g>'))?.malformed).toBeDefined();
  });
});

describe('MDX pages are content', () => {
  const refs = { flows: ['activation'], procedures: ['activation-carte'], failed: { flow: new Set<string>(), procedure: new Set<string>() }, projectRoot: '/projet' };
  const check = (body: string, frontmatter = 'title: Aide\n') => checkPage('content/aide.mdx', '/projet/content/aide.mdx', 'aide', `---\n${frontmatter}---\n\n${body}`, refs).diagnostics.map((d) => [d.line, d.column, d.code]);

  it('the e-CPS pages pass, and the components they use are the documented ones', () => {
    const dir = join(ECPS, 'content');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.mdx'))) {
      const result = checkPage(`content/${file}`, join(dir, file), file.replace('.mdx', ''), readFileSync(join(dir, file), 'utf8'), { ...refs, flows: ['activation', 'reactivation', 'suppression'], procedures: ['activation-carte'], projectRoot: ECPS });
      expect(result.diagnostics, file).toEqual([]);
      expect(result.page?.title, file).toBeTruthy();
    }
    expect(Object.keys(PAGE_COMPONENTS)).toEqual(['Logigramme', 'Procedure', 'IdentifiantNational']);
  });

  it('refuses code, expressions, HTML and unknown components, each at its place', () => {
    expect(check("import fs from 'node:fs'\nexport const secret = fs.readFileSync('/etc/passwd', 'utf8')\n\nTexte.\n")).toEqual([[5, 1, 'page-code']]);
    expect(check('Texte {1 + 1}.\n')).toEqual([[5, 7, 'page-code']]);
    // Braces are refused before the page is even parsed, wherever they are.
    expect(check('<Procedure id={"activation-carte"} />\n')).toEqual([[5, 15, 'page-code']]);
    expect(check('<Logigramme {...props} />\n')).toEqual([[5, 13, 'page-code']]);
    expect(check('Un <b>gras</b>.\n\n<img src="x" onerror="alert(1)" />\n')).toEqual([[5, 4, 'raw-html'], [7, 1, 'raw-html']]);
    expect(check('<Logigrame parcours="activation" />\n')).toEqual([[5, 1, 'raw-html']]);
    expect(check('<Procedure id="inconnue" />\n')).toEqual([[5, 1, 'unknown-procedure']]);
  });

  it('braces are text in a code block or escaped, refused anywhere else (a code span included)', () => {
    expect(check('```\nconst x = { a: 1 };\n```\n\nUne accolade : \\{ ici \\}.\n')).toEqual([]);
    expect(check('Le code `{x}` ici.\n')).toEqual([[5, 10, 'page-code']]);
  });

  it('bounds nesting and length before parsing, and takes a horizontal rule for one', () => {
    expect(check(`${'> '.repeat(11)}x\n`)).toEqual([[5, 1, 'page-too-deep']]);
    expect(check(`${'- '.repeat(11)}x\n`)).toEqual([[5, 1, 'page-too-deep']]);
    expect(check(`${'* '.repeat(20)}\n\nTexte.\n`)).toEqual([]);
    expect(check(`${'Un texte assez long. '.repeat(1500)}\n`)).toEqual([[1, 1, 'text-too-long']]);
  });

  it('requires a title, knows its frontmatter fields, and refuses invisible characters', () => {
    expect(check('Texte.\n', 'description: x\n')).toEqual([[1, 1, 'schema-missing-field']]);
    expect(check('Texte.\n', 'title: Aide\nauteur: moi\n')).toEqual([[3, 1, 'schema-unknown-field']]);
    expect(check('Texte.\n', 'title: Aide\norder: premier\n')).toEqual([[3, 8, 'schema-type']]);
    expect(check('Appelez le 0 809 \u202e28 00 04.\n')).toEqual([[5, 18, 'control-character']]);
  });

  it('links and pictures follow the rules of the flows', () => {
    expect(check('[ici](javascript:alert(1)) et [là](http://example.org) et https://example.org/ok\n')).toEqual([[5, 1, 'forbidden-link'], [5, 31, 'forbidden-link']]);
    expect(check('![Écran](../../../etc/passwd)\n')).toEqual([[5, 1, 'picture-outside-project']]);
    expect(check('![](images/ecran.png)\n').map((d) => d[2])).toContain('schema-missing-field');
  });

  it('links to the site’s own pages from its root, and the journey or procedure they name must exist', () => {
    expect(check('Voir les [contacts](/contacts/), le [parcours](/parcours/activation/#etapes) et la [procédure](/procedures/activation-carte/).\n')).toEqual([]);
    expect(check('[a](/parcours/activaton/) et [b](/procedures/inconnue/)\n')).toEqual([[5, 1, 'unknown-flow'], [5, 30, 'unknown-procedure']]);
    const [typo] = checkPage('content/aide.mdx', '/projet/content/aide.mdx', 'aide', '---\ntitle: Aide\n---\n\n[a](/parcours/activaton/)\n', refs).diagnostics;
    expect(typo?.hint).toContain('«\u202f/parcours/activation/\u202f»');
    // Another site is written with https://; a path that climbs or holds a space is no page of the site.
    expect(check('[a](//ailleurs.example/) et [b](/../etc/) et [c](</a b/>)\n')).toEqual([[5, 1, 'forbidden-link'], [5, 29, 'invalid-url'], [5, 46, 'invalid-url']]);
  });

  it('a page with a problem is never handed to the site; a page without is, with its pictures', () => {
    const dir = writeProject({
      'flows/f.yaml': FLOW,
      'flows/procedures/faire.yaml': 'title: Faire\nsteps: [{ text: Faire. }]\n',
      'content/bonne.mdx': '---\ntitle: Bonne\n---\n\n![Écran](images/ecran.png)\n',
      'content/images/ecran.png': png(10, 10),
      'content/mauvaise.mdx': "---\ntitle: Mauvaise\n---\n\nimport x from './x.js'\n",
    });
    writeFileSync(join(dir, 'content', 'x.js'), "throw new Error('exécuté')\n");
    const { project, diagnostics } = load(dir);
    expect(diagnostics.map((d) => [d.file, d.code])).toEqual([['content/mauvaise.mdx', 'page-code']]);
    expect([...project.pages.keys()]).toEqual(['bonne']);
    expect(project.pages.get('bonne')!.pictures).toEqual([join(dir, 'content', 'images', 'ecran.png')]);
  });

  it('a dangling link in content/ is said in French at its place, a page linked from outside is refused', () => {
    const dir = writeProject({ 'flows/f.yaml': FLOW, 'flows/procedures/faire.yaml': withPicture('../../content/images/ecran.png').replace('    pictures:\n      - { view: mobile, src: "../../content/images/ecran.png", alt: Écran }\n', '') });
    mkdirSync(join(dir, 'content', 'images'), { recursive: true });
    symlinkSync('nulle-part.png', join(dir, 'content', 'images', 'vieux.png'));
    symlinkSync('/etc/passwd', join(dir, 'content', 'passwd.mdx'));
    expect(load(dir).diagnostics.map((d) => [d.file, d.line, d.column, d.code, d.severity])).toEqual([
      ['content/images/vieux.png', 1, 1, 'file-unreadable', 'warning'],
      ['content/passwd.mdx', 1, 1, 'file-outside-project', 'error'],
    ]);
  });
});
