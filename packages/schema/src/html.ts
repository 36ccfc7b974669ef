import sanitizeHtml from "sanitize-html";
import * as z from "zod";
import { allowedUrlProtocols } from "./validators.js";

// Every HTML fragment the CMS provides (the event body, rendered from rich
// text) passes this allowlist where it enters the site, because the site
// inserts it unescaped. The library is sanitize-html: pure JavaScript on
// htmlparser2, maintained, and allowlist-based (tags, attributes, URL schemes).
// DOMPurify would need jsdom to run in Node, a far heavier dependency for the
// same guarantee.

const allowedSchemes = allowedUrlProtocols.map((protocol) => protocol.replace(/:$/, ""));

const bodyHtmlPolicy: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "span",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
  ],
  allowedAttributes: {
    a: ["href", "rel", "target"],
    ol: ["start"],
    li: ["value"],
    th: ["colspan", "rowspan"],
    td: ["colspan", "rowspan"],
    "*": ["class", "dir", "lang"],
  },
  allowedSchemes,
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  // A link that opens a new tab must not hand the site's window to the target.
  transformTags: {
    a: (tagName, attribs) =>
      attribs.target === "_blank" ? { tagName, attribs: { ...attribs, rel: "noopener noreferrer" } } : { tagName, attribs },
  },
};

/** The fragment with everything outside the allowlist removed (scripts, handlers, other schemes). */
export function sanitizeBodyHtml(html: string): string {
  return sanitizeHtml(html, bodyHtmlPolicy);
}

/**
 * CMS-provided HTML, sanitised as it is parsed. Its size is bounded where it is
 * written (`limits.richTextBytes` of editor JSON per locale), not here, so the
 * site never refuses a body the CMS accepted.
 */
export const SafeHtml = z.string().transform(sanitizeBodyHtml);
