#!/usr/bin/env node
// `npm run -w @cica/builder print-headers -- nginx|caddy [--site-url https://events.example.org]`:
// the site's security headers (headers.ts) as web-server configuration, on stdout.
// HSTS is included when the site URL (--site-url, else SITE_URL) is https.

import { parseArgs } from "node:util";
import { SERVER_FORMATS, serverConfig, type ServerFormat } from "./headers.js";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { "site-url": { type: "string" } } });
const format = positionals[0] ?? "nginx";
if (!isFormat(format)) {
  console.error(`usage: print-headers ${SERVER_FORMATS.join("|")} [--site-url <url>]`);
  process.exit(1);
}
process.stdout.write(serverConfig(format, { siteUrl: values["site-url"] ?? process.env.SITE_URL }));

function isFormat(value: string): value is ServerFormat {
  return (SERVER_FORMATS as readonly string[]).includes(value);
}
