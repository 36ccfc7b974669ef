import { localeCodes } from "@cica/schema";

// Payload reads `?locale=` and `?fallback-locale=` from every REST and GraphQL
// request and quietly serves the default language for a code it does not know:
// a client asking for French got English and could not tell. An unknown code
// is refused instead, naming the parameter. GraphQL's own `locale` argument is
// an enum of the configured codes, which GraphQL already refuses.

/** `all` reads and writes every language at once; the fallback may also be switched off. */
const accepted: Record<string, readonly string[]> = {
  locale: [...localeCodes, "all"],
  "fallback-locale": [...localeCodes, "none", "false", "null"],
};

/** The message for the first unknown locale in `url`'s query, or null when every one is known. */
export function unknownLocale(url: URL): string | null {
  for (const [parameter, known] of Object.entries(accepted)) {
    for (const value of url.searchParams.getAll(parameter)) {
      if (!known.includes(value)) return `${parameter}: "${value}" is not a language of this site; use one of ${known.join(", ")}`;
    }
  }
  return null;
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Wraps a Next route handler: a request naming an unknown locale gets 400 before Payload sees it. */
export function withKnownLocale<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    const message = unknownLocale(new URL(request.url));
    if (message) return Response.json({ errors: [{ message }] }, { status: 400 });
    return handler(request, context);
  };
}
