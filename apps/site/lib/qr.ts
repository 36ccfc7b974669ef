import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import QRCode from "qrcode";
import type { Memo } from "./memo.js";

// QR codes cost about 1 ms each (qrcode tries all eight masks), one per event
// page: about a sixth of a cold 1,000-event build. They depend only on the
// address, so a full build asks for all of them up front (prefetchQrSvgs) and a
// worker thread makes them while this thread makes the rest of the page
// models; qrSvg then takes each from there. The worker runs the same qrcode
// call with the same options, so its SVG is the one this thread would make;
// if it fails, the codes are made here.

const OPTIONS = { type: "svg", margin: 2, errorCorrectionLevel: "M" } as const;

/** The page labels it (role="img") around it. */
function finish(svg: string): string {
  return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" width="160" height="160" ').trim();
}

// The worker's code, evaluated as a CommonJS script: no file to load, so it runs the same under tsx,
// vitest or compiled code. It is given qrcode's resolved path, so it uses this package's copy.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const QRCode = require(workerData.qrcode);
parentPort.on("message", (urls) => {
  for (const url of urls) {
    QRCode.toString(url, workerData.options, (error, svg) =>
      parentPort.postMessage(error ? { url, error: String(error) } : { url, svg }),
    );
  }
});
`;

interface Waiting {
  resolve: (svg: string) => void;
  reject: (error: Error) => void;
}

/** One worker per process, made on first use; it does not keep the process alive while idle. */
class QrWorker {
  #worker: Worker | undefined;
  readonly #waiting = new Map<string, Waiting>();
  /** Requested codes, made or being made, until qrSvg takes them. */
  readonly inFlight = new Map<string, Promise<string>>();

  /** Made, and not taken yet. */
  #made = new Set<string>();

  request(urls: readonly string[]): void {
    // Codes an earlier build asked for and never took (its event's models were memoised after all) are
    // dropped, so they do not pile up in a long-lived service; if one is wanted, qrSvg makes it here.
    for (const url of this.#made) this.inFlight.delete(url);
    this.#made.clear();
    const fresh = urls.filter((url) => !this.inFlight.has(url));
    if (!fresh.length) return;
    const worker = this.#start();
    for (const url of fresh) {
      const promise = new Promise<string>((resolve, reject) => this.#waiting.set(url, { resolve, reject }));
      // Nobody may ever ask for it (the event fails validation further on): never an unhandled rejection.
      promise.catch(() => undefined);
      this.inFlight.set(url, promise);
    }
    worker.ref();
    worker.postMessage(fresh);
  }

  take(url: string): void {
    this.inFlight.delete(url);
    this.#made.delete(url);
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { qrcode: createRequire(import.meta.url).resolve("qrcode"), options: OPTIONS },
    });
    worker.on("message", ({ url, svg, error }: { url: string; svg?: string; error?: string }) => {
      const waiting = this.#waiting.get(url);
      this.#waiting.delete(url);
      this.#made.add(url);
      if (svg !== undefined) waiting?.resolve(finish(svg));
      else waiting?.reject(new Error(error ?? "no QR code"));
      if (this.#waiting.size === 0) worker.unref();
    });
    const fail = (error: Error) => {
      for (const [url, waiting] of this.#waiting) {
        this.inFlight.delete(url);
        waiting.reject(error);
      }
      this.#waiting.clear();
      if (this.#worker === worker) this.#worker = undefined;
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the QR worker exited with code ${code}`)));
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}

const worker = new QrWorker();

/** Starts making the QR codes of these addresses that `memo` does not hold, on the worker thread. */
export function prefetchQrSvgs(urls: readonly string[], memo: Memo<string>): void {
  worker.request(urls.filter((url) => !memo.has(url)));
}

/** The page address as an inline SVG QR code. Memoised by address; taken from the worker when prefetched. */
export async function qrSvg(url: string, memo: Memo<string>): Promise<string> {
  const known = memo.lookup(url);
  if (known !== undefined) return known;
  const fromWorker = worker.inFlight.get(url);
  if (fromWorker) {
    worker.take(url);
    try {
      return memo.store(url, await fromWorker);
    } catch {
      // Made here instead, below.
    }
  }
  return memo.store(url, finish(await QRCode.toString(url, OPTIONS)));
}
