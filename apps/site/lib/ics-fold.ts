// ical-generator 10 folds every calendar line measuring each character with
// `new TextEncoder().encode(ch).length`: a new encoder and a Uint8Array per
// character, about 1 ms per event, a quarter of a cold 1,000-event build
// (profiled with bench/lib/cpu-profile.ts). 11.x measures by char code, but needs
// Node 22 and this project supports Node 20. So while ical-generator writes text,
// `TextEncoder` is a stand-in that answers the same `length` — taken from the
// real encoder, once per distinct character — without allocating. Writing is
// synchronous, so nothing else can run while the stand-in is in place.
// test/ics-fold.test.ts checks the folded text is the same for any text.

const RealTextEncoder = globalThis.TextEncoder;
const real = new RealTextEncoder();
/** UTF-8 length of each character (or surrogate pair) met so far: a few thousand distinct ones at most in practice. */
const lengths = new Map<string, number>();
const LENGTHS_LIMIT = 65_536;

class MeasuringEncoder {
  encode(text = ""): { length: number } {
    if (text.length === 1 && text.charCodeAt(0) < 0x80) return { length: 1 };
    let length = lengths.get(text);
    if (length === undefined) {
      length = real.encode(text).length;
      if (lengths.size < LENGTHS_LIMIT) lengths.set(text, length);
    }
    return { length };
  }
}

/** Runs `write` (a synchronous ical-generator toString) with the measuring stand-in for TextEncoder. */
export function withMeasuredFolding<T>(write: () => T): T {
  globalThis.TextEncoder = MeasuringEncoder as unknown as typeof TextEncoder;
  try {
    return write();
  } finally {
    globalThis.TextEncoder = RealTextEncoder;
  }
}
