import type { NunjucksEngine, NunjucksTemplate, RenderFunction, UserConfig } from "@11ty/eleventy";

// Eleventy 3.1 stopped caching compiled Nunjucks templates ("moved to
// Nunjucks' internal cache", which only covers templates loaded by name): each
// page of a paginated template — and its layout — is compiled again from its
// source. A profile of 1,000 events × 3 locales put Nunjucks' compiler at over
// half of a full build. This re-declares the njk syntax with the same Nunjucks
// environment but marks its compilations cacheable, so Eleventy's own compile
// cache (keyed by file and source text) keeps one compiled template per file.
// Nothing else changes: front matter, layouts, permalinks and filters are
// Eleventy's, and the output is byte for byte the same.
export default function nunjucksCachePlugin(eleventyConfig: UserConfig): void {
  let engine: NunjucksEngine | undefined;
  eleventyConfig.on("eleventy.engine.njk", (njk) => {
    engine = njk;
  });
  const compiled = new Map<string, NunjucksTemplate>();
  /** One compiled template per file and source text; the render function Eleventy expects. */
  function compile(njk: NunjucksEngine, source: string, inputPath: string): RenderFunction {
    const key = `${inputPath}\u0000${source}`;
    let template = compiled.get(key);
    if (!template) compiled.set(key, (template = new njk.nunjucks.Template(source, njk.environment, inputPath, false)));
    const ready = template;
    return (data) =>
      new Promise((resolve, reject) => {
        ready.render(data, (error, result) => (error ? reject(error) : resolve(result ?? "")));
      });
  }
  eleventyConfig.addExtension("njk", {
    compileOptions: {
      cache: true,
      // Permalinks such as "{{ p.url }}index.html" are Nunjucks too, rendered once per page.
      permalink: (source, inputPath) => (typeof source === "string" && engine ? compile(engine, source, inputPath) : () => source),
    },
    compile(source, inputPath) {
      return engine ? compile(engine, source, inputPath) : this.defaultRenderer;
    },
  });
}
