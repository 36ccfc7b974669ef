import { readFile } from "node:fs/promises";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SERVER_FORMATS, contentSecurityPolicy, securityHeadersFor, serverConfig, WASM_PATH_PREFIXES } from "../src/headers.js";
import { events } from "./fixtures/json-site.js";
import { startTestService, text, waitForIdleLive, type TestService } from "./helpers.js";

/** The directives of a Content-Security-Policy, by name. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((words): words is [string, ...string[]] => Boolean(words[0]))
      .map(([name, ...values]) => [name, values]),
  );
}

describe("the site's Content-Security-Policy", () => {
  test("for any path: scripts only from the site, never inline or eval, no framing; WebAssembly only under the search pages' prefixes", () => {
    fc.assert(
      fc.property(fc.webPath(), (path) => {
        const csp = directives(securityHeadersFor(path)["Content-Security-Policy"] ?? "");
        expect(csp.get("default-src")).toEqual(["'self'"]);
        expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
        expect(csp.get("object-src")).toEqual(["'none'"]);
        const scripts = csp.get("script-src") ?? [];
        expect(scripts).toContain("'self'");
        expect(scripts).not.toContain("'unsafe-inline'");
        expect(scripts).not.toContain("'unsafe-eval'");
        expect(scripts.includes("'wasm-unsafe-eval'")).toBe(WASM_PATH_PREFIXES.some((prefix) => path.startsWith(prefix)));
      }),
    );
  });

  test("the WebAssembly hook adds 'wasm-unsafe-eval' and nothing else", () => {
    const plain = directives(contentSecurityPolicy());
    const wasm = directives(contentSecurityPolicy({ wasm: true }));
    expect(wasm.get("script-src")).toEqual([...(plain.get("script-src") ?? []), "'wasm-unsafe-eval'"]);
    expect([...wasm.keys()]).toEqual([...plain.keys()]);
  });
});

describe("the static server's response headers", () => {
  let local: TestService;
  let https: TestService;
  beforeAll(async () => {
    local = await startTestService({ content: { events: events(2) } });
    https = await startTestService({ content: { events: events(2) }, siteUrl: "https://events.example.org" });
    await Promise.all([waitForIdleLive(local.builder), waitForIdleLive(https.builder)]);
  });
  afterAll(() => Promise.all([local?.close(), https?.close()]));

  test.each([
    ["a page", "/en/events/event-1/", 200],
    ["an asset", "/assets/app.3f2a9c1d.js", 200],
    ["a calendar", "/ru/calendar.ics", 200],
    ["a missing page", "/zh/no-such-page/", 404],
    ["the language redirect", "/", 302],
    ["a bad request", "/.env", 400],
  ])("%s carries every security header", async (_what, path, status) => {
    const response = await text(`${local.site}${path}`);
    expect(response.status).toBe(status);
    const csp = directives(response.headers.get("content-security-policy") ?? "");
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    // Over plain http (a local start) HSTS would be meaningless.
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  test("HSTS is sent when the public address is https", async () => {
    const response = await text(`${https.site}/en/`);
    expect(response.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}/);
  });
});

describe("the production serving example", () => {
  test.each(SERVER_FORMATS)("README.md shows the %s configuration generated from headers.ts", async (format) => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const block = readme.match(new RegExp(`<!-- print-headers ${format} -->\\n+\`\`\`[a-z]*\\n([\\s\\S]*?)\`\`\``))?.[1];
    expect(
      block,
      `README.md has no generated ${format} block; paste the output of \`npm run -w @cica/builder print-headers -- ${format} --site-url https://events.example.org\``,
    ).toBeDefined();
    expect(block).toBe(serverConfig(format, { siteUrl: "https://events.example.org" }));
  });

  test("the nginx snippet sets the same headers the static server sends", () => {
    const headers = securityHeadersFor("/en/", { siteUrl: "https://events.example.org" });
    const snippet = serverConfig("nginx", { siteUrl: "https://events.example.org" });
    for (const [name, value] of Object.entries(headers)) expect(snippet).toContain(`add_header ${name} "${value}" always;`);
  });
});
