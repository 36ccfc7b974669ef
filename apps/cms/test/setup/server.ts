import type { ChildProcess } from "node:child_process";
import { freePort, stopChild } from "@cica/local-db";
import { ensureBuild, serve, waitForCms } from "../../scripts/start";

export type RunningCms = { url: string; stop: () => Promise<void> };

/**
 * The production CMS (`next start`) on a free port, built first if its
 * sources changed — the same path `npm start` takes.
 */
export async function startCms(env: Record<string, string>): Promise<RunningCms> {
  await ensureBuild({ env: { ...process.env, ...env }, log: () => {} });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = serve({ port, env: { ...process.env, ...env, CMS_URL: url } });
  await waitForCms(url, child);
  return {
    url,
    stop: () => stopChild(child),
  };
}

/** Signs in over REST and returns the Authorization header value. */
export async function login(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/users/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { token?: string; errors?: unknown };
  if (!res.ok || !body.token) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(body)}`);
  return `JWT ${body.token}`;
}

/** A response's body as JSON, or `{ text }` when it is not JSON (an HTML error page, say). */
export async function bodyOf(res: Response): Promise<Record<string, any>> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}
