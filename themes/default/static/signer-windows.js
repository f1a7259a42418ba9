// When autosave cannot simply save (docs/decisions/0005, runtime/signing/windows.py).
// Loaded after signer.js, whose status says Saving… / Saved / Not saved — retry; this file
// words the cases where "retry" is not the way on, and guards Continue / Sign and finish:
// - another window saved this step since the page opened (409 + X-Formseal-Conflict):
//   "Keep the answers on this page" or "Show the answers saved in the other window";
// - the document closed meanwhile (finished in another window, voided, expired: 409/410):
//   the server's reason and "Open this page again";
// - the server out of reach: Continue asks it first and says the person seems offline,
//   instead of the browser's own error page; back online, the step is saved by itself;
//   Sign and finish (or Approve) on Check your answers asks first too, and sends nothing;
// - a form is sent once: a double click on Sign and finish (or Continue) sends one request;
// - Continue while this page's own autosave is on its way waits for it (else the step came
//   back as "changed in another window"), while a chosen file is uploading (else the
//   upload was cut off and the step asked for that file), and while a file's Remove is on
//   its way (else the step could be taken with the file just removed);
// - a long answer near its limit says how many characters are left, or how many too many
//   (a 10,000-character paste into a 5,000-character box), before Continue refuses it.
(function () {
  "use strict";

  var form = document.querySelector("[data-signer-form]");
  var status = document.getElementById("autosave-status");
  var stateInput = form && form.querySelector("[data-state]");
  var texts = document.getElementById("signer-texts");
  function text(name, fallback) {
    return (texts && texts.getAttribute("data-" + name)) || fallback;
  }
  function save() {
    if (form && window.htmx) { window.htmx.trigger(form, "fs:save"); }
  }
  // the step as the server has it (a GET: the page may be the answer to a POST)
  function reopen() { window.location.assign(window.location.pathname + window.location.search); }
  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "link-button";
    b.textContent = label;
    b.addEventListener("click", action);
    return b;
  }
  // a sentence on a line of its own, then its ways on, each on its own line
  function tell(message, ways) {
    if (!status) { return; }
    status.hidden = false;
    status.className = "autosave autosave--failed autosave--message";
    status.textContent = "";
    var label = document.createElement("span");
    label.textContent = message;
    status.appendChild(label);
    ways.forEach(function (way) { status.appendChild(button(way[0], way[1])); });
  }

  var unreachable = false;  // the last autosave did not reach the server
  var offline = false;  // the status says "You seem to be offline…"
  function sayOffline() {
    offline = true;
    tell(text("offline", "You seem to be offline. What you typed stays on this page: select Continue again when you are back online."), []);
  }

  if (form) {
    // after signer.js's own handler (registered first): it has said "Not saved — retry"
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt !== form) { return; }
      var xhr = event.detail.xhr;
      unreachable = !xhr || xhr.status === 0;
      var state = unreachable ? null : xhr.getResponseHeader("X-Formseal-State");
      if (event.detail.successful && xhr.status === 200) {
        offline = false;
        // before a queued autosave is sent, so it carries the answers' new fingerprint
        if (state && stateInput) { stateInput.value = state; }
      } else if (xhr && xhr.getResponseHeader("X-Formseal-Conflict")) {
        tell(xhr.responseText, [
          [text("keep", "Keep the answers on this page"), function () {
            if (state && stateInput) { stateInput.value = state; }
            save();
          }],
          [text("theirs", "Show the answers saved in the other window"), reopen]
        ]);
      } else if (xhr && (xhr.status === 409 || xhr.status === 410) && xhr.responseText.length < 300) {
        tell(xhr.responseText, [[text("reopen", "Open this page again"), reopen]]);
      } else if (unreachable && offline) {
        sayOffline();  // a change made on the way to Continue failed too: the advice stays
      }
    });
    window.addEventListener("online", function () { if (unreachable) { save(); } });

    // Continue while this page's own autosave is on its way (tapping Continue blurs the box
    // just typed in, which saves it): that save changes the answers' fingerprint, so the step
    // sent with the old one would be taken for another window's. Wait for its answer (which
    // brings the new fingerprint), then send the step.
    var saving = 0;
    var held = null;  // the submitter of a Continue that waits for the autosave
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      if (event.detail.elt === form) { saving += 1; }
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt !== form) { return; }
      saving = Math.max(0, saving - 1);
      if (held && !saving && !uploading()) { sendHeld(); }
    });
    // Continue while a chosen file is still uploading (signer-uploads.js): the page would
    // leave and cut it off, and the step would ask for that very file. Wait for its answer
    // (the progress bar shows it, and its Cancel still works), then send the step. The same
    // for a file's Remove on its way: sent first, the step could keep the removed file.
    function uploading() { return !!(window.formsealUploading && window.formsealUploading()); }
    document.addEventListener("fs:uploads-settled", function () {
      if (held && !saving) { sendHeld(); }
    });
    function sendHeld() {
      var submitter = held.submitter;
      window.clearTimeout(held.timer);
      held = null;
      if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
    }
    form.addEventListener("submit", function (event) {
      if (!saving && !uploading()) { return; }
      event.preventDefault();
      event.stopImmediatePropagation();
      if (held) { return; }  // a second click while waiting: still one step sent
      // an autosave answer that never comes does not keep Continue from working (an upload
      // always ends: answered, failed or cancelled)
      held = { submitter: event.submitter, timer: window.setTimeout(function () { saving = 0; if (held && !uploading()) { sendHeld(); } }, 8000) };
    });

    // Continue while the server cannot be reached: the browser would show its own error
    // page; ask the server first (saving this step's answers) and say so here instead
    var checked = false;
    form.addEventListener("submit", function (event) {
      if (checked || (navigator.onLine !== false && !unreachable)) { checked = false; return; }
      event.preventDefault();
      var submitter = event.submitter;
      var body = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (typeof value === "string") { body.append(name, value); }
      });
      fetch(form.getAttribute("hx-post"), {
        method: "POST", body: body, credentials: "same-origin", headers: { "HX-Request": "true" }
      }).then(function (response) {
        unreachable = false;
        offline = false;
        var state = response.headers.get("X-Formseal-State");
        if (response.ok && state && stateInput) { stateInput.value = state; }
        checked = true;
        if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
      }, function () {
        unreachable = true;
        sayOffline();
      });
    });
  }

  // ---- Sign and finish / Approve while the server cannot be reached -----------------------
  // The browser would show its own error page (no answers are lost, but the page is gone):
  // ask the server first (a GET of Check your answers) and, when it cannot be reached, say
  // so here with nothing sent; back online, the person selects the button again.
  document.querySelectorAll("[data-finish-form]").forEach(function (finish) {
    var reached = false;  // the check before this submission reached the server
    var checking = false;
    finish.addEventListener("submit", function (event) {
      if (reached) { reached = false; return; }
      event.preventDefault();
      if (checking) { return; }  // a double click while checking: one check, one submission
      checking = true;
      var submitter = event.submitter;
      var review = finish.getAttribute("action").replace(/\/finish$/, "/review");
      fetch(review, { cache: "no-store", credentials: "same-origin" }).then(function () {
        checking = false;
        if (status) { status.hidden = true; }
        reached = true;
        if (finish.requestSubmit) { finish.requestSubmit(submitter || undefined); } else { finish.submit(); }
      }, function () {
        checking = false;
        tell(finish.getAttribute("data-offline") || text("offline", "You seem to be offline."), []);
      });
    });
  });

  // ---- characters left in a text area (also one that appears after the page loaded) ------
  var lang = document.documentElement.lang || undefined;
  function count(area) {
    var out = document.getElementById("count-" + area.name);
    var limit = parseInt(area.getAttribute("data-max-length"), 10);
    if (!out || !limit) { return; }
    var used = Array.from(area.value.replace(/\r\n/g, "\n").trim()).length;  // as the server counts
    if (used < limit * 0.9) { out.hidden = true; return; }
    var left = limit - used;
    out.hidden = false;
    out.className = "hint character-count" + (left < 0 ? " character-count--over" : "");
    out.textContent = text(left < 0 ? "count-over" : "count-left", left < 0 ? "Too many characters: %(count)s" : "Characters left: %(count)s")
      .replace("%(count)s", Math.abs(left).toLocaleString(lang));
  }
  document.querySelectorAll("textarea[data-max-length]").forEach(count);
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea[data-max-length]")) { count(event.target); }
  });

  // ---- one submission only: a double click sends the form once -----------------------------
  var once = document.querySelectorAll("[data-signer-form], [data-submit-once]");
  once.forEach(function (f) {
    f.addEventListener("submit", function (event) {
      if (event.defaultPrevented) { return; }
      if (f.fsSent) { event.preventDefault(); return; }
      f.fsSent = true;
    });
  });
  // back on a page the browser kept: it may be sent again
  window.addEventListener("pageshow", function () {
    once.forEach(function (f) { f.fsSent = false; });
  });
})();
