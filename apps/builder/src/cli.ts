#!/usr/bin/env node
// @ts-check
// Operating the build service from a shell, signed with BUILD_HOOK_SECRET like the CMS's notices:
//   node apps/site/service/cli.mjs status
//   node apps/site/service/cli.mjs rollback [<build id>]     serve a kept build again (default: the one before live)
//   node apps/site/service/cli.mjs rebuild [--force] [reason] full rebuild; --force skips the drop gate
//   node apps/site/service/cli.mjs notify <collection> <id> <operation> [locales,comma,separated]
// Env: BUILDER_URL (default http://localhost:${BUILDER_PORT:-8090}), BUILD_HOOK_SECRET.

import { configFromEnv } from "./config.mjs";
import { sign } from "./signature.mjs";

const config = configFromEnv();
const base = process.env.BUILDER_URL || `http://localhost:${config.builderPort}`;
const [command, ...args] = process.argv.slice(2);

/** @param {string} path @param {object} body */
async function post(path, body) {
  const raw = JSON.stringify(body);
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-cica-signature": sign(config.secret, raw) },
    body: raw,
  });
  const text = await response.text();
  console.log(text.trim());
  if (!response.ok) process.exitCode = 1;
}

try {
  switch (command) {
    case "status": {
      const response = await fetch(`${base}/status`);
      console.log(JSON.stringify(await response.json(), null, 2));
      break;
    }
    case "rollback":
      await post("/rollback", args[0] ? { to: args[0] } : {});
      break;
    case "rebuild": {
      const force = args.includes("--force");
      const reason = args.filter((a) => a !== "--force").join(" ") || "manual rebuild from the command line";
      await post("/rebuild", { force, reason });
      break;
    }
    case "notify": {
      const [collection, id, operation, locales] = args;
      if (!collection || !id || !operation) throw new Error("usage: notify <collection> <id> <operation> [en,ru,zh]");
      await post("/hooks/publish", { collection, id, operation, locales: locales ? locales.split(",") : [], time: new Date().toISOString() });
      break;
    }
    default:
      console.log("usage: cli.mjs status | rollback [<build id>] | rebuild [--force] [reason] | notify <collection> <id> <operation> [locales]");
      process.exitCode = command ? 1 : 0;
  }
} catch (error) {
  const err = /** @type {Error & { cause?: { message?: string } }} */ (error);
  console.error(`${err.message}${err.cause?.message ? ` (${err.cause.message})` : ""} — is the build service running at ${base}?`);
  process.exitCode = 1;
}
