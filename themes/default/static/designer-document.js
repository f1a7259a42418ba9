/* formseal designer — the paragraph editor: bold, italic, lists, links and merge fields in
 * a contenteditable area. Its HTML is copied into a hidden field that the properties form
 * posts; the server sanitises it (nh3) before it is stored. No inline scripts (CSP). */
(function () {
  "use strict";

  function sync(rte) {
    var area = rte.querySelector(".rte__area");
    var field = rte.closest("form").querySelector("textarea[name=html]");
    if (area && field) { field.value = area.innerHTML; }
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
      area.addEventListener("input", function () { sync(rte); });
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
    document.execCommand("insertText", false, "{{ " + select.value + " }}");
    select.value = "";
    changed(rte);
  }, true);

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    if (window.htmx) { window.htmx.onLoad(init); }
  });
})();
