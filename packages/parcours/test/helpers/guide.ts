/**
 * The editor's guide (docs/guide-redaction.md) as test material: its fenced blocks with their
 * attributes (```yaml fichier=flows/activation.yaml), and its example project written out.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { REPO, TOOLKIT } from './cli.ts';

export const GUIDE = readFileSync(join(REPO, 'docs', 'guide-redaction.md'), 'utf8');

export interface Block {
  language: string;
  attributes: Record<string, string>;
  text: string;
  line: number;
}

export const blocks: Block[] = [...GUIDE.matchAll(/^```(\S*)([^\n]*)\n([\s\S]*?)^```$/gm)].map((match) => ({
  language: match[1]!,
  attributes: Object.fromEntries([...match[2]!.matchAll(/(\w+)(?:=(\S+(?: \S+)*))?/g)].map((a) => [a[1]!, a[2] ?? ''])),
  text: match[3]!,
  line: GUIDE.slice(0, match.index).split('\n').length,
}));

/** The files of the guide's example project (```yaml fichier=…). */
export const files = blocks.filter((b) => b.language === 'yaml' && b.attributes.fichier);

/**
 * Writes the guide's example project into `dir`: its files, and a real PNG for each picture
 * they cite. Throws if a picture would land outside the project.
 */
export function writeGuideProject(dir: string): void {
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.attributes.fichier!)), { recursive: true });
    writeFileSync(join(dir, file.attributes.fichier!), file.text);
  }
  const png = join(TOOLKIT, 'test', 'fixtures', 'adversarial', 'images', 'ecran-mobile.png');
  for (const file of files) {
    const data = parse(file.text) as { steps?: { pictures?: { src: string }[] }[]; site?: { logo?: string } };
    // The steps' pictures, and the site's logo (parcours.yaml).
    const sources = [...(data.steps ?? []).flatMap((s) => s.pictures ?? []), ...(data.site?.logo ? [{ src: data.site.logo }] : [])];
    for (const picture of sources) {
      const target = resolve(dirname(join(dir, file.attributes.fichier!)), picture.src);
      if (relative(dir, target).startsWith('..')) throw new Error(`${picture.src} sort du projet`);
      mkdirSync(dirname(target), { recursive: true });
      cpSync(png, target);
    }
  }
}
