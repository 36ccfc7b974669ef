import { getPayload, type Config, type Payload, type SanitizedConfig } from "payload";

type AfterErrorHook = NonNullable<NonNullable<Config["hooks"]>["afterError"]>[number];

// What the CMS does while its database is down (the launcher restarts it; see
// packages/local-db/src/supervise.ts): every API request is answered 503 with
// Retry-After at once, saying why, instead of hanging and then answering 500 —
// or worse, answering as if nobody were signed in (Payload's sign-in check
// treats a failed user lookup as "no user": /api/users/me said `user: null`
// and a publish got 403 "not allowed").

/** Seconds a client is asked to wait before trying again; the launcher's first restart takes about a second. */
export const RETRY_AFTER_SECONDS = 5;
/**
 * Only a driver error counts as "down": with no server to reach, the driver gives up after
 * serverSelectionTimeoutMS (1.5 s, lib/database.ts). A ping that is merely slow — a busy
 * database under a burst of saves — is not an outage: after this long the request goes on
 * to Payload, which answers 503 itself if the database really fails it (afterError below).
 */
const PING_PATIENCE_MS = 3000;
/**
 * How long one ping's answer stands for anonymous requests (a burst of page reads costs one
 * ping, not one each). "Down" stands longer: until the database is back, refusing needs no ping.
 */
const UP_FOR_MS = 100;
const DOWN_FOR_MS = 500;

export type DatabaseState = "up" | "down";

type Connection = { readyState?: number; db?: { admin: () => { ping: () => Promise<unknown> } } };

let last: { state: DatabaseState; at: number } | undefined;
let pending: Promise<DatabaseState> | undefined;

async function ping(payload: Payload): Promise<DatabaseState | "slow"> {
  // Cast: the adapter is Payload's mongoose adapter (lib/database.ts), whose `connection` is a mongoose Connection.
  const connection = (payload.db as unknown as { connection?: Connection }).connection;
  const admin = connection?.db?.admin();
  if (!admin) return "down";
  let timer: NodeJS.Timeout | undefined;
  const patience = new Promise<"slow">((resolve) => {
    timer = setTimeout(() => resolve("slow"), PING_PATIENCE_MS);
  });
  try {
    return await Promise.race([admin.ping().then((): DatabaseState => "up"), patience]);
  } catch {
    return "down";
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether the database answers now. Concurrent callers share one ping; with `fresh` false a
 * recent answer is reused. Signed-in requests ask fresh: for them a stale "up" is the worst
 * case, since Payload would take the failed user lookup for "signed out".
 */
export async function databaseState(payload: Payload, { fresh = true }: { fresh?: boolean } = {}): Promise<DatabaseState> {
  const age = last ? Date.now() - last.at : Infinity;
  if (!fresh && last && age < (last.state === "up" ? UP_FOR_MS : DOWN_FOR_MS)) return last.state;
  pending ??= ping(payload).then((answer) => {
    pending = undefined;
    // Slow is not down: the request may go on, and the last known state stays as it was.
    if (answer === "slow") return "up";
    last = { state: answer, at: Date.now() };
    return answer;
  });
  return pending;
}

const unavailable = {
  en: "The database is not answering, so nothing can be read or saved right now (your change was not stored). It is being restarted; try again in a few seconds.",
  ru: "База данных не отвечает, поэтому сейчас ничего нельзя прочитать или сохранить (ваше изменение не сохранено). Она перезапускается; повторите через несколько секунд.",
  zh: "数据库没有响应，目前无法读取或保存任何内容（您的更改未被存储）。数据库正在重启，请几秒钟后重试。",
} as const;

function messageFor(language: string | null | undefined): string {
  return language === "ru" || language === "zh" ? unavailable[language] : unavailable.en;
}

/** The admin's language from the request's Accept-Language, for a request Payload has not seen yet. */
function languageOf(request: Request): string {
  return (request.headers.get("accept-language") ?? "").trim().slice(0, 2).toLowerCase();
}

export function unavailableResponse(language?: string | null): Response {
  return Response.json(
    { errors: [{ message: messageFor(language) }], database: "down" },
    { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" } },
  );
}

/** The driver's and mongoose's errors for "no server to talk to" (not a refused query, which stays a 4xx/500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    // Cast: any thrown object; only its name and message are read, and its cause followed.
    const { name = "", message = "", cause } = e as { name?: string; message?: string; cause?: unknown };
    if (/^Mongo(ose)?(ServerSelection|Network|NetworkTimeout|NotConnected|Topology(Closed)?)Error$/.test(name)) return true;
    if (/Client must be connected|connection .* closed|ECONNREFUSED|before initial connection is complete/i.test(message)) return true;
    e = cause;
  }
  return false;
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/**
 * Wraps a Next route handler: with the database down, 503 with Retry-After before
 * Payload sees the request (its sign-in check would otherwise take the outage for
 * "signed out").
 */
export function withDatabase(config: Promise<SanitizedConfig> | SanitizedConfig) {
  return <C>(handler: Handler<C>): Handler<C> =>
    async (request, context) => {
      const payload = await getPayload({ config });
      const signedIn = request.headers.has("authorization") || /(^|;\s*)payload-token=/.test(request.headers.get("cookie") ?? "");
      if ((await databaseState(payload, { fresh: signedIn })) === "down") return unavailableResponse(languageOf(request));
      return handler(request, context);
    };
}

/**
 * Payload's afterError hook: a request that was under way when the database went
 * away is answered 503 with Retry-After and the reason, not 500 "Something went wrong".
 */
export const databaseOutageAfterError: AfterErrorHook = ({ error, req }) => {
  if (!isDatabaseUnavailable(error)) return;
  last = { state: "down", at: Date.now() };
  const headers = new Headers(req.responseHeaders);
  headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
  req.responseHeaders = headers;
  return { status: 503, response: { errors: [{ message: messageFor(req.i18n?.language) }], database: "down" } };
};
