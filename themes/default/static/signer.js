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

    // `changed`: the signer drew or cleared on this page, so the pad (not the stored
    // value) is the truth. Until then the pad shows the signature saved earlier.
    var changed = false;
    var lastWidth = 0;

    function restore() {
      // Draw the saved signature at its own aspect ratio, however wide the box is now.
      var image = new Image();
      image.onload = function () {
        var scale = Math.min(canvas.offsetWidth / image.naturalWidth, canvas.offsetHeight / image.naturalHeight);
        signaturePad.fromDataURL(hidden.value, {
          ratio: 1, width: image.naturalWidth * scale, height: image.naturalHeight * scale
        });
      };
      image.src = hidden.value;
    }

    function resize() {
      // Only a change of width needs a new bitmap; phones fire resize when the on-screen
      // keyboard opens, and redrawing then would wipe what the signer sees.
      if (canvas.offsetWidth === lastWidth) { return; }
      lastWidth = canvas.offsetWidth;
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      var data = changed && !signaturePad.isEmpty() ? signaturePad.toData() : null;
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d").scale(ratio, ratio);
      signaturePad.clear();
      if (data) {
        signaturePad.fromData(data);
      } else if (!changed && hidden.value) {
        restore();
      }
    }
    window.addEventListener("resize", resize);
    resize();
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
