/* formseal designer — the paragraph editor: bold, italic, lists, links and merge fields in
 * a contenteditable area. Its HTML is copied into a hidden field that the properties form
 * posts; the server sanitises it (nh3) before it is stored. No inline scripts (CSP). */
(function () {
  "use strict";

  // Merge fields read as chips with the question's label ("Full name"), as on the page,
  // not as {{ full_name }}: the area shows chips, and what is saved is still the
  // {{ key }} the server stores and the PDF replaces.
  var MERGE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

  function mergeLabels(rte) {
    var labels = {};
    rte.querySelectorAll("[data-merge] option[value]").forEach(function (option) {
      if (option.value) { labels[option.value] = option.dataset.label || option.value; }
    });
    return labels;
  }

  function chip(key, label) {
    var span = document.createElement("span");
    span.className = "merge-field";
    span.contentEditable = "false";
    span.dataset.mergeKey = key;
    span.title = "{{ " + key + " }}";
    span.textContent = label;
    return span;
  }

  function toChips(rte) {
    var area = rte.querySelector(".rte__area");
    var labels = mergeLabels(rte);
    var walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
    var texts = [];
    while (walker.nextNode()) { texts.push(walker.currentNode); }
    texts.forEach(function (text) {
      var value = text.nodeValue, last = 0, parts = [], match;
      MERGE.lastIndex = 0;
      while ((match = MERGE.exec(value))) {
        if (!(match[1] in labels)) { continue; }  // a field that no longer exists stays as typed
        parts.push(document.createTextNode(value.slice(last, match.index)), chip(match[1], labels[match[1]]));
        last = match.index + match[0].length;
      }
      if (!parts.length) { return; }
      parts.push(document.createTextNode(value.slice(last) || "\u200b"));  // room after a chip
      parts.forEach(function (part) { text.parentNode.insertBefore(part, text); });
      text.remove();
    });
  }

  // The chip the caret is in, if any. A chip is not editable, yet a caret put at the end
  // of a paragraph that ends with one (a click there, Ctrl+End) sat inside its text: what
  // was typed next was dropped, and a merge field chosen then went inside the chip and was
  // lost on saving with the words around it.
  function chipAround(node, area) {
    var element = node && (node.nodeType === 1 ? node : node.parentNode);
    var found = element && element.closest ? element.closest("[data-merge-key]") : null;
    return found && area.contains(found) ? found : null;
  }

  // Puts the caret just after `span`, in the text that follows it (made when missing).
  function caretAfter(span) {
    var next = span.nextSibling;
    if (!next || next.nodeType !== 3) {
      next = document.createTextNode("\u200b");
      span.parentNode.insertBefore(next, span.nextSibling);
    }
    var offset = /^\u200b/.test(next.nodeValue) ? 1 : 0;
    var range = document.createRange();
    range.setStart(next, offset);
    range.collapse(true);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return range;
  }

  // Before a key types into the area, a caret inside a chip moves out, after it.
  function leaveChip(event, area) {
    if (event.ctrlKey || event.altKey || event.metaKey) { return; }
    if (event.key.length !== 1 && event.key !== "Enter") { return; }
    var selection = window.getSelection();
    if (!selection.rangeCount || !selection.isCollapsed) { return; }
    var span = chipAround(selection.anchorNode, area);
    if (span) { caretAfter(span); }
  }

  // At the caret, inside the paragraph it is in (execCommand's insertHTML put a chip at the
  // end of a paragraph after it, as a paragraph of its own); the caret goes after the chip.
  function insertChip(area, span) {
    var selection = window.getSelection();
    var range = selection.rangeCount ? selection.getRangeAt(0) : null;
    if (!range || !area.contains(range.commonAncestorContainer)) {
      range = document.createRange();
      range.selectNodeContents(area.lastElementChild || area);
      range.collapse(false);
    }
    var inside = chipAround(range.startContainer, area);
    if (inside) { range = caretAfter(inside); }  // never a chip inside a chip
    range.deleteContents();
    var after = document.createTextNode("\u200b");  // a place for the caret after the chip
    range.insertNode(after);
    range.insertNode(span);
    var before = span.previousSibling;  // "Signed by&nbsp;": a space typed last was a hard one
    if (before && before.nodeType === 3 && /\u00a0$/.test(before.nodeValue)) {
      before.nodeValue = before.nodeValue.slice(0, -1) + " ";
    }
    range.setStart(after, 1);
    range.collapse(true);
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // Backspace right after a new chip removes the chip: the caret sits behind the invisible
  // place made for it (U+200B), which the first Backspace alone would delete.
  function backspaceChip(event, rte) {
    if (event.key !== "Backspace" || event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) { return; }
    var selection = window.getSelection();
    if (!selection.rangeCount || !selection.isCollapsed) { return; }
    var node = selection.anchorNode, offset = selection.anchorOffset;
    if (!node || node.nodeType !== 3 || !/^\u200b*$/.test(node.nodeValue.slice(0, offset))) { return; }
    var span = node.previousSibling, blanks = [];
    while (span && span.nodeType === 3 && /^\u200b*$/.test(span.nodeValue)) {  // empty text nodes
      blanks.push(span);                                                     // left by insertNode
      span = span.previousSibling;
    }
    if (!span || !span.dataset || !span.dataset.mergeKey) { return; }
    event.preventDefault();
    node.nodeValue = node.nodeValue.slice(offset);
    blanks.forEach(function (blank) { blank.remove(); });
    var before = span.previousSibling;  // "Signed by ": a space now last must stay seen
    if (before && before.nodeType === 3 && / $/.test(before.nodeValue) && !node.nodeValue) {
      before.nodeValue = before.nodeValue.slice(0, -1) + "\u00a0";
    }
    span.remove();
    var range = document.createRange();
    range.setStart(node, 0);
    range.collapse(true);
    selection.removeAllRanges();
    selection.addRange(range);
    changed(rte);
  }

  function stored(area) {
    var copy = area.cloneNode(true);
    copy.querySelectorAll("[data-merge-key]").forEach(function (span) {
      span.replaceWith("{{ " + span.dataset.mergeKey + " }}");
    });
    return copy.innerHTML.replace(/\u200b/g, "");  // the caret's place after a new chip
  }

  function sync(rte) {
    var area = rte.querySelector(".rte__area");
    var field = rte.closest("form").querySelector("textarea[name=html]");
    if (area && field) { field.value = stored(area); }
  }

  function changed(rte) {
    sync(rte);
    var area = rte.querySelector(".rte__area");
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function init(root) {
    if (!root.querySelectorAll) { return; }
    root.querySelectorAll("[data-rte]").forEach(function (rte) {
      if (rte.dataset.ready) { return; }
      rte.dataset.ready = "1";
      var area = rte.querySelector(".rte__area");
      toChips(rte);
      area.addEventListener("input", function () { sync(rte); });
      // a click on a chip puts the caret after it, in text: Ctrl+A then selected the page
      area.addEventListener("click", function (event) {
        var span = chipAround(event.target, area);
        if (span && window.getSelection().isCollapsed) { caretAfter(span); }
      });
      area.addEventListener("keydown", function (event) {
        leaveChip(event, area);
        backspaceChip(event, rte);
      });
      area.addEventListener("focus", function () {
        document.execCommand("defaultParagraphSeparator", false, "p");
      });
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".rte__button");
    if (!button) { return; }
    var rte = button.closest("[data-rte]");
    var area = rte.querySelector(".rte__area");
    area.focus();
    var command = button.dataset.command;
    if (command === "createLink") {
      var url = window.prompt("Link address (https://… or mailto:…)", "https://");
      if (!url || !/^(https:\/\/|mailto:)/i.test(url)) { return; }
      document.execCommand("createLink", false, url);
    } else {
      document.execCommand(command, false, null);
    }
    changed(rte);
  });

  document.addEventListener("change", function (event) {
    var select = event.target.closest && event.target.closest("[data-merge]");
    if (!select || !select.value) { return; }
    event.stopPropagation();  // choosing a field is not itself a change to save
    var rte = select.closest("[data-rte]");
    var area = rte.querySelector(".rte__area");
    area.focus();
    var option = select.options[select.selectedIndex];
    insertChip(area, chip(select.value, option.dataset.label || select.value));
    select.value = "";
    changed(rte);
  }, true);

  // A signature block offers only the signatures of its role: choosing another role shows
  // that role's, and a signature of the old role gives way to "Every signature of this
  // role" before the change is sent (capture: htmx reads the form after this).
  document.addEventListener("change", function (event) {
    if (!event.target.matches || !event.target.matches("#prop-role")) { return; }
    var field = document.getElementById("prop-sigfield");
    if (!field) { return; }
    var role = event.target.value;
    field.querySelectorAll("option[data-role]").forEach(function (option) {
      var own = option.dataset.role === role;
      option.hidden = !own;
      option.disabled = !own;
      if (!own && option.selected) { field.value = ""; }
    });
  }, true);

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    if (window.htmx) { window.htmx.onLoad(init); }
  });
})();
