/**
 * The pure parts of the printed sheets: addresses on paper, what stays on one line, the
 * wordmark, the page boxes' CSS, the order of the journeys and the recueils, the links a sheet
 * prints, the steps that lack pictures, and the content-stream rewriting that marks artifacts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addressPieces,
  contrast,
  cssString,
  journeyOrder,
  keepTogether,
  loadFlows,
  pageBoxesCss,
  paperLinks,
  recueilsOf,
  sheetsInJourneyOrder,
  sheetsOf,
  shortAddress,
  stepsWithoutPictures,
  textOn,
  wordmarkSvg,
} from '../../src/core/index.ts';
import { contentOps, markArtifactsIn, unmarkedRanges } from '../../src/render/pdf-tags.ts';
import { ECPS } from '../helpers/cli.ts';
import { writeProject } from '../helpers/project.ts';

const { project } = loadFlows(join(ECPS, 'flows'));
const sheets = sheetsOf(project);

describe('addresses on paper', () => {
  it('drop the scheme and a trailing slash, and decode escapes', () => {
    expect(shortAddress('https://tutos.iess.fr/')).toBe('tutos.iess.fr');
    expect(shortAddress('https://www.youtube.com/watch?v=LdCD9dCDWzM')).toBe('www.youtube.com/watch?v=LdCD9dCDWzM');
    expect(shortAddress('https://esante.gouv.fr/Jactive-ma-e-CPS-avec-mes-coordonn%C3%A9es-de-correspondance')).toBe('esante.gouv.fr/Jactive-ma-e-CPS-avec-mes-coordonnées-de-correspondance');
    expect(shortAddress('mailto:monserviceclient.e-cps@asipsante.fr')).toBe('monserviceclient.e-cps@asipsante.fr');
    expect(shortAddress('https://a.fr/%E0%A4%A')).toBe('a.fr/%E0%A4%A');
  });

  it('break only after « / » and « . », never at a hyphen', () => {
    const address = 'esante.gouv.fr/securite/e-cps/mise-jour-des-coordonnees-de-correspondance';
    const pieces = addressPieces(address);
    expect(pieces.join('')).toBe(address);
    expect(pieces).toEqual(['esante.', 'gouv.', 'fr/', 'securite/', 'e-cps/', 'mise-jour-des-coordonnees-de-correspondance']);
    for (const piece of pieces.slice(0, -1)) expect(piece).toMatch(/[/.]$/);
  });
});

describe('text kept on one line', () => {
  const kept = (text: string) => keepTogether(text).filter((s) => s.keep).map((s) => s.text);
  it('amounts, French phone numbers and e-CPS', () => {
    expect(kept('0,06 €/min + prix appel')).toEqual(['0,06 €/min']);
    expect(kept('Appelez le 0 825 85 2000 ou le +33 8 09 40 00 82.')).toEqual(['0 825 85 2000', '+33 8 09 40 00 82']);
    expect(kept('Ouvrez l’appli e-CPS puis votre e-CPS est activée.')).toEqual(['e-CPS', 'e-CPS']);
    expect(kept('Saisissez les 4 chiffres de 2024.')).toEqual([]);
  });
  it('keeps a no-break space and the sign after it with the kept text', () => {
    expect(kept('Supprimer votre e-CPS\u202f? Oui.')).toEqual(['e-CPS\u202f?']);
    expect(keepTogether('Votre e-CPS\u00a0: active').map((s) => s.text)).toEqual(['Votre ', 'e-CPS\u00a0:', ' active']);
  });
  it('gives the text back whole', () => {
    const text = 'Le 0 809 40 00 82 (appel gratuit), 0,06 € la minute, pour la e-CPS.';
    expect(keepTogether(text).map((s) => s.text).join('')).toBe(text);
  });
});

describe('brand marks and page boxes', () => {
  it('a wordmark is the brand’s name set on its colour, escaped', () => {
    const svg = wordmarkSvg('Portail de santé PACA', '#0b6e4f');
    expect(svg).toContain('role="img" aria-label="Portail de santé PACA"');
    expect(svg).toContain('>PORTAIL DE SANTÉ</text>');
    expect(svg).toContain('>PACA</text>');
    expect(svg).toContain('fill="#0b6e4f"');
    const hostile = wordmarkSvg('<script>alert(1)</script> & "co"', '#ffee00');
    expect(hostile).not.toContain('<script>');
    expect(hostile).toContain('&lt;script&gt;');
    // Light brand colour: black text on it.
    expect(hostile).toContain('fill="#000000"');
  });

  it('text on a brand colour is white or black, whichever reads', () => {
    expect(textOn('#0b6e4f')).toBe('#ffffff');
    expect(textOn('#ffee00')).toBe('#000000');
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });

  it('the page boxes hold YAML text only as CSS strings', () => {
    expect(cssString('a"b\\c</style>\nd')).toBe('"a\\"b\\\\c\\3C /style\\3E  d"');
    const css = pageBoxesCss({ page: 'fiche-1', band: { kicker: 'Fiche pratique', name: 'Évil"} body{color:red', wiki: 'tutos.iess.fr' }, accent: '#0b6e4f', filled: true, footer: 'Version 1' });
    expect(css).toContain('@page fiche-1 {');
    expect(css).toContain('content: "FICHE PRATIQUE · Évil\\"} body{color:red"');
    expect(css).toContain('counter(page) " / " counter(pages)');
    // Outside its strings, the CSS is only the rules written here: one @page with four boxes.
    const rules = css.replace(/"(?:\\.|[^"\\])*"/g, '""');
    expect(rules.match(/\{/g)).toHaveLength(5);
    expect(rules.match(/\}/g)).toHaveLength(5);
    expect(rules).not.toContain('color:red');
  });
});

describe('order of the journeys and recueils', () => {
  it('procedures come in the order of the flows (activation, suppression, réactivation), each flow walked from its start, first answers first', () => {
    expect(journeyOrder(project)).toEqual([
      'activation-carte',
      'activation-coordonnees',
      'mise-a-jour-coordonnees',
      'suppression-telephone',
      'suppression-ordinateur',
      'suppression-mot-de-passe-oublie',
      'reactivation-carte',
      'reactivation-coordonnees',
      'recherche-rpps',
      'activation-carte-paca',
    ]);
  });

  it('a brand’s variant comes right after its national sheet', () => {
    const names = sheetsInJourneyOrder(project, sheets).map((s) => s.name);
    expect(names.slice(0, 3)).toEqual(['activation-carte', 'paca-activation-carte', 'activation-coordonnees']);
    expect(names).toHaveLength(sheets.length);
  });

  it('one recueil with every sheet, and one per brand with its sheets in place of the national ones', () => {
    const recueils = recueilsOf(project, sheets);
    expect(recueils.map((r) => r.name)).toEqual(['recueil', 'recueil-paca']);
    expect(recueils[0]!.sheets).toHaveLength(sheets.length);
    const paca = recueils[1]!.sheets.map((s) => s.name);
    expect(paca[0]).toBe('paca-activation-carte');
    expect(paca).not.toContain('activation-carte');
    expect(paca).toContain('activation-coordonnees');
    expect(paca).toHaveLength(sheets.length - 1);
  });
});

describe('links on paper', () => {
  it('a labelled link prints its address; an address the sheet already shows is not printed again', () => {
    const byName = new Map(sheets.map((s) => [s.name, s]));
    expect(paperLinks(byName.get('activation-carte')!).map((l) => l.address)).toEqual(['www.youtube.com/watch?v=LdCD9dCDWzM', 'esante.gouv.fr/Jactive-ma-e-CPS-avec-ma-carte']);
    // The wiki is in the running band, the portal in step 1.
    expect(paperLinks(byName.get('paca-activation-carte')!)).toEqual([]);
    // The update page is a bare address in a step already.
    expect(paperLinks(byName.get('activation-coordonnees')!).map((l) => l.address)).toEqual(['www.youtube.com/watch?v=LdCD9dCDWzM', 'esante.gouv.fr/Jactive-ma-e-CPS-avec-mes-coordonnées-de-correspondance']);
  });
});

describe('steps without pictures', () => {
  it('lists each step with the views it lacks, for the agency to photograph', () => {
    const dir = writeProject({
      'flows/parcours.yaml': 'title: Essai\nstart: p\nnodes:\n  p: { procedure: essai, next: ok }\n  ok: { success: Fini }\n',
      'flows/procedures/essai.yaml': [
        'title: Essai',
        'steps:',
        '  - { where: telephone, text: Un, pictures: [{ view: mobile, src: ../../m.png, alt: Écran un }] }',
        '  - { where: telephone-et-ordinateur, text: Deux, pictures: [{ view: mobile, src: ../../m.png, alt: Écran deux }] }',
        '  - { where: ordinateur, text: Trois }',
        '  - { text: Quatre }',
      ].join('\n'),
      'm.png': Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1e02cd40000000049454e44ae426082', 'hex'),
    });
    const loaded = loadFlows(join(dir, 'flows'));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(stepsWithoutPictures(loaded.project).map((m) => [m.step.number, m.missing])).toEqual([
      [2, ['ordinateur']],
      [3, ['ordinateur']],
      [4, ['mobile', 'ordinateur']],
    ]);
  });
});

describe('artifacts in content streams', () => {
  const stream = (s: string) => Buffer.from(s, 'latin1');
  const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

  it('reads operators with their operands, strings and dictionaries included', () => {
    const ops = contentOps(stream('/P <</MCID 0 >>BDC BT /F1 12 Tf (a\\) (b) c) Tj [<0041> -20 (x)] TJ ET EMC'))!;
    expect(ops.map((o) => o.name)).toEqual(['BDC', 'BT', 'Tf', 'Tj', 'TJ', 'ET', 'EMC']);
    expect(contentOps(stream('BI /W 1 ID x EI'))).toBeUndefined();
  });

  it('reads every form of number as an operand, and a word that only starts like one as an operator', () => {
    const source = '1 -2 +.5 5. -0.25 3 cm 0 0 m .5 -7 l S -x';
    const ops = contentOps(stream(source))!;
    expect(ops.map((o) => [o.name, text(stream(source).subarray(o.start, o.end))])).toEqual([
      ['cm', '1 -2 +.5 5. -0.25 3 cm'],
      ['m', '0 0 m'],
      ['l', '.5 -7 l'],
      ['S', 'S'],
      ['-x', '-x'],
    ]);
    // Two points, or a lone sign, are no number.
    expect(contentOps(stream('1.2.3 - w'))!.map((o) => o.name)).toEqual(['1.2.3', '-', 'w']);
  });

  it('wraps what is drawn outside marked content, path by path and text by text, and leaves tagged content alone', () => {
    const source = 'q 0 0 1 rg 0 0 10 10 re f Q /P <</MCID 0 >>BDC BT (tagged) Tj ET EMC BT /F1 8 Tf (footer) Tj 5 0 Td (page) Tj ET 0 0 5 5 re W n 1 1 m 2 2 l S';
    const out = text(markArtifactsIn(stream(source)));
    expect(out).toBe(
      'q 0 0 1 rg /Artifact BMC\n0 0 10 10 re f\nEMC\n Q /P <</MCID 0 >>BDC BT (tagged) Tj ET EMC BT /F1 8 Tf /Artifact BMC\n(footer) Tj 5 0 Td (page) Tj\nEMC\n ET 0 0 5 5 re W n /Artifact BMC\n1 1 m 2 2 l S\nEMC\n',
    );
    // Nothing left outside marked content.
    expect(unmarkedRanges(contentOps(stream(out))!)).toEqual([]);
  });

  it('drops the ActualText wrapper of a no-break space, keeping its glyph', () => {
    const out = text(markArtifactsIn(stream('/P <</MCID 0 >>BDC BT <0041> Tj /Span<</ActualText <feff00a0> >> BDC <0003> Tj EMC <0042> Tj ET EMC')));
    expect(out).toBe('/P <</MCID 0 >>BDC BT <0041> Tj  <0003> Tj  <0042> Tj ET EMC');
  });
});
