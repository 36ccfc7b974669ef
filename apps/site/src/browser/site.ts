// Small, optional enhancements; every page is complete without them. TypeScript, compiled to an
// ES5 script at /assets/site.<hash>.js (lib/plugins/browser-scripts.ts).
(function () {
  "use strict";
  // The visitor's own local time beside the event's wall-clock time.
  document.querySelectorAll<HTMLTimeElement>("time[data-local-time]").forEach(function (el) {
    const when = new Date(el.dateTime);
    if (isNaN(when.getTime())) return;
    // The page's formatting locale (en-GB, ru-RU, zh-Hans-CN), not the bare language tag.
    const intl = el.getAttribute("data-intl") || document.documentElement.lang;
    const format = new Intl.DateTimeFormat(intl, {
      year: "numeric",
      month: "long",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    });
    // Both ends where the event has an end: an overnight event may fall on other days for the visitor.
    const ends = new Date(el.getAttribute("data-ends") || "");
    let text = format.format(when);
    if (!isNaN(ends.getTime()) && ends > when) {
      // ICU's Chinese ranges fall back to numeric dates ("2027/2/20 GMT+1 21:00–23:00"): both ends in full there.
      text =
        typeof format.formatRange === "function" && !/^zh/.test(intl) ? format.formatRange(when, ends) : text + " – " + format.format(ends);
    }
    const note = document.createElement("span");
    note.className = "local-time";
    note.textContent = el.getAttribute("data-label") + " " + text;
    el.insertAdjacentElement("afterend", note);
  });

  // Copy link, and the system share sheet where the browser has one.
  const status = document.querySelector(".copy-status");
  document.querySelectorAll<HTMLButtonElement>("button[data-copy]").forEach(function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy") || location.href).then(
        function () {
          if (status) status.textContent = button.getAttribute("data-done");
        },
        function () {
          // Copying refused (no permission): nothing is announced, and the address stays in the browser's bar.
        },
      );
    });
  });
  document.querySelectorAll<HTMLButtonElement>("button[data-share]").forEach(function (button) {
    if (!navigator.share) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator
        .share({ title: button.getAttribute("data-title") || document.title, url: button.getAttribute("data-share") || location.href })
        .catch(function () {});
    });
  });

  // Remember a language chosen in the switcher, so "/" sends the visitor back to it.
  document.querySelectorAll("a[data-locale]").forEach(function (link) {
    link.addEventListener("click", function () {
      try {
        localStorage.setItem("cica-locale", link.getAttribute("data-locale") || "");
      } catch (e) {
        // Storage refused (private mode): the choice is simply not remembered.
      }
    });
  });
})();
