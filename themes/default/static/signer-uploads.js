// Attachments on signer pages, for signer.js (loaded before it; without this file a file is
// posted with the step's form): files upload one by one with a progress bar, a slow one can
// be cancelled, each can be removed, and the limits are checked before anything is sent.
// signer.js calls it for each [data-upload] with its own text() (the page's wording),
// save() (autosave) and announce() (the step's live region).
window.formsealSetUpUpload = (function () {
  "use strict";
  // attachment requests with a file chosen and not yet answered (uploading or waiting its
  // turn): Continue waits for them (signer-windows.js), or the page would leave and cut the
  // upload off, and the step would ask for the file the signer had just seen uploading;
  // and a file's Remove on its way, or the step could reach the server first and keep the
  // file the signer had just removed
  var active = 0;
  var removing = 0;
  window.formsealUploading = function () { return active > 0 || removing > 0; };
  function announceSettled() {
    if (!active && !removing) { document.dispatchEvent(new CustomEvent("fs:uploads-settled")); }
  }
  // a file request's hint and chooser after an answer's count: at the cap the chooser is
  // aria-disabled, not disabled, so it keeps its place in the tab order and a screen reader
  // still reads its hint, which says why (once); setUpUpload refuses a choice made with it.
  // A chooser locked by the sender stays as it is (disabled)
  function showRoom(group, left) {
    if (!group) { return; }
    var hint = group.querySelector(".hint [data-files-left]");
    var input = group.querySelector("[data-upload-input]");
    if (hint) { hint.textContent = left.textContent; }
    if (!input || input.disabled) { return; }
    var atCap = left.hasAttribute("data-at-cap");
    if (atCap) { input.setAttribute("aria-disabled", "true"); } else { input.removeAttribute("aria-disabled"); }
    input.toggleAttribute("data-at-cap", atCap);
  }
  return function setUpUpload(group, text, save, announce) {
    var input = group.querySelector("[data-upload-input]");
    var wrap = group.querySelector("[data-file-list-wrap]");
    var progress = group.querySelector("[data-upload-progress]");
    var bar = progress.querySelector("progress");
    var label = progress.querySelector("[data-upload-progress-text]");
    var url = group.getAttribute("data-upload-url");
    var maxSize = parseInt(group.getAttribute("data-max-size"), 10);
    // "The selected file must be smaller than 1 MB": the limit, as the server would say it
    var tooLarge = group.getAttribute("data-too-large") || text("too-large", "The selected file is too large.");
    var nojs = group.querySelector("[data-upload-nojs]");
    if (nojs) { nojs.hidden = true; }
    input.removeAttribute("name");
    // each file uploads at once and the input is emptied, so the browser's own "No file
    // chosen" beside the button would contradict the list of uploaded files; and its button
    // speaks the browser's language, not the page's: the page's own button is shown instead
    // (a click on it opens the file chooser), and the input, hidden (CSS), still takes the
    // keyboard's focus, which the button shows
    var choose = group.querySelector("[data-upload-choose]");
    // at the signer's cap (data-at-cap, the hint says why) the page's button stays, greyed
    // like its input; a locked answer keeps the browser's disabled input
    if (choose && !input.disabled) {
      input.classList.add("file-upload--scripted");
      choose.hidden = false;
      choose.addEventListener("click", function () {
        if (atCap()) { refuseAtCap(); } else { input.click(); }
      });
    }
    function atCap() { return input.getAttribute("aria-disabled") === "true"; }
    // the chooser at the cap, pressed (a click, Enter or Space) or given files some other
    // way: no file chooser opens and nothing is sent; the signer is told, as the server
    // would tell them (which still refuses a file sent anyway, runtime/signing/uploads.py)
    function refuseAtCap() {
      problems = [text("no-more-files", "You cannot upload more files")];
      showProblems(true);
    }
    input.addEventListener("click", function (event) {
      if (atCap()) { event.preventDefault(); refuseAtCap(); }
    });
    var queue = [];
    var busy = false;
    var counted = false;  // this request's files count in `active`
    function settled() {
      if (!counted) { return; }
      counted = false;
      active -= 1;
      announceSettled();
    }

    // the problems of the files chosen together: each file's list answer would replace
    // the one before, so they are kept here and shown under the list, one line per file
    var problems = [];
    // signer.js's status line is told too: after a refusal it must not say "Saved" as if
    // the file had been taken ("Not uploaded: <the last refusal>" until the error goes)
    function tellStatus() {
      document.dispatchEvent(new CustomEvent("fs:upload-refused", {
        detail: { field: group.id, message: problems.length ? problems[problems.length - 1] : "" }
      }));
    }
    // `quiet`: not a file refused, so the status line is not told (its "Not uploaded: …"
    // would repeat the words shown here, and be said twice)
    function showProblems(quiet) {
      wrap.querySelectorAll("[data-upload-error]").forEach(function (p) { p.remove(); });
      if (!quiet) { tellStatus(); }
      if (!problems.length) { return; }
      var box = document.createElement("div");
      box.setAttribute("role", "alert"); box.setAttribute("data-upload-error", "");
      problems.forEach(function (message) {
        var p = document.createElement("p");
        p.className = "field-error"; p.textContent = message;
        box.appendChild(p);
      });
      wrap.appendChild(box);
    }
    function showList(html) {
      wrap.innerHTML = "";
      var doc = new DOMParser().parseFromString(html, "text/html");
      Array.prototype.forEach.call(doc.body.childNodes, function (node) { wrap.appendChild(document.importNode(node, true)); });
      // every file request's hint on the step ("You can upload 2 more files."), counted
      // again by the server: the signer's cap is shared by all of them
      wrap.querySelectorAll("[data-files-left]").forEach(function (left) {
        showRoom(document.getElementById("field-" + left.getAttribute("data-files-left")), left);
        left.remove();
      });
      var refused = wrap.querySelector("[data-upload-error]");
      if (refused) {
        var hiddenWord = refused.querySelector(".visually-hidden");  // "Error:", for the server's page
        if (hiddenWord) { hiddenWord.remove(); }
        problems.push(refused.textContent.trim());
      }
      showProblems();
      wire();
      if (!refused) { save(); }  // a refused file changed nothing: no "Saving…" for it
    }
    function fail(message) {
      problems.push(message);
      showProblems();
    }
    function next() {
      if (busy) { return; }
      if (!queue.length) { settled(); return; }
      var file = queue.shift();
      if (file.size > maxSize) {
        fail(tooLarge + " (" + file.name + ")");
        next(); return;
      }
      busy = true;
      progress.hidden = false; bar.value = 0;
      label.textContent = text("uploading", "Uploading") + " " + file.name;
      var data = new FormData();
      data.append("file", file);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.setRequestHeader("HX-Request", "true");
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) { bar.value = Math.round(100 * event.loaded / event.total); }
      });
      xhr.onload = function () {
        busy = false; progress.hidden = true;
        if (xhr.status === 200 || xhr.status === 422) { showList(xhr.responseText); }
        else { fail(xhr.status === 413 ? tooLarge + " (" + file.name + ")" : (xhr.responseText.length < 300 ? xhr.responseText : text("upload-failed", "The file could not be uploaded."))); }
        next();
      };
      xhr.onerror = function () { busy = false; progress.hidden = true; fail(text("upload-failed", "The file could not be uploaded.")); next(); };
      // Cancel: this file and the ones chosen with it are not uploaded (nothing is kept)
      xhr.onabort = function () {
        busy = false; current = null; queue = []; progress.hidden = true; input.focus();
        if (announce) { announce(text("upload-cancelled", "Upload cancelled.")); }
        settled();
      };
      current = xhr;
      xhr.send(data);
    }
    var current = null;
    var cancel = progress.querySelector("[data-upload-cancel]");
    if (cancel) { cancel.addEventListener("click", function () { if (current) { current.abort(); } }); }
    function wire() {
      wrap.querySelectorAll("[data-remove-url]").forEach(function (button) {
        button.addEventListener("click", function (event) {
          event.preventDefault();
          var xhr = new XMLHttpRequest();
          xhr.open("POST", button.getAttribute("data-remove-url"));
          xhr.setRequestHeader("HX-Request", "true");
          xhr.onload = function () {
            if (xhr.status === 200) { problems = []; showList(xhr.responseText); input.focus(); } else { fail(text("remove-failed", "The file could not be removed.")); }
          };
          xhr.onerror = function () { fail(text("remove-failed", "The file could not be removed.")); };
          // answered or failed, a held Continue goes on (after onload has shown the list)
          xhr.onloadend = function () { removing -= 1; announceSettled(); };
          removing += 1;
          xhr.send();
        });
      });
      wrap.querySelectorAll("img.file-list__thumb").forEach(function (img) {
        img.addEventListener("error", function () {
          var icon = document.createElement("span");
          icon.className = "file-list__icon"; icon.setAttribute("aria-hidden", "true"); icon.textContent = "FILE";
          img.replaceWith(icon);
        });
      });
    }
    input.addEventListener("change", function (event) {
      event.stopPropagation();
      if (atCap()) { input.value = ""; refuseAtCap(); return; }
      if (!busy && !queue.length) { problems = []; }  // a new choice: earlier problems go
      Array.prototype.forEach.call(input.files || [], function (f) { queue.push(f); });
      if (queue.length && !counted) { counted = true; active += 1; }
      input.value = "";
      next();
    });
    wire();
  };
})();
