// Workspaces use one another only by package name, through the other's `exports` map (issue 11): a
// relative path into another workspace's folder breaks when that folder moves, and skips the
// contract the exports map states. Imports are read with TypeScript's own pre-processor, which
// finds static imports, re-exports and dynamic import() with a literal specifier.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { expect, test } from "vitest";

const repoRoot = resolve(import.meta.dirname, "../..");
const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/;
const SKIP = new Set(["node_modules", ".next", "dist", "_site", ".turbo", ".data"]);

type PackageJson = { name: string; workspaces?: string[]; exports?: Record<string, unknown> };
const readPackage = (dir: string) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;

/**
 * The root package.json's workspace folders. Its entries are folders or `folder/*`, so this reads
 * them directly rather than through a glob library.
 */
function workspaceDirs(): string[] {
  return (readPackage(repoRoot).workspaces ?? []).flatMap((entry) =>
    entry.endsWith("/*")
      ? readdirSync(join(repoRoot, entry.slice(0, -2)), { withFileTypes: true })
          .filter((d) => d.isDirectory() && existsSync(join(d.parentPath, d.name, "package.json")))
          .map((d) => join(d.parentPath, d.name))
      : [join(repoRoot, entry)],
  );
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (SOURCE.test(entry.name)) yield path;
  }
}

/** Whether `subpath` ("./start") is one of the exports map's keys, or matches one of its `*` patterns. */
function exported(exports: Record<string, unknown>, subpath: string): boolean {
  return Object.keys(exports).some((key) => key === subpath || (key.includes("*") && subpath.startsWith(key.slice(0, key.indexOf("*")))));
}

test("no workspace imports another by a relative path, and every @cica/… subpath is in that package's exports map", () => {
  const workspaces = workspaceDirs();
  const owner = (path: string) => workspaces.find((dir) => path === dir || path.startsWith(dir + sep));
  const byName = new Map(workspaces.map((dir) => [readPackage(dir).name, readPackage(dir)]));
  const wrong: string[] = [];
  for (const dir of workspaces) {
    for (const file of sourceFiles(dir)) {
      for (const { fileName: specifier } of ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles) {
        const where = `${relative(repoRoot, file)} imports ${specifier}`;
        if (specifier.startsWith(".")) {
          if (owner(resolve(dirname(file), specifier)) !== dir) wrong.push(`${where}: a path into another workspace`);
          continue;
        }
        const [, name, subpath] = specifier.match(/^(@cica\/[^/]+)(\/.*)?$/) ?? [];
        const target = name ? byName.get(name) : undefined;
        if (name && !target) wrong.push(`${where}: no workspace is named ${name}`);
        // A package without an exports map exports nothing but its main entry: any subpath is a deep path.
        if (target && (subpath || target.exports) && !exported(target.exports ?? {}, `.${subpath ?? ""}`))
          wrong.push(`${where}: not in ${name}'s exports map`);
      }
    }
  }
  expect(wrong).toEqual([]);
});
