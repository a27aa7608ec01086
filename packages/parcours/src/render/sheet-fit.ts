/**
 * Fitting sheets to their pages, measured in the print page itself before printing. Each
 * `.sheet-doc` is laid out as CSS columns one page high and one page wide: Chromium breaks
 * columns with the same fragmentation rules as pages (break-inside: avoid on steps, headings
 * kept with what follows), so each column is a page, and where every step lands is known.
 *
 * With that: a sheet a little too long for one page is tightened (fit level 1, then 2 with the
 * body text at the 9 pt floor) when that makes it one page; a last page that would hold only a
 * trailing box gets the last steps with it; a sheet longer than two pages is reported with the
 * step where page 2 ends and how much lies beyond.
 *
 * The functions below run IN the page (puppeteer serialises them): no imports, no closures.
 */

export interface SheetLayout {
  /** The sheet's name (`data-sheet`). */
  name: string;
  /** Pages, as measured. */
  pages: number;
  /** 0 as designed; 1 tighter spacing; 2 tighter spacing and 9 pt body text. */
  level: number;
  /** The step before which a page break was forced so that the last page is not nearly empty. */
  breakBefore?: number;
  /** How far down its page the last page's content reaches (0 to 1). */
  lastPageFill: number;
  /** The sheet's height as designed (level 0) in pages, without page breaks: 1.1 is 10 % too long for one page. */
  naturalPages: number;
  /** More than two pages: the last step that ends on page 2. */
  page2End?: { step: number; label: string };
  /** More than two pages: the height of what lies beyond page 2, in millimetres. */
  overflowMm?: number;
}

export interface FitOptions {
  /** The page's content box, in CSS pixels. */
  width: number;
  height: number;
  /** The least a last page should hold (a fraction of its height). */
  minLastFill: number;
  /** Sheets already fitted (printed alone): applied as they are, not measured again (a recueil). */
  given?: Record<string, SheetLayout>;
}

