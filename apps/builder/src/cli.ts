#!/usr/bin/env node
// Operating the build service from a shell, signed with BUILD_HOOK_SECRET like the CMS's notices
// (`npm run cli -w @cica/builder -- <command>`):
//   status                                  live build, queue and history (a signed read)
//   rollback [<build id>]                   serve a kept build again (default: the one before live)
//   rebuild [--force] [reason]              full rebuild; --force skips the drop gate
//   notify <collection> <id> <operation> [locales,comma,separated]
// Env: BUILDER_URL (default http://localhost:${BUILDER_PORT:-8090}), BUILD_HOOK_SECRET.

import { localeCodes } from "@cica/schema";
import { signedGet, signedJsonPost } from "@cica/schema/signature";
import { configOrExit } from "./config.js";

const config = configOrExit("build service CLI");
const base = process.env.BUILDER_URL || `http://localhost:${config.builderPort}`;
const [command, ...args] = process.argv.slice(2);

async function print(response: Response) {
  console.log((await response.text()).trim());
  if (!response.ok) process.exitCode = 1;
}

const post = async (path: string, body: object) => print(await signedJsonPost(`${base}${path}`, body, config.secret));

try {
  switch (command) {
    case "status":
      await print(await signedGet(`${base}/status?history=1`, config.secret));
      break;
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
      if (!collection || !id || !operation) throw new Error(`usage: notify <collection> <id> <operation> [${localeCodes.join(",")}]`);
      await post("/hooks/publish", {
        collection,
        id,
        operation,
        locales: locales ? locales.split(",") : [],
        time: new Date().toISOString(),
      });
      break;
    }
    default:
      console.log(
        "usage: cli.ts status | rollback [<build id>] | rebuild [--force] [reason] | notify <collection> <id> <operation> [locales]",
      );
      process.exitCode = command ? 1 : 0;
  }
} catch (error) {
  // fetch failures carry the socket error as `cause`
  const err = error as Error & { cause?: { message?: string } };
  console.error(`${err.message}${err.cause?.message ? ` (${err.cause.message})` : ""} — is the build service running at ${base}?`);
  process.exitCode = 1;
}
