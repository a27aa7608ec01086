/**
 * An Astro integration that applies French spacing to the visible text of every built page,
 * whatever wrote it (templates, MDX, the model): one rule, applied once, at the end.
 * Text inside <script>, <style>, <svg>, <code>, <pre> and <textarea> is left alone, and so
 * are attribute values.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { frenchSpacing, keepWordsWhole } from '../core/typography.ts';

const RAW = new Set(['script', 'style', 'svg', 'code', 'pre', 'textarea']);
// Text that cannot hold markup: French spacing only, no <span> to keep words whole.
const PLAIN = new Set(['title', 'option']);

/** French spacing on the text between tags of an HTML document. */
export function typesetHtml(html: string): string {
  const parts = html.split(/(<[^>]*>)/);
  const open: string[] = [];
  let plain = false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.startsWith('<')) {
      const tag = /^<(\/?)([a-zA-Z0-9-]+)/.exec(part);
      if (tag && RAW.has(tag[2]!.toLowerCase()) && !part.endsWith('/>')) {
        if (tag[1]) open.pop();
        else open.push(tag[2]!.toLowerCase());
      }
      if (tag && PLAIN.has(tag[2]!.toLowerCase())) plain = !tag[1];
    } else if (open.length === 0 && part.trim()) {
      // Already kept whole (a page typeset twice): leave it.
      const kept = parts[i - 1] === '<span class="nowrap">';
      parts[i] = plain || kept ? frenchSpacing(part) : keepWordsWhole(frenchSpacing(part));
    }
  }
  return parts.join('');
}

export default function frenchTypography(): AstroIntegration {
  return {
    name: 'parcours-french-typography',
    hooks: {
      'astro:build:done': ({ dir }) => {
        const root = fileURLToPath(dir);
        for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
          if (!file.endsWith('.html')) continue;
          const path = join(root, file);
          writeFileSync(path, typesetHtml(readFileSync(path, 'utf8')));
        }
      },
    },
  };
}
