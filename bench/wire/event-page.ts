// The event page's weight over the wire (issue 12 budget: ≤ 30 KB with brotli, CSS included, 0 KB of
// required JS). Builds the sample content, serves it with the real static server, fetches every event
// page in every locale with `Accept-Encoding: br` and the stylesheets it links, and prints bytes as
// sent (compressed) beside the raw size. The scripts are `defer` and optional (the pages work without
// JavaScript; apps/site/test/browser.test.ts), so they are printed apart, not counted as required.
//   node --import tsx bench/wire/event-page.ts
import { request } from "node:http";
import { localeCodes } from "@cica/schema";
import { sampleSnapshot } from "@cica/fixtures";
import { serveBuiltSite } from "../lib/served-site.js";

const BUDGET = 30 * 1024;

interface Fetched {
  status: number;
  encoding: string | undefined;
  wireBytes: number;
  body: Buffer;
}

/** The bytes as sent: node:http does not decompress. */
function fetchRaw(url: string, acceptEncoding: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { "accept-encoding": acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, encoding: res.headers["content-encoding"], wireBytes: body.length, body });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

const links = (html: string, pattern: RegExp) => [...html.matchAll(pattern)].map((m) => m[1]!);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const site = await serveBuiltSite();
try {
  const slugs = sampleSnapshot().events.map((e) => e.slug);
  const rows: { page: string; html: number; htmlRaw: number; css: number; cssRaw: number; js: number; total: number }[] = [];
  for (const locale of localeCodes) {
    for (const slug of slugs) {
      const path = `/${locale}/events/${slug}/`;
      const page = await fetchRaw(site.url + path, "br");
      if (page.status !== 200) continue; // drafts and the like are not published
      if (page.encoding !== "br") throw new Error(`${path} was not sent with brotli (Content-Encoding: ${page.encoding})`);
      const raw = await fetchRaw(site.url + path, "identity");
      const html = raw.body.toString("utf8");
      let css = 0;
      let cssRaw = 0;
      for (const href of links(html, /<link rel="stylesheet" href="([^"]+)"/g)) {
        css += (await fetchRaw(site.url + href, "br")).wireBytes;
        cssRaw += (await fetchRaw(site.url + href, "identity")).wireBytes;
      }
      let js = 0;
      for (const src of links(html, /<script src="([^"]+)"/g)) js += (await fetchRaw(site.url + src, "br")).wireBytes;
      rows.push({ page: path, html: page.wireBytes, htmlRaw: raw.wireBytes, css, cssRaw, js, total: page.wireBytes + css });
    }
  }
  rows.sort((a, b) => b.total - a.total);
  console.log(`Event pages over the wire (brotli), ${rows.length} pages; budget ${kb(BUDGET)} for HTML + CSS, 0 KB required JS`);
  console.log("| page | HTML br (raw) | CSS br (raw) | HTML + CSS br | optional JS br |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const r of rows.slice(0, 6))
    console.log(`| ${r.page} | ${kb(r.html)} (${kb(r.htmlRaw)}) | ${kb(r.css)} (${kb(r.cssRaw)}) | ${kb(r.total)} | ${kb(r.js)} |`);
  const worst = rows[0]!;
  const median = rows[Math.floor(rows.length / 2)]!;
  console.log(
    `heaviest: ${kb(worst.total)} (${worst.total <= BUDGET ? "within" : "OVER"} the budget); median: ${kb(median.total)}; required JS: 0 KB`,
  );
} finally {
  await site.close();
}
