// Payload reads `where` from the query string as nested objects (qs). Under an
// operator it expects one value or a list of values; an object there
// (`where[id][in][a][b]=1`) reached the database driver and came back as 500.
// Such a query is refused with 400 naming the parameter. The geo operators
// take objects by design and are left alone.

const operators = new Set([
  "equals",
  "not_equals",
  "in",
  "not_in",
  "all",
  "exists",
  "greater_than",
  "greater_than_equal",
  "less_than",
  "less_than_equal",
  "like",
  "not_like",
  "contains",
]);
const geoOperators = new Set(["near", "within", "intersects"]);
const isIndex = (segment: string) => /^\d*$/.test(segment);

/** `where[a][b]` → ["where", "a", "b"]; null when the key is not bracketed (`where=…`). */
function segments(key: string): string[] | null {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) return null;
  return [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
}

/** Why the query parameter `key` is not a query Payload can run, or null when its shape is fine. */
export function whereProblem(key: string): string | null {
  const path = segments(key);
  if (!path || path[0] !== "where") return null;
  let i = 1;
  while (i < path.length) {
    const segment = path[i]!;
    if (segment === "and" || segment === "or") {
      // where[or][0][…]: a list of conditions
      if (!isIndex(path[i + 1] ?? ""))
        return `${key}: "${segment}" takes a list of conditions, such as where[${segment}][0][title][equals]=…`;
      i += 2;
      continue;
    }
    if (geoOperators.has(segment)) return null;
    if (operators.has(segment)) {
      const rest = path.slice(i + 1);
      if (rest.length === 0 || (rest.length === 1 && isIndex(rest[0]!))) return null;
      return `${key}: the value of "${segment}" must be one value or a list of values (where[…][${segment}][0]=…), not an object`;
    }
    i += 1; // a field name (nested fields may be written as further brackets)
  }
  return null;
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Wraps a Next route handler: a malformed `where` gets 400 naming the parameter before Payload sees it. */
export function withQueryShape<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    for (const key of new URL(request.url).searchParams.keys()) {
      const problem = whereProblem(key);
      if (problem) return Response.json({ errors: [{ message: problem }] }, { status: 400 });
    }
    return handler(request, context);
  };
}
