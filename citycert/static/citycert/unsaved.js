// A row whose change could not be saved at all (no connection, a server error) says so at the row, in the
// page's language (the text is on the items' section, data-unsaved), instead of nothing happening. A refused
// value (422) and a page out of date (409) come back as rows that say why themselves: base.html's htmx
// configuration swaps those. A static file: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  function sayUnsaved(event) {
    var form = event.detail && event.detail.elt;
    if (!form || !form.matches || !form.matches("form.item")) {
      return;
    }
    var section = form.closest("[data-unsaved]");
    var answer = form.querySelector(".item-answer");
    if (!section || !answer) {
      return;
    }
    var note = form.querySelector("p.unsaved");
    if (!note) {
      note = document.createElement("p");
      note.className = "error unsaved";
      note.setAttribute("role", "alert");
      answer.insertAdjacentElement("afterend", note);
    }
    note.textContent = section.dataset.unsaved;
    form.classList.add("invalid");
  }

  document.addEventListener("htmx:responseError", sayUnsaved);
  document.addEventListener("htmx:sendError", sayUnsaved);
})();
