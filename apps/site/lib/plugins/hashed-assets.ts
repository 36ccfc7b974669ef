import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { UserConfig } from "@11ty/eleventy";
import { browserScripts } from "./browser-scripts.js";

// Every file under /assets/ carries a hash of its content in its name (site.3f2a1c9e0b.css), so the
// static server and any CDN can send it `Cache-Control: immutable` for a year: a changed stylesheet
// is a new name, which the pages (always revalidated) point to at once. Templates print the names
// from the global `assets` ("site.css" → "/assets/site.3f2a1c9e0b.css"). The favicon keeps its
// fixed /favicon.ico: browsers ask for that name without being told.

const assetsDir = path.resolve(import.meta.dirname, "../../src/assets");
const staticDir = path.resolve(import.meta.dirname, "../../src/static");

/** `site.css` + its bytes → `site.<10 hex>.css`. */
export function hashedName(name: string, bytes: string | Buffer): string {
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 10);
  const ext = path.extname(name);
  return `${name.slice(0, -ext.length)}.${hash}${ext}`;
}

interface Asset {
  url: string;
  content: string | Buffer;
}

/** Name (as in src/assets, or `<script>.js` for the compiled browser scripts) → its hashed URL and content. */
export function siteAssets(): ReadonlyMap<string, Asset> {
  const assets = new Map<string, Asset>();
  // Read per build (a few KB): another change to site.css is picked up by the next build of a running service.
  for (const name of readdirSync(assetsDir)) {
    const content = readFileSync(path.join(assetsDir, name));
    assets.set(name, { url: `/assets/${hashedName(name, content)}`, content });
  }
  for (const [script, code] of browserScripts()) {
    const name = `${script}.js`;
    assets.set(name, { url: `/assets/${hashedName(name, code)}`, content: code });
  }
  return assets;
}

export default function hashedAssetsPlugin(eleventyConfig: UserConfig): void {
  const assets = siteAssets();
  eleventyConfig.addGlobalData("assets", Object.fromEntries([...assets].map(([name, { url }]) => [name, url])));
  for (const [name, { url, content }] of assets) {
    if (typeof content === "string" || /\.(css|svg)$/.test(name)) {
      eleventyConfig.addTemplate(`asset-${name}.11ty.js`, {
        data: () => ({ permalink: url, eleventyExcludeFromCollections: true }),
        render: () => content.toString(),
      });
    } else {
      // Binary files (icons) are copied as they are.
      eleventyConfig.addPassthroughCopy({ [path.join(assetsDir, name)]: url.slice(1) });
    }
  }
  for (const name of readdirSync(staticDir)) eleventyConfig.addPassthroughCopy({ [path.join(staticDir, name)]: name });
}
