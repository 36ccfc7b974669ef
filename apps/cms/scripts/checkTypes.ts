// CI's freshness check of the committed Payload types: regenerate them from the
// config and fail, naming the fix, when the result differs from what is committed.
// A collection changed without regenerating would otherwise leave every typed
// hook, endpoint and the compile-time contract test checking a stale shape.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const cmsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const typesFile = "src/payload-types.ts";

const generated = spawnSync("npx", ["payload", "generate:types"], { cwd: cmsDir, stdio: "inherit" });
if (generated.status !== 0) {
  console.error("check:types: `payload generate:types` failed (is @cica/schema built? `npm run build -w @cica/schema`)");
  process.exit(generated.status ?? 1);
}

// `git diff --exit-code` is 1 when the regenerated file differs from the committed one; an untracked file is stale too.
const tracked = spawnSync("git", ["ls-files", "--error-unmatch", typesFile], { cwd: cmsDir, stdio: "ignore" }).status === 0;
const diff = spawnSync("git", ["diff", "--exit-code", "--stat", "--", typesFile], { cwd: cmsDir, encoding: "utf8" });
if (!tracked || diff.status !== 0) {
  console.error(diff.stdout);
  console.error(
    `check:types: apps/cms/${typesFile} is out of date with the collections.\n` +
      "  After changing a collection, run `npm run generate:types -w @cica/cms` and commit the result.",
  );
  process.exit(1);
}
console.log(`check:types: apps/cms/${typesFile} matches the collections.`);
