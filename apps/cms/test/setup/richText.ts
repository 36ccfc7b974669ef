// Lexical editor states as the admin sends them, for tests of what a save accepts.

type Node = Record<string, unknown>;

const text = (value: string): Node => ({ type: "text", text: value, version: 1, format: 0, mode: "normal", style: "", detail: 0 });
const element = (type: string, children: Node[], extra: Node = {}): Node => ({
  type,
  version: 1,
  direction: "ltr",
  format: "",
  indent: 0,
  ...extra,
  children,
});
const root = (children: Node[]) => ({ root: element("root", children) });

/** `depth` paragraphs nested in one another, the innermost holding a word. */
export function nestedRichText(depth: number) {
  let node = text("deep");
  for (let i = 0; i < depth; i++) node = element("paragraph", [node]);
  return root([node]);
}

/** One paragraph holding one link (or autolink) to `url`. */
export function richTextWithLink(url: string, type: "link" | "autolink" = "link") {
  const link = element(type, [text("register here")], { version: 3, fields: { url, linkType: "custom", newTab: false } });
  return root([element("paragraph", [link], { textFormat: 0 })]);
}

/** `paragraphs` paragraphs of `words` words each. */
export function longRichText(paragraphs: number, word: string, words: number) {
  return root(Array.from({ length: paragraphs }, () => element("paragraph", [text(`${word} `.repeat(words))])));
}

/**
 * The JSON text of an event draft whose body is `depth` paragraphs deep, written
 * as text because JSON.stringify itself runs out of stack on such an object.
 */
export function nestedRichTextJson(title: string, depth: number): string {
  const open = JSON.stringify(element("paragraph", [])).replace(/\[\]\}$/, "[");
  const body = `{"root":${JSON.stringify(element("root", [])).replace(/\[\]\}$/, "[")}${open.repeat(depth)}${JSON.stringify(text("deep"))}${"]}".repeat(depth)}]}}`;
  return `{"title":${JSON.stringify(title)},"_status":"draft","body":${body}}`;
}
