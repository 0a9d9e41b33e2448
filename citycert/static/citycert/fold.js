// On a phone, the site's menu and an assessment's result panel start folded, so that what the page is about
// comes first. Both are <details> elements served open (without this script, or on a wide screen, everything
// shows). The result panel is replaced by htmx each time an answer is saved: the person's own choice to open
// or fold it is kept across those replacements. A static file: the Content-Security-Policy allows no inline
// script.
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 52rem)");
  var chosen = {};

  function fold(selector) {
    var details = document.querySelector(selector);
    if (!details) {
      return;
    }
    var wanted = selector in chosen ? chosen[selector] : !narrow.matches;
    if (details.open !== wanted) {
      details.open = wanted;
    }
    var summary = details.querySelector("summary");
    if (summary && !summary.dataset.folds) {
      summary.dataset.folds = "1";
      summary.addEventListener("click", function () {
        chosen[selector] = !details.open;
      });
    }
  }

  function foldAll() {
    fold("header.site details.menu");
    fold("#score-panel details.fold");
  }

  document.addEventListener("DOMContentLoaded", foldAll);
  document.addEventListener("htmx:afterSettle", foldAll);
  narrow.addEventListener("change", function () {
    chosen = {};
    foldAll();
  });
})();
