import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

// The scripts the site sends to browsers are TypeScript (src/browser/*.ts, type-checked against the
// DOM by src/browser/tsconfig.json). Each is compiled here to one ES5 script, written at /assets/<name>.<hash>.js (hashed-assets.ts), for
// the old phones many visitors use. TypeScript's own transpiler rather than esbuild: esbuild does not
// lower to ES5. No bundling: every file is self-contained and imports nothing.

const browserDir = path.resolve(import.meta.dirname, "../../src/browser");
const names = ["site", "choose-language", "search"] as const;

/**
 * search.ts is the exception: it loads Pagefind's own script, an ES module that needs a modern browser
 * anyway, so it is a module itself (`<script type="module">`; old browsers skip it and keep the search
 * page's links to the static listings).
 */
const MODULES: ReadonlySet<string> = new Set(["search"]);

let compiled: ReadonlyMap<string, string> | undefined;

/** Script name → compiled ES5 source; compiled once per process (the sources change only with a deploy). */
export function browserScripts(): ReadonlyMap<string, string> {
  compiled ??= new Map(
    names.map((name) => {
      const source = readFileSync(path.join(browserDir, `${name}.ts`), "utf8");
      const { outputText } = ts.transpileModule(source, {
        fileName: `${name}.ts`,
        compilerOptions: MODULES.has(name)
          ? { target: ts.ScriptTarget.ES2017, module: ts.ModuleKind.ESNext, removeComments: true }
          : { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.None, removeComments: true },
      });
      return [name, outputText];
    }),
  );
  return compiled;
}
