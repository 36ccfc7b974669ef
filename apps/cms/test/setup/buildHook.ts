import { createServer } from "node:http";
import { freePort } from "@cica/local-db";

export type RecordingBuildHook = {
  /** Where to send notices: the value for BUILD_HOOK_URL. */
  url: string;
  /** Every notice received, in order of arrival (a test may empty it). */
  delivered: Array<Record<string, any>>;
  close: () => Promise<void>;
};

/**
 * An HTTP listener in the build service's place: it records each notice it receives and
 * accepts it (202), as a healthy build service would.
 */
export async function startRecordingBuildHook(): Promise<RecordingBuildHook> {
  const delivered: RecordingBuildHook["delivered"] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk));
    req.on("end", () => {
      delivered.push(JSON.parse(body) as Record<string, any>);
      res.writeHead(202, { "content-type": "application/json" }).end('{"accepted":true}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}/hooks/publish`,
    delivered,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
