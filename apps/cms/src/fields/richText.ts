import type { RichTextField } from "payload";
import { isAllowedUrl, limits, utf8Bytes } from "@cica/schema";
import { withLimit } from "./limits";

// Rich text is stored as the editor's JSON (Lexical). It is checked as it is
// saved, not only when rendered: a stored `javascript:` link would wait in the
// database for any future renderer that forgets to neutralise it.

type Node = { type?: unknown; children?: unknown; fields?: { url?: unknown; linkType?: unknown } };

const linkTypes = new Set(["link", "autolink"]);

/**
 * Walks the tree without recursion (a hostile body 3,000 levels deep must get
 * a 400, not a stack overflow) and stops at the first problem.
 */
function richTextProblem(value: unknown): string | null {
  if (!value || typeof value !== "object") return null;
  const root = (value as { root?: unknown }).root; // any object: a missing root is simply nothing to check
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (!node || typeof node !== "object") continue;
    if (depth > limits.richTextDepth) return `must be nested at most ${limits.richTextDepth} levels deep`;
    const { type, children, fields } = node as Node; // every member is checked before use
    if (typeof type === "string" && linkTypes.has(type) && fields?.linkType !== "internal") {
      const url = typeof fields?.url === "string" ? fields.url.trim() : "";
      if (!isAllowedUrl(url)) return `the link "${url.slice(0, 80)}" must start with https://, http://, mailto: or tel:`;
    }
    if (Array.isArray(children)) for (const child of children) stack.push({ node: child, depth: depth + 1 });
  }
  // Measured after the depth check, which keeps JSON.stringify's own recursion shallow.
  const kilobytes = limits.richTextBytes / 1024;
  return utf8Bytes(JSON.stringify(value)) > limits.richTextBytes ? `must be at most ${kilobytes} KB (split it or shorten it)` : null;
}

/** A rich text field within the size, depth and link rules above. */
export function safeRichText<F extends RichTextField>(field: F): F {
  return withLimit(field, richTextProblem);
}
