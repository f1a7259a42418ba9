// Progressive enhancement for signer pages: a drawn signature pad (typed name stays as the
// fallback), and focus on the error summary. Everything works without this file.
(function () {
  "use strict";

  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }

  function setUp(pad) {
    if (typeof SignaturePad === "undefined") { return; }
    var canvas = pad.querySelector("canvas");
    var hidden = pad.querySelector("[data-signature-value]");
    var clear = pad.querySelector("[data-signature-clear]");
    var group = pad.parentElement;
    var intro = group.querySelector("[data-typed-intro]");
    pad.hidden = false;
    if (intro) { intro.textContent = "Or type your full name instead"; }
    var signaturePad = new SignaturePad(canvas, { backgroundColor: "rgb(255,255,255)", penColor: "rgb(10,20,60)" });

    function resize() {
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      var data = signaturePad.isEmpty() ? null : signaturePad.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d").scale(ratio, ratio);
      signaturePad.clear();
      if (data) { signaturePad.fromData(data); }
    }
    window.addEventListener("resize", resize);
    resize();
    if (hidden.value) {
      signaturePad.fromDataURL(hidden.value, { ratio: 1, width: canvas.offsetWidth, height: canvas.offsetHeight });
    }
    var changed = false;
    signaturePad.addEventListener("endStroke", function () { changed = true; });
    clear.addEventListener("click", function () {
      signaturePad.clear(); hidden.value = ""; changed = true;
    });
    var form = pad.closest("form");
    form.addEventListener("submit", function () {
      if (changed) { hidden.value = signaturePad.isEmpty() ? "" : signaturePad.toDataURL("image/png"); }
    });
  }

  document.querySelectorAll("[data-signature-pad]").forEach(setUp);
})();
