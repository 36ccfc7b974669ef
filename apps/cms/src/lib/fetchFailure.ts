/**
 * Why a fetch() failed, in a person's words: Node's fetch throws "fetch failed"
 * and puts the reason (ECONNREFUSED, a timeout) in `cause`.
 */
export function fetchFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { cause } = error;
  return cause && typeof cause === "object" && "message" in cause && typeof cause.message === "string" ? cause.message : error.message;
}
