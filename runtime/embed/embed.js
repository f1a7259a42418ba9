/* formseal embed: <script src="https://formseal.example/embed.js" data-form="SLUG" data-token="JWT"></script>
   Inserts the form in an iframe after the script tag, resizes it to its content and
   re-dispatches formseal:* messages from the frame as DOM events on the iframe. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var base = new URL(script.src).origin;
  var form = script.getAttribute("data-form");
  var token = script.getAttribute("data-token");
  if (!form) { console.error("formseal: data-form (the form's slug) is required"); return; }
  // Without a token the frame still opens: formseal says there, to the person, what is missing.
  if (!token) { console.error("formseal: data-token is empty; the intranet's server must fill it in"); }
  var frame = document.createElement("iframe");
  frame.src = base + "/embed/" + encodeURIComponent(form) + "?token=" + encodeURIComponent(token || "") +
    "&origin=" + encodeURIComponent(window.location.origin);
  frame.title = script.getAttribute("data-title") || "Form";
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.minHeight = "480px";
  frame.setAttribute("referrerpolicy", "no-referrer");
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (event) {
    if (event.origin !== base || event.source !== frame.contentWindow) { return; }
    var data = event.data || {};
    if (typeof data.type !== "string" || data.type.indexOf("formseal:") !== 0) { return; }
    if (data.type === "formseal:resize" && data.height) { frame.style.height = Math.min(data.height, 20000) + "px"; }
    frame.dispatchEvent(new CustomEvent(data.type, { detail: data, bubbles: true }));
  });
})();
