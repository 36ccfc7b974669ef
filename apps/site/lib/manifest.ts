import type { Chrome } from "./view/chrome.js";

// The web app manifest (https://www.w3.org/TR/appmanifest/): the name and icon a phone shows when
// the site is added to its home screen. One per locale, in that language, starting at that
// locale's home page; /manifest.webmanifest (the language chooser's) is the English one.

export const THEME_COLOR = "#123f73";

export function webManifest(chrome: Chrome, assets: Record<string, string>): string {
  return JSON.stringify({
    name: chrome.siteName,
    short_name: chrome.siteName.length <= 12 ? chrome.siteName : "CICA",
    description: chrome.tagline,
    lang: chrome.lang,
    dir: "ltr",
    start_url: chrome.homeUrl,
    scope: "/",
    display: "browser",
    background_color: "#ffffff",
    theme_color: THEME_COLOR,
    icons: [
      { src: assets["icon.svg"], type: "image/svg+xml", sizes: "any" },
      { src: assets["icon-192.png"], type: "image/png", sizes: "192x192" },
    ],
  });
}