/** Fits every `.sheet-doc` of the page (runs in the page). */
export function fitSheetsInPage(options: FitOptions): SheetLayout[] {
  const { width, height, minLastFill } = options;
  const PX_PER_MM = 96 / 25.4;
  const layouts: SheetLayout[] = [];
  for (const doc of Array.from(document.querySelectorAll<HTMLElement>('.sheet-doc'))) {
    const steps = Array.from(doc.querySelectorAll<HTMLElement>('.steps > .step'));
    // Where a forced break goes for a step: before it, or before the heading that opens the list.
    const breakTarget = (i: number): HTMLElement => {
      const list = steps[i]!.parentElement!;
      return i === 0 && list.previousElementSibling instanceof HTMLElement && /^H[1-6]$/.test(list.previousElementSibling.tagName) ? list.previousElementSibling : steps[i]!;
    };
    const setLevel = (level: number) => {
      doc.classList.remove('fit-1', 'fit-2');
      if (level) doc.classList.add(`fit-${level}`);
    };
    const measure = () => {
      const style = doc.getAttribute('style') ?? '';
      doc.classList.add('measuring');
      doc.setAttribute('style', `${style};column-width:${width}px;column-gap:0;column-fill:auto;width:${width}px;height:${height}px;margin:0;padding:0`);
      const box = doc.getBoundingClientRect();
      const pageOf = (x: number) => Math.max(0, Math.floor((x - box.left + 1) / width));
      const bottoms: number[] = [];
      for (const el of Array.from(doc.querySelectorAll('*'))) {
        for (const r of Array.from(el.getClientRects())) {
          if (r.width === 0 && r.height === 0) continue;
          const p = pageOf(r.left);
          bottoms[p] = Math.max(bottoms[p] ?? 0, r.bottom - box.top);
        }
      }
      const stepPages = steps.map((s) => {
        const rects = Array.from(s.getClientRects());
        return { first: pageOf(rects[0]?.left ?? box.left), last: pageOf(rects[rects.length - 1]?.left ?? box.left) };
      });
      doc.setAttribute('style', style);
      doc.classList.remove('measuring');
      const pages = Math.max(1, bottoms.length);
      return { pages, bottoms, stepPages, lastFill: (bottoms[pages - 1] ?? 0) / height };
    };

    setLevel(0);
    doc.querySelectorAll('.break-here').forEach((e) => e.classList.remove('break-here'));
    const given = options.given?.[doc.dataset.sheet ?? ''];
    if (given) {
      setLevel(given.level);
      if (given.breakBefore !== undefined && steps[given.breakBefore - 1]) breakTarget(given.breakBefore - 1).classList.add('break-here');
      layouts.push(given);
      continue;
    }
    const naturalPages = doc.getBoundingClientRect().height / height;
    let m = measure();
    let level = 0;
    if (m.pages > 1) {
      for (const l of [1, 2]) {
        setLevel(l);
        const tight = measure();
        if (tight.pages === 1) {
          m = tight;
          level = l;
          break;
        }
      }
      if (level === 0) setLevel(0);
    }
    // A nearly empty last page: force the break earlier, before the latest step that leaves
    // the last page at least `minLastFill` full without adding a page.
    let breakBefore: number | undefined;
    if (m.pages > 1 && m.lastFill < minLastFill) {
      const before = m.pages - 2;
      let best = { m, i: -1 };
      for (let i = steps.length - 1; i >= 0; i--) {
        if (m.stepPages[i]!.first !== before) continue;
        const target = breakTarget(i);
        target.classList.add('break-here');
        const tried = measure();
        target.classList.remove('break-here');
        if (tried.pages !== m.pages) break;
        if (tried.lastFill > best.m.lastFill) best = { m: tried, i };
        if (tried.lastFill >= minLastFill) break;
      }
      if (best.i >= 0) {
        breakTarget(best.i).classList.add('break-here');
        m = best.m;
        breakBefore = best.i + 1;
      }
    }
    const layout: SheetLayout = { name: doc.dataset.sheet ?? '', pages: m.pages, level, lastPageFill: Math.round(m.lastFill * 1000) / 1000, naturalPages: Math.round(naturalPages * 1000) / 1000 };
    if (breakBefore !== undefined) layout.breakBefore = breakBefore;
    if (m.pages > 2) {
      let last = -1;
      m.stepPages.forEach((p, i) => {
        if (p.last <= 1) last = i;
      });
      if (last >= 0) {
        const step = steps[last]!;
        const text = (step.querySelector('.step-title')?.textContent ?? step.querySelector('.step-text, .step-items li')?.textContent ?? '').replace(/[ \t\r\n]+/g, ' ').trim();
        layout.page2End = { step: last + 1, label: text.length > 70 ? `${text.slice(0, 69).replace(/\s+\S*$/, '')}…` : text };
      }
      layout.overflowMm = Math.round(m.bottoms.slice(2).reduce((sum, b) => sum + (b ?? 0), 0) / PX_PER_MM);
    }
    layouts.push(layout);
  }
  return layouts;
}

/** The pages an element takes when printed on its own from the top of a page (runs in the page). */
export function pagesOfInPage(options: { selector: string; width: number; height: number }): number {
  const el = document.querySelector<HTMLElement>(options.selector);
  if (!el) return 0;
  const style = el.getAttribute('style') ?? '';
  el.setAttribute('style', `${style};column-width:${options.width}px;column-gap:0;column-fill:auto;width:${options.width}px;height:${options.height}px;margin:0`);
  const box = el.getBoundingClientRect();
  let pages = 1;
  for (const child of Array.from(el.querySelectorAll('*'))) {
    for (const r of Array.from(child.getClientRects())) if (r.width || r.height) pages = Math.max(pages, Math.floor((r.left - box.left + 1) / options.width) + 1);
  }
  el.setAttribute('style', style);
  return pages;
}

/** What the PDF needs from the page (runs in the page): link texts by address, heading texts in order. */
export function pageFactsInPage(): { links: [string, string][]; headings: string[] } {
  const clean = (text: string) => text.replace(/[ \t\r\n]+/g, ' ').trim();
  const links: [string, string][] = [];
  for (const a of Array.from(document.querySelectorAll<HTMLAnchorElement>('a[href]'))) {
    if (!a.getClientRects().length) continue;
    const text = clean(a.innerText || a.textContent || '');
    // A link inside the document (a recueil's contents) is a named destination in the PDF.
    const inside = a.hash && a.origin === location.origin && a.pathname === location.pathname;
    if (text) links.push([inside ? a.hash : a.href, text]);
  }
  const headings = Array.from(document.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6'))
    .filter((h) => h.getClientRects().length > 0)
    .map((h) => h.dataset.bookmark ?? clean(h.textContent ?? ''));
  return { links, headings };
}
