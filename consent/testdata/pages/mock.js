// A stand-in for a consent platform's script, for the fixtures under
// platforms/: the page's <script id="mock"> names the banner and its accept
// and reject buttons (data-banner, data-accept, data-reject; data-host when
// they are in the open shadow root of that element). A click on one sets
// window.choice, hides the banner, and after an accept loads the analytics
// tag.
(function () {
  var cfg = document.getElementById('mock').dataset;
  window.choice = '';
  function root() {
    return cfg.host ? document.querySelector(cfg.host).shadowRoot : document;
  }
  document.addEventListener('click', function (e) {
    var path = e.composedPath();
    for (var i = 0; i < path.length; i++) {
      var el = path[i];
      if (!el.matches) continue;
      var what = el.matches(cfg.accept) ? 'accept' : el.matches(cfg.reject) ? 'reject' : '';
      if (!what) continue;
      e.preventDefault();
      window.choice = what;
      root().querySelector(cfg.banner).style.display = 'none';
      if (what === 'accept') {
        var s = document.createElement('script');
        s.src = '/analytics.js';
        document.head.appendChild(s);
      }
      return;
    }
  }, true);
})();
