/* formseal designer — the editor canvas: drag and drop (SortableJS), keyboard moves,
 * selection, undo/redo shortcuts and the formula helper. Every change is a POST that
 * htmx queues behind the previous one (hx-sync on #editor). No inline scripts (CSP). */
(function () {
  "use strict";

  function base() {
    var root = document.getElementById("editor");
    return root ? root.dataset.base : "";
  }

  // Viewers and senders may look at a template but not change it (the server refuses every
  // change with 403): the editor says so at the top and offers nothing that would change it.
  function readonly() {
    var root = document.getElementById("editor");
    return !!(root && root.hasAttribute("data-readonly"));
  }

  function lockControls(root) {
    if (!readonly() || !root.querySelectorAll) { return; }
    root.querySelectorAll(
      "#editor [hx-post], #workspace input, #workspace select, #workspace textarea, #workspace button[type=submit]"
    ).forEach(function (control) { control.disabled = true; });
    root.querySelectorAll("#workspace [contenteditable=true]").forEach(function (area) {
      area.setAttribute("contenteditable", "false");
    });
  }

  function post(path, values) {
    if (readonly()) { return; }
    window.htmx.ajax("POST", base() + path, {
      source: "#workspace", target: "#workspace", swap: "innerHTML", values: values
    });
  }

  function sortable(list, options) {
    if (list.dataset.sortableReady) { return; }
    list.dataset.sortableReady = "1";
    window.Sortable.create(list, Object.assign({
      animation: 150, handle: "[data-drag-handle]", ghostClass: "is-ghost",
      chosenClass: "is-chosen", fallbackOnBody: true
    }, options));
  }

  function initSortables(root) {
    lockControls(root);
    if (readonly() || !window.Sortable || !root.querySelectorAll) { return; }
    root.querySelectorAll('[data-sortable="sections"]').forEach(function (list) {
      sortable(list, {
        draggable: ".canvas-section",
        onEnd: function (evt) {
          if (evt.oldIndex === evt.newIndex) { return; }
          post("/sections/" + encodeURIComponent(evt.item.dataset.key) + "/move", { to: evt.newIndex });
        }
      });
    });
    root.querySelectorAll('[data-sortable="fields"]').forEach(function (list) {
      sortable(list, {
        group: { name: "fields", pull: true, put: true },
        draggable: ".canvas-field",
        onEnd: function (evt) {
          if (evt.from === evt.to && evt.oldIndex === evt.newIndex) { return; }
          post("/fields/" + encodeURIComponent(evt.item.dataset.key) + "/move",
               { section: evt.to.dataset.section, to: evt.newIndex });
        }
      });
    });
    root.querySelectorAll("[data-palette]").forEach(function (list) {
      sortable(list, {
        group: { name: "fields", pull: "clone", put: false },
        sort: false, handle: ".palette__button", draggable: ".palette__item",
        onEnd: function (evt) {
          if (!evt.to || evt.to === evt.from || !evt.to.dataset.section) { return; }
          var component = evt.item.dataset.component;
          evt.item.remove();
          post("/fields", { component: component, section: evt.to.dataset.section, at: evt.newIndex });
        }
      });
    });
    root.querySelectorAll('[data-sortable="blocks"]').forEach(function (list) {
      sortable(list, {
        draggable: ".doc-block",
        onEnd: function (evt) {
          if (evt.oldIndex === evt.newIndex) { return; }
          post("/blocks/" + evt.oldIndex + "/move", { to: evt.newIndex });
        }
      });
    });
    root.querySelectorAll('[data-sortable="stage"]').forEach(function (list) {
      sortable(list, {
        group: { name: "stages", pull: true, put: true },
        draggable: ".role-card",
        onEnd: function (evt) {
          if (evt.from === evt.to && evt.oldIndex === evt.newIndex) { return; }
          post("/roles/" + encodeURIComponent(evt.item.dataset.key) + "/stage",
               { stage: evt.to.dataset.stage, to: evt.newIndex });
        }
      });
    });
  }

  // Selecting an item highlights it at once; its properties arrive through htmx.
  document.addEventListener("click", function (event) {
    var chosen = event.target.closest && event.target.closest("[data-select]");
    if (!chosen) { return; }
    document.querySelectorAll(".is-selected").forEach(function (el) { el.classList.remove("is-selected"); });
    var card = chosen.closest(".canvas-field, .canvas-section, .doc-block, .role-card") ||
      cardFor(chosen.dataset.select);
    if (card) { card.classList.add("is-selected"); }
    var selection = document.getElementById("selection");
    if (selection) { selection.value = chosen.dataset.select; }
    followOutline(chosen.dataset.select);
    showOpenInOutline();
    // a step chosen from the one-line menu (tablets, phones) closes it before the page
    // scrolls to the step, which would otherwise land a list's height too low
    var menu = chosen.closest(".outline-jump");
    if (menu) { menu.open = false; }
    if (card && chosen.hasAttribute("data-outline")) { reveal(card); }
  });

  // The outline of a long form or contract (palette pane) names a step, field, section or
  // clause; its card on the canvas.
  function cardFor(select) {
    var parts = (select || "").split(":");
    var button = document.getElementById("select-" + parts[0] + "-" + parts.slice(1).join(":"));
    return button && button.closest(".canvas-field, .canvas-section, .doc-block");
  }

  // The outline marks the selected item and lists the fields of its step (only that step's,
  // so eight steps of ten fields stay a short list).
  function followOutline(select) {
    var outline = document.querySelector(".outline");
    if (!outline) { return; }
    outline.querySelectorAll("[aria-current]").forEach(function (a) { a.removeAttribute("aria-current"); });
    var link = outline.querySelector('.outline__steps [data-select="' + (window.CSS ? CSS.escape(select) : select) + '"]');
    if (!link) { return; }
    link.setAttribute("aria-current", "true");
    var step = link.closest(".outline__step");
    outline.querySelectorAll(".outline__fields").forEach(function (list) {
      list.hidden = list.closest(".outline__step") !== step;
    });
    // the one-line menu of tablets and phones names the step (or section) being edited
    var jump = outline.querySelector('[data-jump-step="' + (window.CSS ? CSS.escape(step.dataset.step) : step.dataset.step) + '"]');
    var current = outline.querySelector("[data-outline-current]");
    if (jump && current) {
      jump.setAttribute("aria-current", "true");
      current.textContent = jump.dataset.jump;
    }
  }

  // The list of a long outline scrolls by itself (thirty sections): the open step or section,
  // with its fields or clauses, stays in sight — on opening the page and after a change too.
  function showOpenInOutline() {
    var list = document.querySelector(".outline__steps");
    var current = list && list.querySelector("[aria-current]");
    if (!current || list.scrollHeight <= list.clientHeight) { return; }
    var row = current.closest(".outline__step");
    var base = list.getBoundingClientRect().top - list.scrollTop;
    var top = row.getBoundingClientRect().top - base, bottom = row.getBoundingClientRect().bottom - base;
    if (top >= list.scrollTop && bottom <= list.scrollTop + list.clientHeight) { return; }
    var end = current.getBoundingClientRect().bottom - base;
    list.scrollTop = Math.max(top - 8, end - list.clientHeight + 8);
  }

  // A step's or section's head at the top (a step is often taller than the screen), a field
  // or clause in the middle. Only the canvas pane scrolls: scrollIntoView also moved the
  // page under the editor bar.
  function reveal(card) {
    var step = card.matches(".canvas-section, .doc-block--heading");
    var pane = card.closest(".pane");
    if (!pane || pane.scrollHeight <= pane.clientHeight || getComputedStyle(pane).overflowY === "visible") {
      card.scrollIntoView({ block: step ? "start" : "center" });  // narrow screens: the page scrolls
      return;
    }
    var offset = card.getBoundingClientRect().top - pane.getBoundingClientRect().top;
    pane.scrollTop += offset - (step ? 12 : Math.max(12, (pane.clientHeight - card.offsetHeight) / 2));
  }

  // A change redraws the workspace (adding, moving, deleting, duplicating, undo): its panes
  // keep where they were scrolled to, and the selected item — a field just added to step 4,
  // a field just moved — is brought into view if the change took it out of sight. The
  // canvas jumped back to the top, so the author lost the field they were working on.
  var panesScrolled = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "workspace") { return; }
    panesScrolled = {};
    event.detail.target.querySelectorAll(".pane").forEach(function (pane) {
      panesScrolled[pane.className] = pane.scrollTop;
    });
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (!panesScrolled || !event.detail.target || event.detail.target.id !== "workspace") { return; }
    var scrolled = panesScrolled;
    panesScrolled = null;
    event.detail.target.querySelectorAll(".pane:not(.properties)").forEach(function (pane) {
      if (scrolled[pane.className]) { pane.scrollTop = scrolled[pane.className]; }
    });
    var card = document.querySelector("#canvas .is-selected");
    if (card && !inSight(card)) { reveal(card); }
  });

  function inSight(card) {
    var pane = card.closest(".pane");
    var scrolls = pane && pane.scrollHeight > pane.clientHeight && getComputedStyle(pane).overflowY !== "visible";
    var box = card.getBoundingClientRect();
    var area = scrolls ? pane.getBoundingClientRect() : { top: 0, bottom: window.innerHeight };
    return box.top >= area.top && Math.min(box.bottom, box.top + 120) <= area.bottom;
  }

  // Alt+Up / Alt+Down moves the focused step, field, block or role (same as its buttons).
  document.addEventListener("keydown", function (event) {
    var editing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable=true]");
    if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
      var item = event.target.closest && event.target.closest("[data-move-group]");
      var card = item && item.closest(".canvas-field, .canvas-section, .doc-block, .role-card");
      if (!card) { return; }
      var head = card.classList.contains("canvas-section") ? card.querySelector(".canvas-section__head") : card;
      var button = head.querySelector('[data-move="' + (event.key === "ArrowUp" ? "up" : "down") + '"]');
      if (button && !button.disabled) { event.preventDefault(); button.click(); }
      return;
    }
    if (editing || !(event.ctrlKey || event.metaKey)) { return; }
    var key = event.key.toLowerCase();
    var target = null;
    if (key === "z" && !event.shiftKey) { target = document.getElementById("undo"); }
    if ((key === "z" && event.shiftKey) || key === "y") { target = document.getElementById("redo"); }
    if (target && !target.disabled) { event.preventDefault(); target.click(); }
  });

  // A validation box shows what was saved once the author has left it: "pdf, DOCX" typed
  // into Accepted file types reads ".pdf, .docx", as it does when the field is selected
  // again. The box being typed in is left alone (its save on a pause must not rewrite it).
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    var swapped = event.detail.target;
    var saved = document.getElementById("prop-saved-values");
    if (!swapped || swapped.id !== "prop-saved-values" || !saved) { return; }
    saved.querySelectorAll("[data-box]").forEach(function (item) {
      var box = document.getElementById(item.dataset.box);
      if (box && box !== document.activeElement && box.value !== item.dataset.value &&
          !box.hasAttribute("data-save-invalid")) {
        box.value = item.dataset.value;
      }
    });
  });

  // Keyboard users carry on where they acted: a new step, field, block or role puts the
  // focus on its first property (its question, title, name or text), and a new condition
  // on its field picker, instead of leaving it on the page (the swap removes the pressed
  // button). The new item's made-up text ("New step", "Short text") is selected, so what
  // the author types replaces it. Only the swap the click asked for counts: a properties
  // save that settles first (the change event of the box just left) would otherwise take
  // the focus to the old item's box, which that swap then removes.
  // a box to type in first (a paragraph's text, not its merge-field list), else a list
  var FIRST_PROPERTY = ["#props-form input:not([type=hidden]):not([tabindex='-1'])," +
    " #props-form textarea:not([tabindex='-1']), #props-form [contenteditable=true]", "#props-form select"];
  var focusAfterSwap = null;
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button");
    if (!button || !button.closest("#editor")) { return; }
    focusAfterSwap = null;  // an earlier press's, whose request never went (a Delete cancelled)
    if (button.matches(".palette__button, .canvas-add-step, .canvas-start button, .doc-empty button")) {
      focusAfterSwap = { into: FIRST_PROPERTY, from: "workspace", select: true };
    } else if (button.id === "rb-add") {
      focusAfterSwap = { into: '#rule-builder .rule-row:last-child select[name="cond_field"]', from: "rule-builder" };
    } else if (/\/duplicate$/.test(button.getAttribute("hx-post") || "")) {
      focusAfterSwap = { into: FIRST_PROPERTY, from: "workspace" };  // the copy's
    } else if (/\/delete$/.test(button.getAttribute("hx-post") || "")) {
      // what is selected now (the item's step), else the first item, else a way to add one
      focusAfterSwap = { into: ["#workspace .is-selected [data-move-group]", "#workspace [data-move-group]",
        "#workspace .canvas-start button, #workspace .doc-empty button, #workspace .palette__button"], from: "workspace" };
    } else if (button.name === "drop" && button.closest("#rule-builder")) {
      // a condition removed: the one that took its place, else the one before, else Add
      var row = Number(button.value);
      focusAfterSwap = { into: ["#rb-" + row + "-field", "#rb-" + (row - 1) + "-field", "#rb-add"], from: "rule-builder" };
    } else if (button.matches("[data-move]")) {
      focusAfterSwap = { into: afterMove(button), from: "workspace" };
    }
  });

  // Typed before the new item is there: an author who presses Add (a role, a field, a
  // step) and types its name at once typed into the pressed button, a space pressed it
  // again, and the name was lost. Until the swap that press asked for, what is typed on
  // the button is kept (Backspace too; Enter, which would add another, is let go) and
  // typed into the new item's first box, over its made-up name, when the focus gets there.
  var early = null;
  function typedEarly(event) {
    var at = document.activeElement;
    if (!focusAfterSwap || !focusAfterSwap.select || event.ctrlKey || event.metaKey || event.altKey ||
        !(at === document.body || (at && at.matches(".palette__button, .canvas-add-step, .canvas-start button, .doc-empty button")))) {
      return;
    }
    if (event.key.length === 1 || event.key === "Backspace" || event.key === "Enter") {
      event.preventDefault();
      if (event.type !== "keydown") { return; }
      early = event.key === "Backspace" ? (early || "").slice(0, -1) : (early || "") + (event.key === "Enter" ? "" : event.key);
    }
  }
  document.addEventListener("keydown", typedEarly, true);
  document.addEventListener("keyup", typedEarly, true);  // a space's press is made on its release
  var pressed = null;
  document.addEventListener("click", function (event) { early = null; pressed = event.target; }, true);
  document.addEventListener("htmx:afterRequest", function (event) {
    // a press whose request failed: the button is pressed again, not typed into
    if (focusAfterSwap && event.detail && event.detail.elt && event.detail.elt.contains(pressed) &&
        !event.detail.successful) { focusAfterSwap = null; early = null; }
  });

  // A move button (or Alt+Up/Down on the item, which presses it) keeps the focus on the
  // item moved: on the same button, to move it again, or on the item itself. The redrawn
  // workspace left the focus on the page, and Tab started again from its top. A document
  // block is named by its place, which the move changed.
  var CARDS = ".canvas-field, .canvas-section, .doc-block, .role-card";
  function afterMove(button) {
    var card = button.closest(CARDS);
    var handle = card && card.querySelector("[data-move-group]");
    if (!handle || !handle.id) { return null; }
    var id = handle.id;
    var block = /^select-block-(\d+)$/.exec(id);
    if (block) { id = "select-block-" + (Number(block[1]) + (button.dataset.move === "up" ? -1 : 1)); }
    var onButton = document.activeElement === button;
    return function () {
      var moved = document.getElementById(id);
      var at = moved && moved.closest(CARDS);
      if (!at || !onButton) { return moved; }
      var head = at.classList.contains("canvas-section") ? at.querySelector(".canvas-section__head") : at;
      var same = head.querySelector('[data-move="' + button.dataset.move + '"]');
      return same && !same.disabled ? same : moved;
    };
  }

  function selectAll(into) {
    if (into.isContentEditable) {
      var range = document.createRange();
      range.selectNodeContents(into);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    } else if (typeof into.select === "function" && into.type !== "checkbox" && into.type !== "radio") {
      into.select();
    }
  }

  // A box that still holds a new block's starting text ("Write the clause here.", marked
  // data-made-up) is selected whole when clicked, as it is when the block is added, and
  // the first key typed into it replaces it: a click would otherwise put the caret after
  // it, and the clause would begin with that text.
  function madeUp(target) {
    var box = target && target.closest && target.closest("#props-form [data-made-up]");
    return box && !box.dataset.typed ? box : null;
  }
  function selectUntouched(box) {
    var selection = window.getSelection();
    var collapsed = box.isContentEditable ? !selection || selection.isCollapsed : box.selectionStart === box.selectionEnd;
    if (collapsed && document.activeElement === box) { selectAll(box); }
  }
  document.addEventListener("mouseup", function (event) {
    var box = madeUp(event.target);
    // after the browser has placed the caret (a click inside a selection clears it later)
    if (box) { window.setTimeout(function () { if (!box.dataset.typed) { selectUntouched(box); } }, 0); }
  });
  document.addEventListener("keydown", function (event) {
    var box = madeUp(event.target);
    if (box && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      selectUntouched(box);
    }
  });
  document.addEventListener("input", function (event) {
    var box = event.target.closest && event.target.closest("[data-made-up]");
    if (box) { box.dataset.typed = "1"; }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!focusAfterSwap) { return; }
    var swapped = event.detail && event.detail.target;
    if (!swapped || swapped.id !== focusAfterSwap.from) { return; }
    var choices = [].concat(focusAfterSwap.into);
    var into = null;
    for (var i = 0; i < choices.length && !into; i++) {
      into = typeof choices[i] === "function" ? choices[i]() : choices[i] && document.querySelector(choices[i]);
    }
    var select = focusAfterSwap.select;
    var typed = early;
    focusAfterSwap = null;
    early = null;
    if (!into) { return; }
    into.focus();
    if (select) { selectAll(into); }
    // what was typed meanwhile, as if typed now: it replaces the selection, and is saved
    if (typed && !document.execCommand("insertText", false, typed) && typeof into.setRangeText === "function") {
      into.setRangeText(typed, into.selectionStart, into.selectionEnd, "end");
      into.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });

  // Prefill: the claim name (single sign-on) and "Locked" appear once a source is chosen.
  document.addEventListener("change", function (event) {
    if (!event.target.matches || !event.target.matches("#prop-prefill")) { return; }
    var source = event.target.value;
    document.querySelectorAll("[data-prefill-when]").forEach(function (part) {
      var when = part.dataset.prefillWhen;
      part.hidden = when === "any" ? !source : source !== when;
    });
  });

  // The formula helper: insert a field key at the caret, then save as if typed. Pressed
  // with the mouse, it keeps the focus in the formula: leaving the box saved what it held
  // (an emptied formula, refused), and that refusal redrew the panel over the key just
  // inserted, which was lost.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("[data-insert]")) { event.preventDefault(); }
  });
  document.addEventListener("click", function (event) {
    var chip = event.target.closest && event.target.closest("[data-insert]");
    if (!chip) { return; }
    var into = document.querySelector(chip.dataset.into);
    if (!into) { return; }
    var text = chip.dataset.insert;
    var start = into.selectionStart || into.value.length;
    var end = into.selectionEnd || start;
    var before = into.value.slice(0, start);
    var spacer = before && !/[\s(]$/.test(before) ? " " : "";
    into.value = before + spacer + text + into.value.slice(end);
    into.focus();
    into.selectionStart = into.selectionEnd = start + spacer.length + text.length;
    into.dispatchEvent(new Event("input", { bubbles: true }));
  });

  // A problem's link on the publish page names the box to fix it in (?box=prop-v-currency):
  // it is brought into view with the cursor in it, not left below the fold.
  function focusBox() {
    var id = new URLSearchParams(window.location.search).get("box");
    var box = id && document.getElementById(id);
    if (!box) { return; }
    var details = box.closest("details");
    if (details) { details.open = true; }
    var into = box.matches("input, select, textarea, button, [contenteditable=true]") ? box : box.querySelector("select, input:not([type=hidden]), button");
    box.scrollIntoView({ block: "center" });
    if (into) { into.focus(); }
  }

  // Opened with an item selected (a publish problem's link, a "Used by" link, a reload):
  // the canvas scrolls to it. In a long form or contract it can be thousands of pixels
  // down, and the properties alone do not say which of thirty look-alike clauses it is.
  function revealSelected() {
    var card = document.querySelector("#canvas .is-selected");
    if (card) { reveal(card); }
  }

  // "Add a field" on a phone: a disclosure, closed at first, so the form is not pushed
  // below nine rows of buttons; it stays as the author left it when the workspace is redrawn.
  // Wider screens always show the kinds (the summary is then only the pane's title).
  var PHONE = window.matchMedia("(max-width: 600px)");
  var paletteOpen = false;
  function initPaletteKinds(root) {
    if (!root.querySelectorAll) { return; }
    root.querySelectorAll("[data-palette-kinds]").forEach(function (details) {
      if (details.dataset.ready) { return; }
      details.dataset.ready = "1";
      details.open = !PHONE.matches || paletteOpen;
      details.addEventListener("toggle", function () {
        if (PHONE.matches) { paletteOpen = details.open; } else if (!details.open) { details.open = true; }
      });
    });
  }
  PHONE.addEventListener("change", function () {
    document.querySelectorAll("[data-palette-kinds]").forEach(function (d) { d.open = !PHONE.matches || paletteOpen; });
  });
  document.addEventListener("click", function (event) {
    var summary = event.target.closest && event.target.closest(".palette__summary");
    if (summary && !PHONE.matches) { event.preventDefault(); }  // nothing to fold on a wide screen
  });

  document.addEventListener("DOMContentLoaded", function () {
    initPaletteKinds(document);
    revealSelected();
    showOpenInOutline();
    focusBox();
    if (window.htmx) {
      window.htmx.onLoad(initSortables);
      window.htmx.onLoad(showOpenInOutline);
      window.htmx.onLoad(initPaletteKinds);
    }
    initSortables(document);
  });
})();
