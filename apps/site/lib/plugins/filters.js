// Filters the templates need beyond Nunjucks' own (which escapes by default).
export default function filtersPlugin(eleventyConfig) {
  /** ` lang="en"` when a text is shown in another language than the page's, else nothing. */
  eleventyConfig.addFilter("langAttr", function (lang) {
    return lang ? this.env.filters.safe(` lang="${this.env.filters.escape(lang)}"`) : "";
  });
}
