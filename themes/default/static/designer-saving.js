/* formseal designer — the template editor's save status ("Saving…" / "All changes saved" /
 * "Not saved", "Not imported", …, with why on a line under the bar, and Retry), the draft
 * revision sent with every change (two windows never overwrite each other), and what
 * keeps "Saving…" true: it always ends in saved, or not saved and why.
 * Every change is a POST that htmx queues behind the one before (hx-sync on #editor);
 * Enter in a Logic box is one of them, the rule's save.
 * The box a refused change is about is marked beside it by designer-invalid-boxes.js.
 */
(function () {
  "use strict";

  // the boxes a refused change is about, marked beside them (designer-invalid-boxes.js)
  var invalid = window.formsealInvalidBoxes;
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
  // the queue behind others) until no request is in flight and none starts after it.
  // `busy` holds every request of the editor (choosing an item is a GET, and a change
  // asked for meanwhile waits behind it); `asked`, the requests asked for and not sent yet.
  var busy = new Set();
  var inflight = new Set();  // the changes among them
  var asked = [];

  document.addEventListener("htmx:confirm", function (event) {
    var elt = event.detail.elt;
    var asks = elt && elt.hasAttribute && elt.hasAttribute("hx-confirm");
    if (!editor() || asks) { return; }
    var verb = (event.detail.verb || "get").toLowerCase();
    if (verb !== "get") { setStatus("saving", "Saving…"); }
    // htmx asks again when a queued request's turn comes: one entry for both
    var known = asked.some(function (a) { return a.elt === elt && a.path === event.detail.path; });
    if (!known) { asked.push({ elt: elt, path: event.detail.path, verb: verb, gone: "" }); }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!editor()) { return; }
    var elt = event.detail.elt;
    if (elt === typedIn) { typedIn = null; }
    busy.add(event.detail.xhr);
    var path = (event.detail.requestConfig || {}).path;
    var at = asked.findIndex(function (a) { return a.elt === elt && a.path === path; });
    if (at < 0) { at = asked.findIndex(function (a) { return a.elt === elt; }); }
    if (at >= 0) { asked.splice(at, 1); }
    if (isChange(event.detail)) {
      inflight.add(event.detail.xhr);
      setStatus("saving", "Saving…");
    }
  });

  // Enter in a box of the Logic panel saves the rule as it is (its hidden first button,
  // do=save: an unfinished condition is then an error beside it, not a grey hint), in one
  // request with the value just typed. The browser sent the box's change first (without
  // do=save: the hint) and then the save, which waited behind it in the queue and was
  // dropped with the panel the change's answer replaced: the hint stayed where the error
  // belonged, and the bar said "Not saved" ("The panel was replaced …") of a saved rule.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.isComposing || event.defaultPrevented) { return; }
    var box = event.target;
    var form = box && box.closest && box.closest("#rule-builder");
    if (!form || !box.matches("input:not([type=checkbox]):not([type=radio]):not([type=hidden])")) { return; }
    var save = form.querySelector('button[type=submit][name="do"][value="save"]');
    if (!save) { return; }
    event.preventDefault();  // no change event, no second submission
    save.click();  // htmx sends the form with the button that sent it (do=save)
  });

  // Typing shows "Saving…" at once, although the save waits until typing pauses.
  var typedIn = null;  // the form whose typing waits for that pause, not yet sent
  var typedBox = null;  // the box in it typed in last
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("#editor form[hx-post]");
    // choosing a file (Import .docx) changes nothing until its button is pressed
    if (form && event.target.type !== "file") {
      typedIn = form;
      typedBox = event.target;
      setStatus("saving", "Saving…");
    }
  });

  // Leaving the box typed in sends it at once, as an input's change event does: a clause's
  // text (no change event) was still waiting for its pause when a click on the next block
  // replaced the panel, and was never sent. A form saved only on change (the Logic box)
  // sends nothing when the text is as it was: then nothing is waiting any more.
  document.addEventListener("focusout", function (event) {
    var form = typedIn;
    if (!form || !form.contains(event.target) || form.contains(event.relatedTarget)) { return; }
    // not wired up yet (sent once it is, below), or its change already waits in the queue
    if (form.closest(".htmx-added") || asked.some(function (a) { return a.elt === form; })) { return; }
    if (/\binput\b/.test(form.getAttribute("hx-trigger") || "") && window.htmx) {
      window.htmx.trigger(form, "change");  // sent: htmx:beforeRequest forgets it
    } else {
      typedIn = null;
      check();
    }
  });

  // htmx wires up the controls it swapped in only when the swap settles (20 ms later, much
  // longer on a busy machine): typing into a panel before that reached no trigger, and
  // "Saving…" stayed for ever. Such typing is sent as soon as its panel is wired up.
  // The box is told again first, so that what keeps a hidden copy of it (a clause's text,
  // designer-document.js, wired up at the same moment) has the text that is sent.
  function sendEarlyTyping(root) {
    var form = typedIn;
    if (!form || !root.contains || !root.contains(form) || !window.htmx) { return; }
    if (typedBox && form.contains(typedBox)) {
      typedBox.dispatchEvent(new Event("input", { bubbles: true }));
    }
    window.htmx.trigger(form, "change");
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (window.htmx) { window.htmx.onLoad(sendEarlyTyping); }
  });

  // Once no request is left (the queue has moved on: the next request has started, or htmx
  // dropped it because the answer before it replaced the element it came from), "Saving…"
  // ends: in "All changes saved", or in "Not saved" when a change never left the page.
  // A click on the canvas (choosing the next item, moving one) that waited behind the save
  // of a box just left is made again: that save redraws the canvas, the same items in the
  // same places, and the click was dropped with the button it was made on.
  function check() {
    if (busy.size) { return; }
    var dropped = asked;
    asked = [];
    var lost = dropped.filter(function (a) {
      var again = a.gone === "redrawn" ? standIn(a.elt) : null;
      if (again) { again.click(); }
      return !again && a.verb !== "get";
    });
    var status = document.getElementById("save-status");
    if (!status || status.dataset.state !== "saving" || unsent()) { return; }
    var typed = typedIn;  // its form is gone (else unsent() is it), not sent
    typedIn = null;
    if (lastFailed) {  // typing since a change failed does not make that one saved
      setStatus("failed", notDone(lastFailed.path), "An earlier change was not saved: retry it.");
    } else if (lost.length || typed) {
      setStatus("failed", notDone(lost.length ? lost[0].path : ""),
        "The panel was replaced before this change was sent: make it again.");
    } else if (!busy.size) {
      setStatus("saved", "All changes saved");
    }
  }
  // The button drawn in place of one a redraw removed: the same id, or the same request.
  function standIn(gone) {
    if (gone.tagName !== "BUTTON" || gone.hasAttribute("hx-confirm")) { return null; }
    if (gone.id) { return document.getElementById(gone.id); }
    var verb = gone.hasAttribute("hx-post") ? "hx-post" : "hx-get";
    return [].find.call(document.querySelectorAll("#canvas button[" + verb + "]"), function (b) {
      return b.getAttribute(verb) === gone.getAttribute(verb) && b.getAttribute("hx-vals") === gone.getAttribute("hx-vals");
    }) || null;
  }
  // Which answer took a waiting request's element away: a property's save only redraws
  // the canvas (and the outline); other answers change what is there.
  function markGone(detail) {
    var path = String((detail.requestConfig || {}).path || "").split("?")[0];
    var redrawn = isChange(detail) && /\/properties$/.test(path);
    asked.forEach(function (a) {
      if (!a.gone && !document.body.contains(a.elt)) { a.gone = redrawn ? "redrawn" : "replaced"; }
    });
  }
  // A queued change starts right after the request before it ends, and htmx wires up
  // swapped-in controls only when the swap settles (defaultSettleDelay later): only then
  // is it known whether anything is still on its way.
  function checkSoon() {
    var settle = (window.htmx && window.htmx.config && window.htmx.config.defaultSettleDelay) || 20;
    window.setTimeout(check, settle + 10);
  }

  // The browser's own checks on a box (a number below its minimum) stop htmx before it sends.
  document.addEventListener("htmx:validation:halted", function (event) {
    if (!editor()) { return; }
    var elt = event.detail.elt;
    asked = asked.filter(function (a) { return a.elt !== elt; });
    var errors = event.detail.errors || [];
    var message = errors.length && errors[0].message ? errors[0].message : "Check the value you entered.";
    lastFailed = null;
    setStatus("failed", "Not saved", sentence(message));
    invalid.mark(elt, sentence(message), null, errors.length ? errors[0].elt : null);
    checkSoon();
  });

  // Leaving during that pause (reloading, closing the window) would lose what was just
  // typed: the browser asks "Leave site?" first. Following a link is safe: leaving the box
  // sends the change at once (its change event, or focusout above; unless it is refused).
  function unsent() {
    return typedIn && document.body.contains(typedIn) ? typedIn : null;
  }
  // A change refused (a key already used) or not sent (no connection) is not saved, and
  // neither is anything typed in its pane since (the pane is sent whole): following a
  // link then would lose it all without a word, so the browser asks first as well.
  // A rule refused (a condition without its value) lives only in its Logic panel, which
  // shows why beside it (.rule-builder__message) until the rule is saved or left.
  function unsaved() {
    var ed = editor();
    return unsent() || lastFailed || invalid.any(ed) || (ed && ed.querySelector(".rule-builder__message"));
  }
  window.addEventListener("beforeunload", function (event) {
    if (unsaved()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    if (!editor() || !busy.has(event.detail.xhr)) { return; }
    busy.delete(event.detail.xhr);
    markGone(event.detail);  // before htmx moves on to what waited behind this request
    checkSoon();
    if (!inflight.has(event.detail.xhr)) { return; }
    inflight.delete(event.detail.xhr);
    var xhr = event.detail.xhr;
    if (event.detail.successful) {
      invalid.clear(event.detail.elt);
      if (supersedes(event.detail, lastFailed)) { lastFailed = null; }
      autoRetried = false;
      // answered, but the change was refused: a rule with an unfinished condition, whose
      // error the Logic panel shows beside it (X-Not-Saved, designer/logic/controller.py).
      // The bar said "All changes saved" above it.
      var refusal = xhr && xhr.getResponseHeader("X-Not-Saved");
      if (refusal) {
        var why = refusal;
        try { why = decodeURIComponent(refusal); } catch (e) { /* shown as sent */ }
        setStatus("failed", "Not saved", sentence(why));
      }
      return;
    }
    var config = event.detail.requestConfig || {};
    lastFailed = failure(event.detail);
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
      invalid.mark(event.detail.elt, message, named ? named.split(" ") : null);
    } else {
      setStatus("failed", refused, sentence(message || "Something went wrong on our side.") + " Retry to try again.");
    }
  });

  // A panel's change (the whole panel posted) is answered with what it redrew, never with
  // the workspace.
  function isPanelChange(path) {
    return /\/(properties|rules)$/.test(String(path || "").split("?")[0]);
  }
  // Whether a change saved makes the one that failed before it needless: the same panel
  // posted again (it carries the failed values or newer ones), or the failed change was an
  // action (adding, moving) the author can see did not happen. A panel's values typed and
  // not saved are nowhere else once another item is chosen: saving that item's panel left
  // them lost under "All changes saved"; they stay "Not saved" with Retry.
  function supersedes(detail, failed) {
    if (!failed || !isPanelChange(failed.path) || detail.elt === failed.elt) { return true; }
    var config = detail.requestConfig || {};
    return config.path === failed.path && item(config.parameters) !== "" && item(config.parameters) === item(failed.values);
  }
  // What Retry sends again. Retry sends a replaced panel's change from the workspace: when
  // that fails too, it is still the panel's change, not one the workspace made.
  function failure(detail) {
    var config = detail.requestConfig || {};
    var elt = detail.elt;
    if (elt && elt.id === "workspace" && lastFailed && lastFailed.path === config.path) { elt = lastFailed.elt; }
    return { verb: config.verb, path: config.path, elt: elt, values: config.parameters };
  }
  function item(values) {
    if (!values) { return ""; }
    var value = typeof values.get === "function" ? values.get("item") : values.item;
    return value ? String(value) : "";
  }

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
    busy.delete(event.detail.xhr);
    inflight.delete(event.detail.xhr);
    var config = event.detail.requestConfig || {};
    lastFailed = failure(event.detail);
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
    var pressed = document.activeElement;
    if (undo) { undo.disabled = !detail.undo; }
    if (redo) { redo.disabled = !detail.redo; }
    // the last Undo (or Redo) greys out the button pressed from the keyboard, which drops
    // the focus on the page: it goes to the other one, which that press made available
    if (pressed && pressed.disabled && (pressed === undo || pressed === redo)) {
      var other = pressed === undo ? redo : undo;
      if (other && !other.disabled) { other.focus(); }
    }
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
    var context = { source: failed.elt, values: values };
    if (!failed.elt || !document.body.contains(failed.elt)) {
      context = { source: "#workspace", target: "#workspace", values: values };
      if (isPanelChange(failed.path)) {
        // its panel was replaced (the author chose another item since): the answer redraws
        // the canvas around the item shown now, and its panel only if it is the item changed
        // (partials/designer/_saved_elsewhere.html); nothing goes into the workspace
        var shown = document.getElementById("selection");
        values.shown = (shown && shown.value) || "template";
        context.swap = "none";
      }
    }
    window.htmx.ajax(failed.verb.toUpperCase(), failed.path, context);
  });
})();
