// ESLint 9 flat config for the whole repository; each workspace runs `eslint .`
// from its own folder (turbo `lint`), so this file is found by walking up.
// typescript-eslint's recommended rules everywhere, plus the few type-aware
// rules that catch real bugs in this code (promises nobody awaits) at the cost
// of one TypeScript program per workspace.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["**/node_modules/**", "**/dist/**", "**/.next/**", "**/_site/**", "**/.turbo/**", "**/payload-types.ts", "**/importMap.js"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node },
    },
    rules: {
      // `_`-prefixed names are deliberately unused (destructuring to drop a field).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
      // A `let` assigned once after a closure that reads it (a service's build function set after the service starts).
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": ["error", { ignoreVoid: true }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: false }],
      "@typescript-eslint/ban-ts-comment": ["error", { "ts-ignore": true, "ts-expect-error": "allow-with-description" }],
    },
  },
  {
    // Tests read parsed JSON, XML and iCalendar, whose shape is what they assert.
    files: ["**/test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Scripts that run in the browser (compiled to ES5 by apps/site/lib/plugins/browser-scripts.ts):
    // browser globals; a catch keeps its binding (ES5 needs one) and a refused localStorage write is ignored.
    files: ["apps/site/src/browser/**/*.ts"],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { projectService: false, project: "apps/site/src/browser/tsconfig.json", tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "no-empty": ["error", { allowEmptyCatch: true }],
      "@typescript-eslint/no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
);
