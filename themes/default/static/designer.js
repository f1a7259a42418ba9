/* formseal designer: behaviour shared by every designer page (no inline scripts: CSP).
 * - the save status ("Saving…" / "All changes saved" / "Not saved — retry")
 * - the draft revision sent with every change, so two windows never overwrite each other
 * - focus on error summaries
 */
(function () {
  "use strict";

  var lastFailed = null;

  function editor() { return document.getElementById("editor"); }

  function setStatus(state, text) {
    var status = document.getElementById("save-status");
    var retry = document.getElementById("save-retry");
    if (!status) { return; }
    status.dataset.state = state;
    status.textContent = text;
    if (retry) { retry.hidden = state !== "failed" || !lastFailed; }
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

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (editor() && isChange(event.detail)) { setStatus("saving", "Saving…"); }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    if (!editor() || !isChange(event.detail)) { return; }
    var xhr = event.detail.xhr;
    if (event.detail.successful) {
      lastFailed = null;
      setStatus("saved", "All changes saved");
      return;
    }
    var config = event.detail.requestConfig || {};
    lastFailed = { verb: config.verb, path: config.path, elt: event.detail.elt, values: config.parameters };
    var message = "";
    if (xhr && xhr.status && xhr.status < 500 && xhr.getResponseHeader("Content-Type") &&
        xhr.getResponseHeader("Content-Type").indexOf("text/plain") === 0) {
      message = xhr.responseText.slice(0, 300);
    }
    if (xhr && xhr.status === 409) {
      lastFailed = null;
      setStatus("failed", "Not saved — " + (message || "this template changed in another window. Reload the page."));
    } else if (xhr && xhr.status === 422 || xhr && xhr.status === 400) {
      lastFailed = null;
      setStatus("failed", "Not saved — " + (message || "check the value you entered."));
    } else {
      setStatus("failed", "Not saved — " + (message ? message + " " : "") + "retry");
    }
  });

  document.addEventListener("htmx:sendError", function () {
    if (editor()) { setStatus("failed", "Not saved — no connection. Retry"); }
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

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
  });
})();
