// The resized copies the CMS makes of every uploaded image (its Media collection's `imageSizes`) and
// the site's `srcset`s read, in one place so the two cannot drift apart. A family is one crop (one
// aspect ratio) at several widths: a srcset may only mix widths of the same picture.
//
// WebP only, no AVIF: measured with sharp 0.34 on this machine, a 2592×1936 photo to 1600 px takes
// 0.48 s as WebP (q80, 278 KB) and 2.6 s as AVIF even at effort 2 (126 KB; 13 s at the default
// effort) — per size, at every upload, on the CMS's two shared cores. Payload makes one format per
// size, so AVIF would also double the stored copies. Every browser the site supports decodes WebP.

export interface ImageSizeSpec {
  /** Payload's size name: the key under `sizes` in a media document. */
  name: string;
  family: "thumbnail" | "card" | "hero";
  width: number;
  /** Cropped to this height (centre / focal point); without it the image keeps its own ratio. */
  height?: number;
}

export const imageSizeSpecs: readonly ImageSizeSpec[] = [
  // The admin's thumbnail.
  { name: "thumbnail", family: "thumbnail", width: 400, height: 300 },
  // Listing cards, 16:9.
  { name: "card-400", family: "card", width: 400, height: 225 },
  { name: "card", family: "card", width: 800, height: 450 },
  // The event page's picture, in its own ratio.
  { name: "hero-800", family: "hero", width: 800 },
  { name: "hero", family: "hero", width: 1600 },
];

/** The format of every resized copy. */
export const imageSizeFormat = { format: "webp", quality: 80 } as const;
