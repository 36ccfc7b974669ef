import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Event, resolveEvent } from "../src/index.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/source-announcement.json", import.meta.url), "utf8"));

/** The fixture event with `html` as its body in every locale, as a snapshot would carry it. */
function withBody(html: string) {
  return { ...structuredClone(fixture.event), bodyHtml: { en: html, ru: html, zh: html } };
}

describe("body HTML from the CMS is sanitised where it enters the site", () => {
  it("drops scripts, event handlers and dangerous link schemes", () => {
    const hostile = [
      "<p>Programme</p>",
      "<script>alert(document.cookie)</script>",
      '<img src="x" onerror="alert(1)">',
      '<p onclick="alert(2)">Click</p>',
      '<a href="javascript:alert(3)">Register</a>',
      '<a href="data:text/html,&lt;script&gt;alert(4)&lt;/script&gt;">Agenda</a>',
      '<iframe src="https://evil.example/"></iframe>',
      "<svg><script>alert(5)</script></svg>",
      "<style>body{display:none}</style>",
    ].join("");
    const event = Event.parse(withBody(hostile));
    for (const locale of ["en", "ru", "zh"] as const) {
      const html = resolveEvent(event, locale).bodyHtml ?? "";
      expect(html).toContain("<p>Programme</p>");
      expect(html).toContain("Register");
      expect(html).not.toMatch(/<script|onerror|onclick|javascript:|data:|<iframe|<svg|<style|<img/i);
    }
  });

  it("keeps the formatting and links an editor writes", () => {
    const html =
      "<h2>Agenda</h2><p>Opening by <strong>the Executive Director</strong> and <em>guests</em>.</p>" +
      "<ul><li>Day 1</li><li>Day 2</li></ul>" +
      '<p><a href="https://www.s-cica.org/">CICA</a>, <a href="mailto:events@s-cica.org">write to us</a>, <a href="tel:+77172616490">call</a></p>';
    expect(Event.parse(withBody(html)).bodyHtml?.en).toBe(html);
  });

  it("gives a link that opens a new tab no hold on the site's window", () => {
    const parsed = Event.parse(withBody('<p><a href="https://www.s-cica.org/" target="_blank">CICA</a></p>'));
    expect(parsed.bodyHtml?.en).toContain('rel="noopener noreferrer"');
  });
});
