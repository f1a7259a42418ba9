/* formseal designer — clicks made before htmx has wired up the page count.
 * The page can be read and clicked before its deferred scripts have run (a slow
 * connection, a busy machine): a click on a block of the canvas or on the palette then
 * asked for nothing, and a form sent by htmx was posted by the browser instead. Loaded
 * before them, not deferred: until htmx has processed the page (its htmx:load on the
 * body), such clicks, form submissions and changes wait here, and are made again, in
 * order and once each, as soon as it has.
 */
(function () {
  "use strict";

  var HX = "[hx-get],[hx-post],[hx-put],[hx-patch],[hx-delete]";
  var ready = false;
  var waiting = [];  // {elt, redo}: what to do again once htmx is ready

  function wait(elt, redo) {
    if (waiting.some(function (w) { return w.elt === elt; })) { return; }  // clicked twice
    waiting.push({ elt: elt, redo: redo });
    document.documentElement.classList.add("is-waiting-for-scripts");
  }

  // A button that only scripts give a meaning to (type="button"), or anything htmx sends
  // on a click. Links, boxes and a form's own buttons keep what the browser does with them
  // (a form htmx sends is held below).
  document.addEventListener("click", function (event) {
    if (ready || !event.target.closest) { return; }
    var control = event.target.closest("a[href], button, input, select, textarea, label, summary");
    var elt = event.target.closest(HX);
    if (control) {
      var scripted = control.matches(HX) || (control.tagName === "BUTTON" && control.type === "button");
      if (!scripted || control.disabled) { return; }
      elt = control;
    } else if (!elt || elt.tagName === "FORM" || !/click|^$/.test(elt.getAttribute("hx-trigger") || "")) {
      return;
    }
    event.preventDefault();  // a link htmx sends is not followed by the browser meanwhile
    wait(elt, function () { elt.click(); });
  }, true);

  // No htmx at all (its script could not be fetched): the browser does what it can.
  window.addEventListener("load", function () {
    if (window.htmx) { return; }
    ready = true;
    waiting = [];
    document.documentElement.classList.remove("is-waiting-for-scripts");
  });

  // A form htmx sends (no action of its own): the browser would send it to this page's
  // address. It is sent by htmx instead, with the button that sent it.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (ready || !form.matches || !form.matches(HX)) { return; }
    event.preventDefault();
    var submitter = event.submitter;
    wait(form, function () {
      if (submitter && form.contains(submitter)) { submitter.click(); } else if (form.requestSubmit) { form.requestSubmit(); }
    });
  }, true);

  // A box changed inside a form htmx saves (a property typed in): told again, so it is sent.
  function changed(event) {
    var box = event.target;
    if (ready || !box.closest || !box.closest("form" + HX.replace(/,/g, ",form"))) { return; }
    wait(box, function () { box.dispatchEvent(new Event("change", { bubbles: true })); });
  }
  document.addEventListener("input", changed, true);
  document.addEventListener("change", changed, true);

  document.addEventListener("htmx:load", function (event) {
    if (ready || event.target !== document.body) { return; }
    ready = true;
    document.documentElement.classList.remove("is-waiting-for-scripts");
    var todo = waiting;
    waiting = [];
    todo.forEach(function (w) {
      if (document.documentElement.contains(w.elt)) { w.redo(); }
    });
  });
})();
