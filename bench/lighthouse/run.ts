// Lighthouse 12 (runs on Node 20) with Debian's Chromium on the event page, home, events index and
// search page in every locale, mobile (Lighthouse's default form factor and throttling), the median
// of several runs per page, printed as a table of the four categories (issue 12 goal: 100 in each).
// The sample content is built and served by the real static server (compression, caching, headers).
// A page the site does not have (the search page before it exists) is reported as missing.
//   node --import tsx bench/lighthouse/run.ts [--runs 3] [--locales en,ru,zh] [--pages event,home,index,search]
//   CHROME_PATH=/usr/bin/chromium by default.
import { parseArgs } from "node:util";
import { launch } from "chrome-launcher";
import lighthouse from "lighthouse";
import { localeCodes } from "@cica/schema";
import { SOURCE_EVENT } from "@cica/fixtures";
import { median } from "../lib/stats.js";
import { serveBuiltSite } from "../lib/served-site.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    locales: { type: "string", default: localeCodes.join(",") },
    pages: { type: "string", default: "event,home,index,search" },
  },
});
const runs = Math.max(1, Number(values.runs));
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const PAGES: Record<string, (locale: string) => string> = {
  event: (l) => `/${l}/events/${SOURCE_EVENT.slug}/`,
  home: (l) => `/${l}/`,
  index: (l) => `/${l}/events/`,
  search: (l) => `/${l}/search/`,
};

const site = await serveBuiltSite();
const chrome = await launch({
  chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu"],
});
const rows: string[] = [];
/** "category: audit id" → "page value" of every run where it did not pass. */
const failing = new Map<string, Set<string>>();
try {
  for (const locale of values.locales.split(",")) {
    for (const name of values.pages.split(",")) {
      const path = PAGES[name]?.(locale);
      if (!path) throw new Error(`unknown page "${name}" (event, home, index, search)`);
      const status = (await fetch(site.url + path, { redirect: "manual" })).status;
      if (status !== 200) {
        rows.push(`| ${path} | missing (HTTP ${status}) | | | |`);
        continue;
      }
      const scores: Record<string, number[]> = Object.fromEntries(CATEGORIES.map((c) => [c, []]));
      for (let run = 0; run < runs; run++) {
        const result = await lighthouse(site.url + path, {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: [...CATEGORIES],
        });
        if (!result) throw new Error(`Lighthouse returned nothing for ${path}`);
        const { categories, audits } = result.lhr;
        for (const c of CATEGORIES) scores[c]!.push(Math.round((categories[c]?.score ?? 0) * 100));
        // What keeps a category below 100, to fix: audits that count and did not pass.
        for (const c of CATEGORIES) {
          for (const ref of categories[c]?.auditRefs ?? []) {
            const audit = audits[ref.id];
            if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) {
              const key = `${c}: ${ref.id}`;
              if (!failing.has(key)) failing.set(key, new Set());
              failing.get(key)!.add(`${path} ${audit.displayValue ?? ""}`.trim());
            }
          }
        }
      }
      rows.push(`| ${path} | ${CATEGORIES.map((c) => median(scores[c]!)).join(" | ")} |`);
      console.error(`${path}: ${CATEGORIES.map((c) => `${c} ${scores[c]!.join("/")}`).join(", ")}`);
    }
  }
} finally {
  chrome.kill();
  await site.close();
}
console.log(
  `Lighthouse ${(await import("lighthouse/package.json", { with: { type: "json" } })).default.version}, mobile, median of ${runs} run(s)`,
);
console.log(`| page | ${CATEGORIES.join(" | ")} |`);
console.log(`| --- | ${CATEGORIES.map(() => "---").join(" | ")} |`);
for (const row of rows) console.log(row);
if (failing.size) {
  console.log("\nAudits below 100 (in any run):");
  for (const [audit, seen] of failing) console.log(`- ${audit}: ${[...seen].join(", ")}`);
}
