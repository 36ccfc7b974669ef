// Sends a visitor to the language their browser prefers (or the one they chose
// before); without JavaScript the root page is simply the language chooser.
// A file rather than an inline script, so the site's Content-Security-Policy
// can allow scripts from the site itself only. The languages are the chooser's links.
// TypeScript, compiled to an ES5 script at /assets/choose-language.<hash>.js (lib/plugins/browser-scripts.ts).
(function () {
  "use strict";
  const available: string[] = [];
  document.querySelectorAll("a[data-locale]").forEach(function (link) {
    available.push(link.getAttribute("data-locale") || "");
  });
  let chosen: string | null = null;
  try {
    chosen = localStorage.getItem("cica-locale");
  } catch (e) {
    // Storage refused (private mode): the browser's languages decide.
  }
  const wanted = (chosen ? [chosen] : []).concat(navigator.languages || [navigator.language || ""]);
  for (let i = 0; i < wanted.length; i++) {
    const code = String(wanted[i]).toLowerCase().split("-")[0];
    if (available.indexOf(code) !== -1) {
      location.replace("/" + code + "/");
      return;
    }
  }
})();
