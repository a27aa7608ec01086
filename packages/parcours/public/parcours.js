// "Vos réponses" and "Préparer mon appel" (src/site/components/ReaderAnswers.astro and
// CallSummary.astro). The answers a reader gives are kept in this tab's sessionStorage only:
// nothing is sent anywhere, and closing the tab forgets them. Without this script, or without
// storage, the blocks stay hidden and every page works as a plain link-to-link guide.
(function () {
  'use strict';
  if (window.parcoursReponses) return;
  window.parcoursReponses = true;

  var KEY = 'parcours:reponses';
  var NBSP = '\u00a0';
  var MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

  function readAll() {
    try {
      var all = JSON.parse(window.sessionStorage.getItem(KEY) || '{}');
      return all && typeof all === 'object' ? all : {};
    } catch (e) {
      return null; // Storage refused (private mode, policy): the blocks stay hidden.
    }
  }
  function load(flow) {
    var all = readAll();
    var list = all && all[flow];
    return Array.isArray(list) ? list.filter(valid) : [];
  }
  function save(flow, entries) {
    var all = readAll();
    if (!all) return;
    all[flow] = entries;
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify(all));
    } catch (e) {
      /* Full or refused: the guide works without it. */
    }
  }
  function valid(e) {
    return e && typeof e.node === 'string' && typeof e.to === 'string' && typeof e.page === 'string' && /^\/[^/]/.test(e.page) && typeof e.label === 'string';
  }

  /**
   * The answers that lead to this page: all of them when the last one points here; when the
   * reader came back to a question already answered (a "Modifier" link, the back button), those
   * before it; none on the first question; null when the stored answers lead elsewhere.
   */
  function leadingTo(entries, node, start) {
    var match = /^#reponse-(\d+)$/.exec(window.location.hash);
    if (match) {
      var k = Number(match[1]);
      if (entries[k] && entries[k].node === node) return entries.slice(0, k);
    }
    if (entries.length && entries[entries.length - 1].to === node) return entries;
    for (var i = entries.length - 1; i >= 0; i--) if (entries[i].node === node) return entries.slice(0, i);
    if (node === start) return [];
    return null;
  }

  // Words that must not break at their hyphen ("e-santé"): the same rule as the site's
  // typography step (src/core/typography.ts, unbreakableWords), for text written here.
  var HYPHENATED = /[A-Za-zÀ-ÖØ-öø-ÿ0-9]+(?:-[A-Za-zÀ-ÖØ-öø-ÿ0-9]+)+/g;
  function keepsWhole(word) {
    return word.split('-').some(function (part) {
      return part.length <= 2 || (part.length <= 5 && part === part.toUpperCase() && /[A-Z]/.test(part));
    });
  }
  function appendText(parent, text) {
    var last = 0;
    text.replace(HYPHENATED, function (word, offset) {
      if (!keepsWhole(word)) return word;
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var span = document.createElement('span');
      span.className = 'nowrap';
      span.textContent = word;
      parent.appendChild(span);
      last = offset + word.length;
      return word;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
    return parent;
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) appendText(node, text);
    return node;
  }

  function today() {
    var d = new Date();
    return (d.getDate() === 1 ? '1er' : String(d.getDate())) + ' ' + MONTHS[d.getMonth()] + ' ' + d.getFullYear();
  }

  function entryLine(entry) {
    return entry.kind === 'procedure' ? 'Procédure suivie' + NBSP + ': ' + entry.label : entry.question + ' ' + entry.label;
  }

  var block = document.getElementById('vos-reponses');
  var sheet = document.getElementById('preparer-mon-appel');
  if (!block) return;
  var flow = block.getAttribute('data-flow');
  var node = block.getAttribute('data-node');
  var start = block.getAttribute('data-start');
  var prefix = null;

  function render() {
    var entries = load(flow);
    prefix = leadingTo(entries, node, start);
    var shown = prefix || [];
    var list = block.querySelector('ol');
    list.textContent = '';
    shown.forEach(function (entry, i) {
      var item = el('li', entry.kind === 'procedure' ? 'reader-answer is-procedure' : 'reader-answer');
      if (entry.kind === 'procedure') {
        item.appendChild(el('span', 'reader-question', 'Procédure suivie' + NBSP + ':'));
        item.appendChild(document.createTextNode(' '));
        item.appendChild(el('strong', 'reader-label', entry.label));
      } else {
        item.appendChild(el('span', 'reader-question', entry.question));
        item.appendChild(document.createTextNode(' '));
        item.appendChild(el('strong', 'reader-label', entry.label));
      }
      item.appendChild(document.createTextNode(' '));
      var link = el('a', 'reader-change', entry.kind === 'procedure' ? 'Revoir' : 'Modifier');
      link.href = entry.page + '#reponse-' + i;
      link.appendChild(
        el('span', 'visually-hidden', entry.kind === 'procedure' ? ' la procédure «\u202f' + entry.label + '\u202f»' : ' la réponse à «\u202f' + entry.question + '\u202f»'),
      );
      item.appendChild(link);
      list.appendChild(item);
    });
    block.hidden = shown.length === 0;
    if (sheet) fillSheet(shown);
  }

  function fillSheet(shown) {
    sheet.querySelector('[data-fill="date"]').textContent = today();
    var list = sheet.querySelector('[data-fill="answers"]');
    list.textContent = '';
    shown.forEach(function (entry) {
      var item = el('li');
      if (entry.kind === 'procedure') {
        appendText(item, 'Procédure suivie' + NBSP + ': ');
      } else {
        appendText(item, entry.question + ' ');
      }
      item.appendChild(el('strong', '', entry.label));
      list.appendChild(item);
    });
    list.hidden = shown.length === 0;
    sheet.querySelector('[data-fill="no-answers"]').hidden = shown.length > 0;
    sheet.hidden = false;
  }

  function sheetText() {
    var clean = function (s) {
      return s.replace(/\s+/g, ' ').trim();
    };
    var lines = [clean(sheet.querySelector('.call-sheet-title').textContent) + ' — ' + today(), ''];
    sheet.querySelectorAll('[data-copy]').forEach(function (dd) {
      lines.push(dd.getAttribute('data-copy') + NBSP + ': ' + clean(dd.textContent));
    });
    lines.push('', 'Mes réponses' + NBSP + ':');
    var shown = prefix || [];
    if (shown.length === 0) lines.push(clean(sheet.querySelector('[data-fill="no-answers"]').textContent));
    shown.forEach(function (entry, i) {
      lines.push(i + 1 + '. ' + entryLine(entry));
    });
    lines.push('', 'Qui contacter' + NBSP + ':');
    sheet.querySelectorAll('[data-contact]').forEach(function (li) {
      lines.push('- ' + clean(li.textContent));
    });
    return lines.join('\n') + '\n';
  }

  function status(text) {
    var out = sheet.querySelector('.call-sheet-status');
    out.textContent = text;
  }

  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var link = target.closest('a[data-node][data-next]');
    if (link && link.getAttribute('data-flow') === flow) {
      var entry = {
        kind: link.hasAttribute('data-answer') ? 'answer' : 'procedure',
        node: link.getAttribute('data-node'),
        question: link.getAttribute('data-question') || '',
        label: link.getAttribute('data-answer') || link.getAttribute('data-procedure') || '',
        page: window.location.pathname,
        to: link.getAttribute('data-next'),
      };
      save(flow, (prefix || []).concat([entry]));
      return;
    }
    var action = target.closest('button[data-action]');
    if (!action) return;
    var what = action.getAttribute('data-action');
    if (what === 'effacer') {
      save(flow, []);
      render();
      if (sheet) status('');
    } else if (what === 'imprimer') {
      window.print();
    } else if (what === 'copier') {
      var text = sheetText();
      var done = function () {
        status('Résumé copié' + NBSP + ': collez-le dans un e-mail ou un document.');
      };
      var fallback = function () {
        // No clipboard here (an old browser, a page not served over https): select the summary.
        var range = document.createRange();
        range.selectNodeContents(sheet.querySelector('.call-sheet-body'));
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        status('Résumé sélectionné' + NBSP + ': appuyez sur Ctrl+C pour le copier.');
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
      else fallback();
    }
  });

  // Back and forward restore pages from memory without running scripts again: refresh then.
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) render();
  });
  window.parcoursResume = sheetText;

  if (readAll() === null) return;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render);
  else render();
})();
