/* formseal designer — the boxes a refused change is about. A change the server refuses
 * (a key already used, a formula it cannot read) or the browser stops (a number below its
 * minimum) is also told beside the box the author changed, which is marked invalid
 * (aria-invalid, the message as its description) until a save succeeds: the save bar at
 * the top is far from the box, and out of sight once the pane scrolls.
 * designer-saving.js, loaded after this file, decides when: window.formsealInvalidBoxes.
 */
(function () {
  "use strict";

  // the box changed last in a panel: the one a refusal is told beside
  var changedBox = null;
  function remember(event) {
    var box = event.target;
    if (box && box.closest && box.closest("#editor form[hx-post]") && box.matches("input, textarea, select, [contenteditable=true]")) {
      changedBox = box;
    }
  }
  document.addEventListener("input", remember);
  document.addEventListener("change", remember);

  function clear(form) {
    if (!form || !form.querySelectorAll) { return; }
    var notes = [];
    form.querySelectorAll("[data-save-error]").forEach(function (note) { notes.push(note.id); note.remove(); });
    form.querySelectorAll("[aria-invalid][data-save-invalid]").forEach(function (box) {
      box.removeAttribute("aria-invalid");
      box.removeAttribute("data-save-invalid");
      var described = (box.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && notes.indexOf(id) < 0;
      });
      if (described.length) { box.setAttribute("aria-describedby", described.join(" ")); } else { box.removeAttribute("aria-describedby"); }
    });
  }

  // `box`: the box the browser's own check stopped, when it says which.
  function mark(form, message, named, box) {
    if (box) { changedBox = box; }
    // a box already refused and not fixed since is still the cause (the whole form is
    // posted again when another box changes), so the message stays with it
    // (the box its message stands beside: a message naming two boxes marks both)
    var said = form && form.querySelector ? form.querySelector("[data-save-error]") : null;
    var refused = said ? form.querySelector("#" + said.id.replace(/-save-error$/, "")) : null;
    clear(form);
    box = refused || (changedBox && form && form.contains(changedBox) ? changedBox : null);
    // the server may name the boxes the refusal is about (X-Invalid-Boxes: "Fewest files
    // is more than Most files"): the message goes beside the one changed, or the first,
    // not beside another box whose change merely sent the whole form
    var others = [];
    if (named && named.length && form && form.querySelector) {
      var ids = named.filter(function (id) { return /^[A-Za-z][\w-]*$/.test(id); });
      var pick = box && ids.indexOf(box.id) >= 0 ? box : (ids.length ? form.querySelector("#" + ids[0]) : null);
      if (pick) { box = pick; }
      // every box named is wrong too ("Fewest files" and "Most files": either may be the
      // one to change), marked and described by the same message, said once
      others = ids.map(function (id) { return form.querySelector("#" + id); })
        .filter(function (other) { return other && other !== box; });
    }
    if (!box || !box.id || !message) { return; }
    var note = document.createElement("p");
    note.className = "field-error prop__error";
    note.id = box.id + "-save-error";
    note.setAttribute("data-save-error", "");
    note.textContent = message;
    box.parentNode.insertBefore(note, box);
    [box].concat(others).forEach(function (marked) {
      marked.setAttribute("aria-invalid", "true");
      marked.setAttribute("data-save-invalid", "");
      var described = marked.getAttribute("aria-describedby");
      marked.setAttribute("aria-describedby", (described ? described + " " : "") + note.id);
    });
  }

  // whether a box in `root` is still marked: its refused value is not saved
  function any(root) {
    return Boolean(root && root.querySelector("[data-save-invalid]"));
  }

  window.formsealInvalidBoxes = { mark: mark, clear: clear, any: any };
})();
