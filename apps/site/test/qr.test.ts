import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Memo } from "../lib/memo.js";
import { prefetchQrSvgs, qrSvg } from "../lib/qr.js";

// A full build has its QR codes made on a worker thread (lib/qr.ts); a page must get exactly the
// SVG this thread would have made for its address.
describe("QR codes made on the worker thread", () => {
  it("are exactly the ones made on this thread, for any address", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.webUrl({ withQueryParameters: true, withFragments: true }), { minLength: 1, maxLength: 20 }),
        async (urls) => {
          const prefetched = new Memo<string>();
          prefetchQrSvgs(urls, prefetched);
          const fromWorker = await Promise.all(urls.map((url) => qrSvg(url, prefetched)));
          const here = await Promise.all(urls.map((url) => qrSvg(url, new Memo<string>())));
          expect(fromWorker).toEqual(here);
          expect(fromWorker[0]).toMatch(/^<svg aria-hidden="true" focusable="false" width="160" height="160" /);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("are not asked of the worker again when the memo holds them", async () => {
    const memo = new Memo<string>();
    const url = "https://events.example.org/zh/events/a/";
    const svg = await qrSvg(url, memo);
    memo.store(url, "kept");
    prefetchQrSvgs([url], memo);
    expect(await qrSvg(url, memo)).toBe("kept");
    expect(svg).toContain("<path");
  });
});
