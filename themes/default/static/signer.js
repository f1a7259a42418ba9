// Progressive enhancement for signer pages. Everything works without this file:
// - focus moves to the error summary (and its links focus the field they name);
// - while the document is sealing, the confirmation fetches itself again and swaps in the
//   download when it is ready (without this file, a <noscript> meta refresh reloads it);
// - signatures: draw (signature_pad), type (handwriting font) or upload a picture;
// - attachments upload one by one with a progress bar, and can be removed (signer-uploads.js);
// - autosave: htmx posts each change to /step/<n>/draft; the answer is merged into the
//   page field by field, so conditional questions appear and vanish without losing what
//   is being typed, and a small status says Saving… / Saved / Not saved — retry;
// - changing language saves what was just typed before the page is left.
(function () {
  "use strict";

  var form = document.querySelector("[data-signer-form]");
  var status = document.getElementById("autosave-status");
  var texts = document.getElementById("signer-texts");
  function text(name, fallback) {
    return (texts && texts.getAttribute("data-" + name)) || fallback;
  }
  // the step's polite live region; emptied first so the same words twice are said twice
  function announce(message) {
    var live = document.getElementById("fields-announcer");
    if (!live) { return; }
    live.textContent = "";
    window.setTimeout(function () { live.textContent = message; }, 50);
  }

  // ---- focus: error summary and its links --------------------------------------------
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var group = document.getElementById(link.getAttribute("href").slice(1));
      // a signature: the input of the way of signing shown (the typed name, the file), or
      // the chosen way itself when drawing; not "Draw" while a typed name is what is wrong
      var input = group && group.querySelector("[data-signature]") ?
        group.querySelector("[data-panel]:not([hidden]) input:not([type=hidden])") || group.querySelector("input[data-mode]:checked") :
        group && group.querySelector("input:not([type=hidden]):not([disabled]), textarea, select, canvas");
      if (!input) { return; }
      event.preventDefault();
      group.scrollIntoView({ block: "center" });
      input.focus({ preventScroll: true });
    });
  });

  // ---- confirmation: the download appears once the seal is made ------------------------
  // Only #seal-state is replaced (a polite live region announces it), and only when its
  // state changes (sealing -> retrying -> sealed): reloading the whole page every 2 s made
  // a screen reader start again from the top each time. The page says how often to check
  // (data-seal-poll-seconds: 2 s while sealing, 15 s while a failed attempt waits for its
  // retry); once nothing changes by itself (sealed, waiting for others, failed) it stops.
  var sealState = document.querySelector("[data-seal-poll]");
  function every(element) {
    return 1000 * (parseFloat(element.getAttribute("data-seal-poll-seconds")) || 2);
  }
  function pollSeal() {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", sealState.getAttribute("data-seal-poll"));
    xhr.onload = function () {
      var doc = xhr.status === 200 && new DOMParser().parseFromString(xhr.responseText, "text/html");
      var fresh = doc && doc.getElementById("seal-state");
      if (!fresh) {  // a busy or restarting server: ask again later; anything else: stop
        if (xhr.status >= 500 || xhr.status === 429) { setTimeout(pollSeal, 5000); }
        return;
      }
      if (fresh.getAttribute("data-seal-state") !== sealState.getAttribute("data-seal-state")) {
        sealState.innerHTML = fresh.innerHTML;
        sealState.setAttribute("data-seal-state", fresh.getAttribute("data-seal-state") || "");
      }
      if (fresh.hasAttribute("data-seal-poll")) {
        sealState.setAttribute("data-seal-poll-seconds", fresh.getAttribute("data-seal-poll-seconds") || "2");
        setTimeout(pollSeal, every(sealState));
        return;
      }
      sealState.removeAttribute("data-seal-poll");
      sealState.removeAttribute("data-seal-poll-seconds");
    };
    xhr.onerror = function () { setTimeout(pollSeal, 5000); };
    xhr.send();
  }
  if (sealState) { setTimeout(pollSeal, every(sealState)); }

  // ---- autosave status -----------------------------------------------------------------
  // without this file answers are saved on Continue only, so the footer says so only here
  var autosaveNote = document.querySelector("[data-autosave-note]");
  if (autosaveNote && form) { autosaveNote.hidden = false; }
  // an upload refused (signer-uploads.js): the status does not say "Saved" as if the file
  // had been taken; it says "Not uploaded: <why>" (the field's error says it too) until that
  // error goes (a new choice, a removal) or the signer changes another answer
  var refusals = {};  // field group id -> the last refusal shown under it
  function refusal() {
    var ids = Object.keys(refusals);
    return ids.length ? refusals[ids[ids.length - 1]] : "";
  }
  document.addEventListener("fs:upload-refused", function (event) {
    var detail = event.detail || {};
    if (detail.message) { refusals[detail.field] = detail.message; } else { delete refusals[detail.field]; }
    // "Saving…", "Not saved — retry" and the other windows' messages stay as they are
    if (!status || (!status.hidden && /autosave--(saving|failed)/.test(status.className))) { return; }
    if (refusal()) { say("saved"); return; }
    if (/autosave--refused/.test(status.className)) { status.hidden = true; status.textContent = ""; }
  });
  if (form) {
    form.addEventListener("input", function (event) {
      if (!event.target.closest("[data-upload]")) { refusals = {}; }
    });
  }
  function say(state) {
    if (!status) { return; }
    if (state === "saved" && refusal()) {
      status.hidden = false;
      status.className = "autosave autosave--refused";
      status.textContent = text("not-uploaded", "Not uploaded: %(reason)s").replace("%(reason)s", refusal());
      return;
    }
    status.hidden = false;
    status.className = "autosave autosave--" + state;
    status.textContent = "";
    if (state === "failed") {
      var label = document.createElement("span");
      label.textContent = text("failed", "Not saved") + " — ";
      var retry = document.createElement("button");
      retry.type = "button";
      retry.className = "link-button";
      retry.textContent = text("retry", "retry");
      retry.addEventListener("click", save);
      status.appendChild(label);
      status.appendChild(retry);
    } else {
      status.textContent = state === "saving" ? text("saving", "Saving…") : text("saved", "Saved");
    }
  }
  function save() {
    if (form && window.htmx) { window.htmx.trigger(form, "fs:save"); }
  }

  // ---- merging the server's view of the step into the page -----------------------------
  function merge(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var caption = doc.getElementById("step-caption");
    var here = document.getElementById("step-caption");
    if (caption && here) { here.innerHTML = caption.innerHTML; }
    var incoming = doc.getElementById("step-fields");
    var current = document.getElementById("step-fields");
    if (!incoming || !current) { return; }
    var existing = {};
    Array.prototype.forEach.call(current.children, function (el) { if (el.id) { existing[el.id] = el; } });
    var wanted = [];
    var added = [];
    Array.prototype.forEach.call(incoming.children, function (node) {
      var old = node.id && existing[node.id];
      if (old && node.id === "shown-keys") {
        old.value = node.value; wanted.push(old);
      } else if (old && node.getAttribute("data-slot") !== "computed") {
        wanted.push(old);
      } else {
        var fresh = document.importNode(node, true);
        if (old) { current.replaceChild(fresh, old); } else { added.push(fresh); }
        wanted.push(fresh);
      }
      if (old) { delete existing[node.id]; }
    });
    Object.keys(existing).forEach(function (id) { existing[id].remove(); });
    var ref = current.firstElementChild;
    wanted.forEach(function (el) {
      if (el === ref) { ref = ref.nextElementSibling; } else { current.insertBefore(el, ref); }
    });
    added.forEach(enhance);
    var live = document.getElementById("fields-announcer");
    if (live && added.length) {
      live.textContent = added.length === 1 ? text("one-more", "A new question appeared.") : text("more", "New questions appeared.");
    }
  }

  if (form) {
    // tells the server this page showed the drawing box (errors are worded for what is shown)
    var scripted = document.createElement("input");
    scripted.type = "hidden"; scripted.name = "__scripted"; scripted.value = "1";
    form.appendChild(scripted);
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      if (event.detail.elt === form) { say("saving"); }
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt !== form) { return; }
      var xhr = event.detail.xhr;
      if (event.detail.successful && xhr.status === 200) {
        if (!xhr.getResponseHeader("HX-Redirect")) { merge(xhr.responseText); }
        say("saved");
      } else {
        say("failed");
      }
    });
    form.addEventListener("submit", function (event) {
      form.querySelectorAll("[data-signature]").forEach(function (el) { if (el.fsBeforeSubmit) { el.fsBeforeSubmit(); } });
    });
  }

  // ---- changing language keeps what was just typed ---------------------------------------
  // The language menu is a form of its own that leaves the page: what the debounced autosave
  // has not sent yet is saved first (and waited for, at most a few seconds).
  var languageForm = document.querySelector(".language-switcher");
  if (form && languageForm) {
    var leaving = false;
    languageForm.addEventListener("submit", function (event) {
      if (leaving) { return; }
      event.preventDefault();
      leaving = true;
      var gone = false;
      var go = function () { if (!gone) { gone = true; languageForm.submit(); } };
      var body = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (typeof value === "string") { body.append(name, value); }
      });
      fetch(form.getAttribute("hx-post"), {
        method: "POST", body: body, credentials: "same-origin", headers: { "HX-Request": "true" }
      }).then(go, go);
      window.setTimeout(go, 4000);
    });
  }

  // ---- a repeating group's Remove button ---------------------------------------------------
  // It posts the form and the page comes back at the group (#field-<key>), with a line drawn
  // by the server where the row was ("Removed: Eve Director (was Director 2).",
  // runtime/signing/group_rows.py): that line is said too, and focus goes to the row before
  // it (its first input), else the row after it, else "Add another". The next change takes
  // the line away.
  function afterRemovedRow() {
    var line = form.querySelector(".group-removed[data-row-removed]");
    if (!line) { return; }
    form.addEventListener("change", function () { line.remove(); }, { once: true });
    var group = line.closest(".form-group");
    if (!group || window.location.hash !== "#" + group.id) { return; }  // not just removed here
    var before = line.previousElementSibling, after = line.nextElementSibling;
    var row = before && before.classList.contains("group-row") ? before :
      (after && after.classList.contains("group-row") ? after : null);
    var target = (row && row.querySelector("input:not([type=hidden]):not([disabled]), select, textarea")) ||
      group.querySelector("button[name$='__add']");
    if (target) { target.focus(); }
    announce(line.textContent);
  }
  // after the load: the browser's own move to #field-<key> would take the focus away again
  if (form) { window.addEventListener("load", function () { window.setTimeout(afterRemovedRow, 0); }); }

  function changed(el) {
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // ---- signatures: draw, type or upload --------------------------------------------------
  function setUpSignature(root) {
    var pad = root.querySelector("[data-signature-pad]");
    var canvas = pad.querySelector("canvas");
    var hidden = pad.querySelector("[data-signature-value]");
    var preview = pad.querySelector("[data-signature-preview]");
    var clear = pad.querySelector("[data-signature-clear]");
    var padHint = pad.querySelector(".hint");  // "Draw … in the box": not under an uploaded picture
    var typed = root.querySelector(".signature-typed__input");
    var file = root.querySelector("[data-signature-file]");
    var uploadError = root.querySelector("[data-signature-upload-error]");
    // a picture refused: the status line says "Not uploaded: <why>", not "Saved", as for an
    // attachment (fs:upload-refused), until the signer chooses, draws, clears or types again
    function tellStatus(message) {
      document.dispatchEvent(new CustomEvent("fs:upload-refused", {
        detail: { field: "signature-" + root.getAttribute("data-key"), message: message }
      }));
    }
    function refuse(message) {
      uploadError.textContent = message;
      uploadError.hidden = false;
      tellStatus(message);
    }
    var modes = root.querySelector("[data-signature-modes]");
    var panels = root.querySelectorAll("[data-panel]");
    if (file) { file.removeAttribute("name"); }
    // the page's own button (its language, not the browser's) opens the file chooser; the
    // input, hidden (CSS), keeps the keyboard's focus, which the button shows
    var choose = root.querySelector("[data-signature-choose]");
    if (file && choose) {
      file.classList.add("file-upload--scripted");
      choose.hidden = false;
      choose.addEventListener("click", function () { file.click(); });
    }
    var uploadLabel = root.querySelector("[data-chosen-label]");
    if (uploadLabel) { uploadLabel.textContent = uploadLabel.getAttribute("data-chosen-label"); }
    var signaturePad = typeof SignaturePad !== "undefined"
      ? new SignaturePad(canvas, { backgroundColor: "rgba(0,0,0,0)", penColor: "rgb(10,20,60)" })  // ink only: the PDF draws it over the signature line
      : null;
    // `drawnHere`: the signer drew or cleared on this page, so the pad is the truth.
    var drawnHere = false;
    var lastWidth = 0;

    function show(mode) {
      panels.forEach(function (panel) {
        var name = panel.getAttribute("data-panel");
        panel.hidden = !(name === mode || (name === "type-refused" && mode === "type"));
      });
      if (mode === "draw") {
        canvas.hidden = false;
        padHint.hidden = false;
        if (preview) { preview.hidden = true; }
        resize();
      } else if (mode === "upload" && hidden.value && !drawnHere) {
        pad.hidden = false; canvas.hidden = true; padHint.hidden = true;
        preview.src = hidden.value; preview.hidden = false;
      }
    }

    function restore() {
      if (!signaturePad || !hidden.value) { return; }
      var image = new Image();
      image.onload = function () {
        var scale = Math.min(canvas.offsetWidth / image.naturalWidth, canvas.offsetHeight / image.naturalHeight);
        signaturePad.fromDataURL(hidden.value, { ratio: 1, width: image.naturalWidth * scale, height: image.naturalHeight * scale });
      };
      image.src = hidden.value;
    }

    function resize() {
      // Only a change of width needs a new bitmap; phones fire resize when the keyboard opens.
      if (!signaturePad || canvas.offsetWidth === 0 || canvas.offsetWidth === lastWidth) { return; }
      lastWidth = canvas.offsetWidth;
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      var data = drawnHere && !signaturePad.isEmpty() ? signaturePad.toData() : null;
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d").scale(ratio, ratio);
      signaturePad.clear();
      if (data) { signaturePad.fromData(data); } else if (!drawnHere) { restore(); }
    }

    if (signaturePad) {
      window.addEventListener("resize", resize);
      signaturePad.addEventListener("endStroke", function () {
        drawnHere = true;
        if (uploadError) { tellStatus(""); }
        hidden.value = signaturePad.toDataURL("image/png");
        if (typed) { typed.value = ""; }
        changed(hidden);
      });
    }
    clear.addEventListener("click", function () {
      if (signaturePad) { signaturePad.clear(); }
      hidden.value = ""; drawnHere = true;
      if (uploadError) { tellStatus(""); }
      canvas.hidden = false;
      if (preview) { preview.hidden = true; }
      var mode = modes.querySelector("[data-mode]:checked");
      if (mode && mode.value === "upload") { show("upload"); }  // the picture goes, not a drawing box
      changed(hidden);
    });
    if (typed) {
      typed.addEventListener("input", function () {
        if (typed.value.trim()) {
          hidden.value = "";
          if (signaturePad) { signaturePad.clear(); }
        }
      });
    }
    if (file) {
      file.addEventListener("change", function () {
        var chosen = file.files && file.files[0];
        if (!chosen) { return; }
        uploadError.hidden = true;
        var most = parseInt(file.getAttribute("data-max-size") || "0", 10);
        if (most && chosen.size > most) {  // the server would refuse it: say so before sending
          refuse(file.getAttribute("data-too-large"));
          file.value = "";
          return;
        }
        var data = new FormData();
        data.append("file", chosen);
        var xhr = new XMLHttpRequest();
        xhr.open("POST", root.getAttribute("data-upload-url"));
        xhr.setRequestHeader("HX-Request", "true");
        xhr.onload = function () {
          var answer = null;
          try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; }
          if (xhr.status === 200 && answer && answer.image) {
            tellStatus("");
            hidden.value = answer.image;
            if (typed) { typed.value = ""; }
            if (signaturePad) { signaturePad.clear(); }
            drawnHere = false;
            pad.hidden = false;
            canvas.hidden = true; padHint.hidden = true;
            preview.src = answer.image; preview.hidden = false;
            changed(hidden);
          } else {
            refuse((answer && answer.error) || text("upload-failed", "The picture could not be uploaded."));  // never a whole error page
          }
          file.value = "";
        };
        xhr.onerror = function () {
          refuse(text("upload-failed", "The picture could not be uploaded."));
        };
        xhr.send(data);
      });
    }
    root.fsBeforeSubmit = function () {
      var mode = modes.querySelector("[data-mode]:checked");
      if (mode && mode.value === "type") { hidden.value = ""; }
    };

    modes.hidden = false;
    var initial = root.getAttribute("data-initial-mode");
    var radio = modes.querySelector("[data-mode][value='" + initial + "']") || modes.querySelector("[data-mode]");
    radio.checked = true;
    modes.querySelectorAll("[data-mode]").forEach(function (input) {
      input.addEventListener("change", function () { show(input.value); });
    });
    show(radio.value);
  }

  // ---- attachments: signer-uploads.js, loaded before this file ----------------------------
  function setUpUpload(group) {
    if (window.formsealSetUpUpload) { window.formsealSetUpUpload(group, text, save, announce); }
  }

  function enhance(root) {
    if (root.matches && root.matches("[data-signature]")) { setUpSignature(root); }
    root.querySelectorAll("[data-signature]").forEach(setUpSignature);
    if (root.matches && root.matches("[data-upload]")) { setUpUpload(root); }
    root.querySelectorAll("[data-upload]").forEach(setUpUpload);
  }
  enhance(document);
})();
