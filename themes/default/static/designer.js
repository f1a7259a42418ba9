/* formseal designer: behaviour shared by every designer page (no inline scripts: CSP).
 * - the save status ("Saving…" / "All changes saved" / "Not saved", "Not imported", …, with
 *   why on a line under the bar)
 * - the draft revision sent with every change, so two windows never overwrite each other
 * - focus on error summaries
 */
(function () {
  "use strict";

  var lastFailed = null;
  var autoRetried = false;  // a network error is retried once by itself (see htmx:sendError)

  function editor() { return document.getElementById("editor"); }

  // The bar keeps one short line ("Not saved", "Not imported"); why a change was refused
  // goes on a line of its own under the bar, where a long message wraps without pushing
  // the buttons about.
  function setStatus(state, text, detail) {
    var status = document.getElementById("save-status");
    var retry = document.getElementById("save-retry");
    var problem = document.getElementById("save-problem");
    if (!status) { return; }
    status.dataset.state = state;
    status.textContent = text;
    if (problem) {
      problem.textContent = detail || "";
      problem.hidden = !detail;
    }
    if (retry) {
      retry.hidden = state !== "failed" || !lastFailed;
      retry.textContent = "Retry";
      delete retry.dataset.reload;
    }
  }

  // Changed in another window: retrying would be refused again, so the button reloads.
  function offerReload() {
    var retry = document.getElementById("save-retry");
    if (!retry) { return; }
    retry.textContent = "Reload";
    retry.dataset.reload = "1";
    retry.hidden = false;
  }

  function isChange(detail) {
    var verb = (detail.requestConfig && detail.requestConfig.verb) || (detail.verb) || "get";
    return verb.toLowerCase() !== "get";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var root = editor();
    if (root && event.detail.verb !== "get" && root.dataset.revision) {
      event.detail.headers["X-Draft-Revision"] = root.dataset.revision;
    }
  });

  // "Saving…" from the moment a change is asked for (htmx:confirm, before it may wait in
  // the queue behind others) until no change is in flight and none starts after it.
  var inflight = new Set();

  document.addEventListener("htmx:confirm", function (event) {
    var elt = event.detail.elt;
    var asks = elt && elt.hasAttribute && elt.hasAttribute("hx-confirm");
    if (editor() && !asks && (event.detail.verb || "get").toLowerCase() !== "get") {
      setStatus("saving", "Saving…");
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt === typedIn) { typedIn = null; }
    if (editor() && isChange(event.detail)) {
      inflight.add(event.detail.xhr);
      setStatus("saving", "Saving…");
    }
  });

  // Typing shows "Saving…" at once, although the save waits until typing pauses.
  var typedIn = null;  // the form whose typing waits for that pause, not yet sent
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("#editor form[hx-post]");
    // choosing a file (Import .docx) changes nothing until its button is pressed
    if (form && event.target.type !== "file") { typedIn = form; setStatus("saving", "Saving…"); }
  });

  // A change the server refuses (a key already used, a formula it cannot read) is also
  // told beside the box the author changed, which is marked invalid until a save succeeds:
  // the status at the top is far from the box, and out of sight once the pane scrolls.
  var changedBox = null;
  function remember(event) {
    var box = event.target;
    if (box && box.closest && box.closest("#editor form[hx-post]") && box.matches("input, textarea, select, [contenteditable=true]")) {
      changedBox = box;
    }
  }
  document.addEventListener("input", remember);
  document.addEventListener("change", remember);

  function clearInvalid(form) {
    if (!form || !form.querySelectorAll) { return; }
    form.querySelectorAll("[data-save-error]").forEach(function (note) { note.remove(); });
    form.querySelectorAll("[aria-invalid][data-save-invalid]").forEach(function (box) {
      box.removeAttribute("aria-invalid");
      box.removeAttribute("data-save-invalid");
      var described = (box.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== box.id + "-save-error";
      });
      if (described.length) { box.setAttribute("aria-describedby", described.join(" ")); } else { box.removeAttribute("aria-describedby"); }
    });
  }

  function markInvalid(form, message, named) {
    // a box already refused and not fixed since is still the cause (the whole form is
    // posted again when another box changes), so the message stays with it
    var refused = form && form.querySelector ? form.querySelector("[data-save-invalid]") : null;
    clearInvalid(form);
    var box = refused || (changedBox && form && form.contains(changedBox) ? changedBox : null);
    // the server may name the boxes the refusal is about (X-Invalid-Boxes: "Fewest files
    // is more than Most files"): the message goes beside the one changed, or the first,
    // not beside another box whose change merely sent the whole form
    if (named && named.length && form && form.querySelector) {
      var ids = named.filter(function (id) { return /^[A-Za-z][\w-]*$/.test(id); });
      var pick = box && ids.indexOf(box.id) >= 0 ? box : (ids.length ? form.querySelector("#" + ids[0]) : null);
      if (pick) { box = pick; }
    }
    if (!box || !box.id || !message) { return; }
    var note = document.createElement("p");
    note.className = "field-error prop__error";
    note.id = box.id + "-save-error";
    note.setAttribute("data-save-error", "");
    note.textContent = message;
    box.parentNode.insertBefore(note, box);
    box.setAttribute("aria-invalid", "true");
    box.setAttribute("data-save-invalid", "");
    var described = box.getAttribute("aria-describedby");
    box.setAttribute("aria-describedby", (described ? described + " " : "") + note.id);
  }

  // Leaving during that pause (reloading, closing the window) would lose what was just
  // typed: the browser asks "Leave site?" first. Following a link is safe: leaving the box
  // fires its change event, which sends the change at once (unless it is refused, below).
  function unsent() {
    return typedIn && document.body.contains(typedIn) ? typedIn : null;
  }
  // A change refused (a key already used) or not sent (no connection) is not saved, and
  // neither is anything typed in its pane since (the pane is sent whole): following a
  // link then would lose it all without a word, so the browser asks first as well.
  function unsaved() {
    return unsent() || lastFailed || (editor() && editor().querySelector("[data-save-invalid]"));
  }
  window.addEventListener("beforeunload", function (event) {
    if (unsaved()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    if (!editor() || !isChange(event.detail) || !inflight.has(event.detail.xhr)) { return; }
    inflight.delete(event.detail.xhr);
    var xhr = event.detail.xhr;
    if (event.detail.successful) {
      clearInvalid(event.detail.elt);
      lastFailed = null;
      autoRetried = false;
      // A queued change starts right after this one ends, and htmx wires up swapped-in
      // controls only when the swap settles (defaultSettleDelay later): until both have
      // happened a change made now would be lost, so only then is everything saved.
      var settle = (window.htmx && window.htmx.config && window.htmx.config.defaultSettleDelay) || 20;
      window.setTimeout(function () {
        if (inflight.size === 0) { setStatus("saved", "All changes saved"); }
      }, settle + 10);
      return;
    }
    var config = event.detail.requestConfig || {};
    lastFailed = { verb: config.verb, path: config.path, elt: event.detail.elt, values: config.parameters };
    var message = "";
    if (xhr && xhr.status && xhr.status < 500 && xhr.getResponseHeader("Content-Type") &&
        xhr.getResponseHeader("Content-Type").indexOf("text/plain") === 0) {
      message = xhr.responseText.slice(0, 300);
    }
    var refused = notDone(config.path);
    if (xhr && xhr.status === 409) {
      lastFailed = null;
      setStatus("failed", refused, sentence(message || "This template changed in another window. Reload the page."));
      offerReload();
    } else if (xhr && xhr.status === 422 || xhr && xhr.status === 400) {
      lastFailed = null;
      setStatus("failed", refused, sentence(message || "Check the value you entered."));
      var named = xhr.getResponseHeader("X-Invalid-Boxes");
      markInvalid(event.detail.elt, message, named ? named.split(" ") : null);
    } else {
      setStatus("failed", refused, sentence(message || "Something went wrong on our side.") + " Retry to try again.");
    }
  });

  // What a refused request did not do, in its own words: an import, an undo or a move
  // refused is not a failed save ("Not saved" read as if some typing had been lost).
  var NOT_DONE = [
    [/\/import-docx$/, "Not imported"],
    [/\/undo$/, "Not undone"],
    [/\/redo$/, "Not redone"],
    [/\/delete$/, "Not deleted"],
    [/\/duplicate$/, "Not duplicated"],
    [/\/move$/, "Not moved"]
  ];
  function notDone(path) {
    var bare = String(path || "").split("?")[0];
    for (var i = 0; i < NOT_DONE.length; i++) {
      if (NOT_DONE[i][0].test(bare)) { return NOT_DONE[i][1]; }
    }
    return "Not saved";
  }
  function sentence(text) {
    text = String(text || "").trim();
    if (!text) { return ""; }
    text = text.charAt(0).toUpperCase() + text.slice(1);
    return /[.!?…:)]$/.test(text) ? text : text + ".";
  }

  // A network error (the server closed a kept-alive connection just as the change was
  // sent, a moment offline) is retried once by itself; a change that did arrive the first
  // time is refused the second (its X-Draft-Revision is then stale), never applied twice.
  document.addEventListener("htmx:sendError", function (event) {
    if (!editor()) { return; }
    inflight.delete(event.detail.xhr);
    var config = event.detail.requestConfig || {};
    lastFailed = { verb: config.verb, path: config.path, elt: event.detail.elt, values: config.parameters };
    if (!autoRetried) {
      autoRetried = true;
      window.setTimeout(function () {
        var retry = document.getElementById("save-retry");
        if (retry) { retry.click(); }
      }, 300);
      return;
    }
    setStatus("failed", notDone(config.path), "No connection: check the network, then retry.");
  });

  // fs-saved arrives in the HX-Trigger header of every successful change.
  document.addEventListener("fs-saved", function (event) {
    var root = editor();
    var detail = event.detail || {};
    if (!root) { return; }
    if (detail.revision) { root.dataset.revision = String(detail.revision); }
    var undo = document.getElementById("undo");
    var redo = document.getElementById("redo");
    if (undo) { undo.disabled = !detail.undo; }
    if (redo) { redo.disabled = !detail.redo; }
  });

  document.addEventListener("click", function (event) {
    var retry = event.target.closest && event.target.closest("#save-retry");
    if (retry && retry.dataset.reload) { window.location.reload(); return; }
    if (!retry || !lastFailed || !window.htmx) { return; }
    var failed = lastFailed;
    var values = {};
    if (failed.values && typeof failed.values.forEach === "function") {
      failed.values.forEach(function (value, key) { values[key] = value; });
    } else if (failed.values) {
      values = failed.values;
    }
    var source = failed.elt && document.body.contains(failed.elt) ? failed.elt : "#workspace";
    var context = { source: source, values: values };
    if (source === "#workspace") { context.target = "#workspace"; }
    window.htmx.ajax(failed.verb.toUpperCase(), failed.path, context);
  });

  // A form whose target says data-swap-invalid shows the server's 422 answer (the
  // message beside the field) instead of dropping it, as htmx does with 4xx by default.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (event.detail.xhr.status === 422 && target && target.hasAttribute("data-swap-invalid")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // A file chosen for an upload with a limit (data-max-bytes) that is too large is refused
  // at once, beside its box, instead of being sent: a file over the server's 20 MB body
  // limit would otherwise end on a bare "Request too large" page after a long upload.
  function sizeText(bytes) {
    return bytes >= 1048576 ? (Math.round(bytes / 104857.6) / 10) + " MB" : Math.ceil(bytes / 1024) + " KB";
  }
  function fileFits(input) {
    var note = document.getElementById(input.id + "-size-error");
    if (note) {
      note.remove();
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
    var max = Number(input.dataset.maxBytes);
    var file = input.files && input.files[0];
    if (!file || !max || file.size <= max) { return true; }
    note = document.createElement("p");
    note.className = "field-error";
    note.id = input.id + "-size-error";
    note.textContent = "This file is " + sizeText(file.size) + ": choose " + input.dataset.maxName + ".";
    input.parentNode.insertBefore(note, input);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", note.id);
    return false;
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=file][data-max-bytes]")) { fileFits(event.target); }
  });
  function refuseLargeFiles(event) {
    var form = event.target;
    if (!form.querySelectorAll) { return; }
    var tooLarge = [].filter.call(form.querySelectorAll("input[type=file][data-max-bytes]"), function (input) {
      return !fileFits(input);
    });
    if (tooLarge.length) {
      event.preventDefault();
      event.stopPropagation();
      tooLarge[0].focus();
    }
  }
  document.addEventListener("submit", refuseLargeFiles, true);

  // Copy buttons (data-copy="<id of the text>"): shown only when this script runs; without
  // it the text itself is selectable (one click selects it all: user-select: all).
  function copied(button, ok) {
    var status = button.parentNode.querySelector("[data-copy-status]");
    if (status) { status.textContent = ok ? "Copied." : "Press Ctrl+C (⌘C) to copy the selected text."; }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy]");
    var source = button && document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.textContent).then(
        function () { copied(button, true); },
        function () { copied(button, document.execCommand("copy")); }
      );
    } else {
      copied(button, document.execCommand("copy"));
    }
  });

  // The settings screens' tabs: one line that scrolls sideways where it does not fit. The
  // current tab is brought into view (Problems is the last of ten on a phone), and the
  // edge with more tabs behind it fades.
  function settingsNav() {
    var nav = document.querySelector("[data-settings-nav]");
    var list = nav && nav.querySelector(".settings-nav__list");
    if (!list) { return; }
    var current = list.querySelector('[aria-current="page"]');
    if (current && list.scrollWidth > list.clientWidth) {
      var item = current.parentElement;
      list.scrollLeft = item.offsetLeft - (list.clientWidth - item.offsetWidth) / 2;
    }
    function edges() {
      var more = list.scrollWidth - list.clientWidth - list.scrollLeft;
      nav.classList.toggle("settings-nav--more-start", list.scrollLeft > 1);
      nav.classList.toggle("settings-nav--more-end", more > 1);
    }
    edges();
    list.addEventListener("scroll", edges, { passive: true });
    window.addEventListener("resize", edges);
  }

  // "Restore as draft" over a draft with unpublished changes asks first, in a modal dialog
  // saying which changes go (Esc or "Keep my draft" closes it, focus returns to the button).
  var restoreButton = null;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var dialog = document.getElementById("restore-dialog");
    if (!form.dataset || !form.dataset.confirmRestore || !dialog || !dialog.showModal) { return; }
    event.preventDefault();
    restoreButton = event.submitter || form.querySelector("button");
    dialog.querySelectorAll("[data-restore-number]").forEach(function (span) {
      span.textContent = form.dataset.confirmRestore;
    });
    dialog.querySelector("[data-restore-form]").action = form.action;
    dialog.showModal();
    var keep = dialog.querySelector("[data-dialog-close]");
    if (keep) { keep.focus(); }
  });
  document.addEventListener("click", function (event) {
    var close = event.target.closest && event.target.closest("[data-dialog-close]");
    var dialog = close && close.closest("dialog");
    if (dialog) { dialog.close(); }
  });
  document.addEventListener("close", function (event) {
    if (event.target.id === "restore-dialog" && restoreButton) { restoreButton.focus(); }
  }, true);

  document.addEventListener("DOMContentLoaded", function () {
    settingsNav();
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
    document.querySelectorAll("button[data-copy][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  });
})();
