// "Logigramme en grand": opened without an anchor (a shared link, the address typed), the
// scrolled box shows where the journey starts, as the site's own link does with its anchor.
(function () {
  'use strict';
  function start() {
    var box = document.querySelector('.diagram-full[data-start]');
    if (!box || window.location.hash) return;
    var first = document.getElementById(box.getAttribute('data-start'));
    if (!first) return;
    var boxRect = box.getBoundingClientRect();
    var rect = first.getBoundingClientRect();
    box.scrollLeft += rect.left - boxRect.left - Math.max(0, (box.clientWidth - rect.width) / 2);
    box.scrollTop += rect.top - boxRect.top - Math.max(0, (box.clientHeight - rect.height) / 2);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
