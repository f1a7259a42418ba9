// Inside an embedded signer page: tell the host page (only the configured origin) what
// happens — formseal:loaded, formseal:step, formseal:completed, formseal:declined — and
// how tall the page is, so the host's iframe can fit it. On the page that says why a form
// cannot open (data-refused): formseal:refused with its reference, and the height.
(function () {
  "use strict";
  var me = document.currentScript;
  var origin = me && me.getAttribute("data-origin");
  if (!origin || window.parent === window) { return; }
  // In a frame the page is as tall as its content (no 100vh), so resizing cannot feed back.
  document.documentElement.classList.add("is-embedded");
  function post(type, extra) {
    var message = { type: type };
    for (var key in extra || {}) { message[key] = extra[key]; }
    window.parent.postMessage(message, origin);
  }
  function size() { post("formseal:resize", { height: Math.ceil(document.body.getBoundingClientRect().height) }); }
  window.addEventListener("load", size);
  if (window.ResizeObserver) { new ResizeObserver(size).observe(document.body); }
  // the page that says why a form cannot open: only its reference, and its height
  if (me.hasAttribute("data-refused")) {
    post("formseal:refused", { reference: me.getAttribute("data-reference") || null });
    size();
    return;
  }
  var envelope = me.getAttribute("data-envelope");
  post("formseal:loaded", { envelope: envelope, path: window.location.pathname.replace(/^\/s\/[^/]+/, "") });
  // formseal:step on each question step and on Check your answers (review: true, step = of)
  var caption = document.querySelector(".step-caption");
  var review = !!(caption && caption.hasAttribute("data-review"));
  if (caption && (review || document.querySelector("[data-signer-form]"))) {
    var match = /(\d+)\D+(\d+)/.exec(caption.textContent);
    post("formseal:step", { envelope: envelope, step: match ? +match[1] : null, of: match ? +match[2] : null, review: review });
  }
  // once: on the confirmation shown right after finishing, not on its refreshes while sealing
  if (document.querySelector(".panel--confirmation[data-just-finished]")) { post("formseal:completed", { envelope: envelope }); }
  if (document.querySelector(".panel--neutral")) { post("formseal:declined", { envelope: envelope }); }
  size();
})();
