// The national-identifier helper (see src/site/components/IdentifierHelper.astro): the same
// checks as src/core/identifiers.ts (RPPS: 11 digits, Luhn key; ADELI: 9 digits), with the
// messages the page carries in data-msg-* attributes. Nothing typed leaves the page.
(function () {
  'use strict';
  if (window.parcoursIdentifiant) return; // Loaded once, however many helpers the page has.
  window.parcoursIdentifiant = true;

  function luhnValid(digits) {
    if (!/^\d+$/.test(digits)) return false;
    var sum = 0;
    for (var i = 0; i < digits.length; i++) {
      var d = digits.charCodeAt(digits.length - 1 - i) - 48;
      if (i % 2 === 1) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    return sum % 10 === 0;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function check(input, helper) {
    var number = input.replace(/[\s.\-\u00a0\u202f]/g, '');
    var message = function (key, values) {
      return fill(helper.getAttribute('data-msg-' + key) || '', values || {});
    };
    var values = { n: number.length, number: number };
    if (number === '') return { ok: false, problem: 'empty', message: message('empty', values) };
    if (!/^\d+$/.test(number)) return { ok: false, problem: 'not-digits', message: message('not-digits', values) };
    if (number.length === 11) {
      if (number === helper.getAttribute('data-example-rpps')) return { ok: false, problem: 'example', message: message('example', values) };
      if (!luhnValid(number)) return { ok: false, problem: 'key', message: message('key', values) };
      return { ok: true, national: '8' + number, message: message('rpps', { national: '8' + number }) };
    }
    if (number.length === 9) return { ok: true, national: '0' + number, message: message('adeli', { national: '0' + number }) };
    return { ok: false, problem: 'length', digits: number.length, message: message('length', values) };
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return Promise.reject(new Error('no clipboard'));
  }

  function setUp(helper) {
    var form = helper.querySelector('.id-helper-form');
    var input = form.querySelector('input');
    var messageEl = form.querySelector('.id-helper-message');
    var result = form.querySelector('.id-helper-result');
    var output = form.querySelector('output');
    var button = form.querySelector('.id-helper-copy');
    var copied = form.querySelector('.id-helper-copied');
    var pause = null;
    var update = function (event) {
      var typed = input.value;
      var checked = check(typed, helper);
      // Nothing typed yet: no message, no red; a number still being typed is not "too short"
      // until the reader leaves the field. Nine digits are a whole ADELI number or the first
      // nine of an RPPS one: said when the reader stops typing or leaves the field, never as
      // a success midway through an RPPS.
      var ninth = checked.ok && checked.national.length === 10;
      var typing = event && event.type === 'input' && ((checked.problem === 'length' && checked.digits < 11) || ninth);
      window.clearTimeout(pause);
      if (typing && ninth) pause = window.setTimeout(function () { update({ type: 'pause' }); }, 1500);
      var quiet = checked.problem === 'empty' || typing;
      var ok = checked.ok && !typing;
      messageEl.textContent = quiet ? '' : checked.message;
      messageEl.className = 'id-helper-message' + (quiet ? '' : ok ? ' is-ok' : ' is-error');
      input.setAttribute('aria-invalid', String(!quiet && !checked.ok));
      result.hidden = !ok;
      output.textContent = ok ? checked.national : '';
      copied.textContent = '';
    };
    input.addEventListener('input', update);
    input.addEventListener('change', update);
    button.addEventListener('click', function () {
      var text = output.textContent;
      copy(text).then(
        function () {
          copied.textContent = 'Identifiant copié.';
        },
        function () {
          // No clipboard (an old browser, a page not served over https): select it to copy by hand.
          var range = document.createRange();
          range.selectNodeContents(output);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          copied.textContent = 'Identifiant sélectionné\u00a0: appuyez sur Ctrl+C pour le copier.';
        },
      );
    });
    form.hidden = false;
    update();
  }

  function start() {
    var helpers = document.querySelectorAll('[data-id-helper]');
    for (var i = 0; i < helpers.length; i++) setUp(helpers[i]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
