// The help without network: registers the site's service worker (sw.js, written by the build:
// a copy of every page kept on this device), and says discreetly when the reader is offline.
// The site's base path comes from the page (<html data-base>), so it works under any path.
(function () {
  'use strict';
  var base = document.documentElement.getAttribute('data-base') || '/';
  if ('serviceWorker' in navigator && (location.protocol === 'https:' || location.hostname === 'localhost' || location.hostname === '127.0.0.1')) {
    navigator.serviceWorker.register(base + 'sw.js', { scope: base }).catch(function () {
      /* No worker (npm run dev, a host that refuses it): the site works online as before. */
    });
  }
  function show() {
    var notice = document.getElementById('hors-ligne');
    if (notice) notice.hidden = navigator.onLine !== false;
  }
  window.addEventListener('online', show);
  window.addEventListener('offline', show);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
  else show();
})();
