// responsiveImage() (lib/view/image.ts) over any set of copies the CMS may have made: the srcset holds
// only copies of the asked family (one aspect ratio), narrowest first, the size reserved is the fallback's,
// and an upload without copies is shown as it is.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { imageSizeSpecs, type Media } from "@cica/schema";
import { mediaFiles, responsiveImage, type ImageFamily } from "../lib/view/image.js";

const families: ImageFamily[] = ["hero", "card"];

/** A media document with a random subset of the copies (a copy larger than the upload is not made). */
const media = fc
  .record({
    made: fc.subarray(imageSizeSpecs.map((spec) => spec.name)),
    width: fc.integer({ min: 200, max: 4000 }),
    height: fc.integer({ min: 200, max: 4000 }),
  })
  .map(({ made, width, height }): Media => {
    const sizes = Object.fromEntries(
      imageSizeSpecs.map((spec) => {
        const h = spec.height ?? Math.round((spec.width * height) / width);
        const filename = `photo-${spec.width}x${h}.webp`;
        return [
          spec.name,
          made.includes(spec.name)
            ? { url: `/api/media/file/${filename}`, filename, width: spec.width, height: h, mimeType: "image/webp" }
            : { url: null, filename: null, width: null, height: null },
        ];
      }),
    );
    return {
      id: "m1",
      url: "/api/media/file/photo.jpg",
      filename: "photo.jpg",
      mimeType: "image/jpeg",
      alt: { en: "A photo" },
      width,
      height,
      sizes,
    };
  });

describe("responsiveImage", () => {
  it("offers only the family's copies, narrowest first, and reserves the fallback's size", () => {
    fc.assert(
      fc.property(media, fc.constantFrom(...families), fc.boolean(), (m, family, priority) => {
        const img = responsiveImage(m, { family, alt: "A photo", priority });
        expect(img.loading).toBe(priority ? "eager" : "lazy");
        expect(img.fetchpriority).toBe(priority ? "high" : undefined);
        const expected = imageSizeSpecs.filter((spec) => spec.family === family && m.sizes?.[spec.name]?.filename);
        if (expected.length === 0) {
          expect(img).toMatchObject({ src: "/media/photo.jpg", width: m.width, height: m.height });
          expect(img.srcset).toBeUndefined();
          return;
        }
        const widths = img.srcset!.split(", ").map((candidate) => Number(/ (\d+)w$/.exec(candidate)?.[1]));
        expect(widths).toEqual(expected.map((spec) => spec.width).sort((a, b) => a - b));
        const largest = m.sizes![expected.at(-1)!.name]!;
        expect(img).toMatchObject({ src: `/media/${largest.filename}`, width: largest.width, height: largest.height });
        expect(img.sizes).toBeTruthy();
      }),
    );
  });

  it("the site copies the upload and every copy the pages may show, never the admin's thumbnail", () => {
    fc.assert(
      fc.property(media, (m) => {
        const names = mediaFiles(m).map((file) => file.filename);
        expect(names[0]).toBe("photo.jpg");
        const shown = imageSizeSpecs.filter((spec) => spec.family !== "thumbnail" && m.sizes?.[spec.name]?.filename);
        expect(names.slice(1).sort()).toEqual(shown.map((spec) => m.sizes![spec.name]!.filename).sort());
      }),
    );
  });
});
