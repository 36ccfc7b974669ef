// Sends a visitor to the language their browser prefers (or the one they chose
// before); without JavaScript the root page is simply the language chooser.
// A file rather than an inline script, so the site's Content-Security-Policy
// can allow scripts from the site itself only. The languages are the chooser's links.
(function () {
  "use strict";
  var available = [];
  document.querySelectorAll("a[data-locale]").forEach(function (link) {
    available.push(link.getAttribute("data-locale"));
  });
  var chosen = null;
  try { chosen = localStorage.getItem("cica-locale"); } catch (e) {}
  var wanted = (chosen ? [chosen] : []).concat(navigator.languages || [navigator.language || ""]);
  for (var i = 0; i < wanted.length; i++) {
    var code = String(wanted[i]).toLowerCase().split("-")[0];
    if (available.indexOf(code) !== -1) { location.replace("/" + code + "/"); return; }
  }
})();
