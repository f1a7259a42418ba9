/* formseal designer: behaviour shared by every designer page (no inline scripts: CSP).
 * - 422 answers shown in place, files too large refused before they are sent
 * - copy buttons, the settings tabs, the restore dialog, focus on error summaries
 * The template editor's save status is designer-saving.js.
 */
(function () {
  "use strict";

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
  // Sizes in KB of 1,000 and MB of 1,000,000 bytes, as every limit the designer names
  // ("at most 10 MB" is 10,000,000 bytes) and the *Largest file (MB)* box count them.
  function sizeText(bytes) {
    return bytes >= 1000000 ? (Math.ceil(bytes / 100000) / 10) + " MB" : Math.ceil(bytes / 1000) + " KB";
  }
  // The note's id joins the box's aria-describedby (its hint, the server's error) rather
  // than replacing it, and leaves it again with the note.
  function describedBy(input, id, on) {
    var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (t) {
      return t && t !== id;
    });
    if (on) { ids.push(id); }
    if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); } else { input.removeAttribute("aria-describedby"); }
    var errors = ids.filter(function (t) {
      var element = document.getElementById(t);
      return element && element.classList.contains("field-error");
    });
    if (errors.length) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
  }
  function fileFits(input) {
    var note = document.getElementById(input.id + "-size-error");
    if (note) {
      note.remove();
      describedBy(input, note.id, false);
    }
    var max = Number(input.dataset.maxBytes);
    var file = input.files && input.files[0];
    if (!file || !max || file.size <= max) { return true; }
    note = document.createElement("p");
    note.className = "field-error";
    note.id = input.id + "-size-error";
    note.textContent = "This file is " + sizeText(file.size) + ": choose " + input.dataset.maxName + ".";
    input.parentNode.insertBefore(note, input);
    describedBy(input, note.id, true);
    return false;
  }
  // A new file chosen after the server refused the last one: the refusal was about that
  // file, so it leaves the box (and its line in the error summary, and the summary with its
  // last line); only the new file's own size note may stand there.
  function forgetRefusal(input) {
    (input.getAttribute("aria-describedby") || "").split(/\s+/).forEach(function (id) {
      var element = id && id !== input.id + "-size-error" ? document.getElementById(id) : null;
      if (element && element.classList.contains("field-error")) {
        element.remove();
        describedBy(input, id, false);
      }
    });
    var group = input.closest(".form-group--error");
    if (group && !group.querySelector(".field-error")) { group.classList.remove("form-group--error"); }
    var link = document.querySelector('.error-summary a[href="#' + input.id + '"]');
    var summary = link && link.closest(".error-summary");
    if (link) { link.closest("li").remove(); }
    if (summary && !summary.querySelector("li")) {
      summary.remove();
      document.title = document.title.replace(/^Error: /, "");
    }
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=file][data-max-bytes]")) {
      forgetRefusal(event.target);
      fileFits(event.target);
    }
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

  // Filters folded on a phone (<details data-unfold-wide>: the archive, Insight) stand open
  // in the row on a wider screen, in every browser: CSS alone keeps a closed <details>
  // open only with ::details-content (Chromium 131+). Back on a narrow screen the fold
  // closes again, unless the page opened it (data-open-narrow: a refused filter inside).
  function unfoldWide() {
    var folds = document.querySelectorAll("details[data-unfold-wide]");
    if (!folds.length || !window.matchMedia) { return; }
    var wide = window.matchMedia("(min-width: 601px)");
    function apply() {
      folds.forEach(function (fold) {
        if (wide.matches) { fold.open = true; }
        else if (!fold.hasAttribute("data-open-narrow")) { fold.open = false; }
      });
    }
    if (wide.matches) { apply(); }
    wide.addEventListener("change", apply);
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
    unfoldWide();
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
    document.querySelectorAll("button[data-copy][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  });
})();
