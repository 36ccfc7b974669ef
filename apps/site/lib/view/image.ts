import path from "node:path";
import { imageSizeSpecs, type ImageSizeSpec, type Media } from "@cica/schema";
import { paths } from "../urls.js";

// Responsive images: an <img> model built from the resized WebP copies the CMS makes of every upload
// (@cica/schema imageSizeSpecs), so the browser downloads the width its screen needs. Templates print
// the fields as they are; the event page and the listing cards share this one helper.

export type ImageFamily = ImageSizeSpec["family"];

export interface ResponsiveImage {
  /** The fallback for browsers without srcset: the largest candidate (or the original when there is none). */
  src: string;
  /** "…-800x450.webp 800w, …-1600x900.webp 1600w"; absent when the CMS made no copies (older uploads). */
  srcset?: string;
  sizes?: string;
  /** Intrinsic size of `src`, so the browser reserves the space before the image arrives (no layout shift). */
  width?: number;
  height?: number;
  alt: string;
  /** The first image of a page is fetched at once and first; the others when they come near the screen. */
  loading: "eager" | "lazy";
  fetchpriority?: "high";
  decoding: "async";
}

/** The `sizes` attribute per family: how wide the picture is shown (site.css). */
export const IMAGE_SIZES: Record<ImageFamily, string> = {
  // .event-image: the content column, at most 46rem, inside .wrap's 1.25rem padding.
  hero: "(min-width: 48.5rem) 46rem, calc(100vw - 2.5rem)",
  // .event-card-image: clamp(5rem, 18vw, 10rem), written as the media conditions where 18vw reaches each bound
  // (18vw = 10rem from 55.6rem, = 5rem below 27.8rem), since every browser reads those in `sizes`.
  card: "(min-width: 55.6rem) 10rem, (min-width: 27.8rem) 18vw, 5rem",
  thumbnail: "10rem",
};

/** The home page's featured card: the whole width of .wrap (60rem, padded 1.25rem) inside its own 1.25rem padding. */
export const FEATURED_CARD_SIZES = "(min-width: 60rem) 55rem, calc(100vw - 5rem)";

interface Candidate {
  filename: string;
  width: number;
  height: number;
}

/** The copies of one family the CMS actually made (a size larger than the upload is not made), narrowest first. */
function candidates(media: Media, family: ImageFamily): Candidate[] {
  return imageSizeSpecs
    .filter((spec) => spec.family === family)
    .flatMap((spec) => {
      const size = media.sizes?.[spec.name];
      return size?.filename && size.width && size.height ? [{ filename: size.filename, width: size.width, height: size.height }] : [];
    })
    .sort((a, b) => a.width - b.width);
}

export function responsiveImage(
  media: Media,
  { family, alt, priority = false, sizes = IMAGE_SIZES[family] }: { family: ImageFamily; alt: string; priority?: boolean; sizes?: string },
): ResponsiveImage {
  const loading = priority ? { loading: "eager" as const, fetchpriority: "high" as const } : { loading: "lazy" as const };
  const found = candidates(media, family);
  const largest = found.at(-1);
  if (!largest) {
    return {
      src: paths.media(media.filename),
      width: media.width ?? undefined,
      height: media.height ?? undefined,
      alt,
      ...loading,
      decoding: "async",
    };
  }
  return {
    src: paths.media(largest.filename),
    srcset: found.map((c) => `${paths.media(c.filename)} ${c.width}w`).join(", "),
    sizes,
    width: largest.width,
    height: largest.height,
    alt,
    ...loading,
    decoding: "async",
  };
}

/** A file the site copies from the CMS: the upload itself or one of its resized copies. */
export interface MediaFile {
  id: string;
  filename: string;
  url: string;
}

/** Copies the pages show (the admin's thumbnail is not one of them). */
const shownSizes = imageSizeSpecs.filter((spec) => spec.family !== "thumbnail").map((spec) => spec.name);

/** Every file of a media document the pages may point to: the original (documents, og:image) and its copies. */
export function mediaFiles(media: Media): MediaFile[] {
  const copies = shownSizes.flatMap((name) => {
    const size = media.sizes?.[name];
    return size?.filename && size.url ? [{ id: media.id, filename: size.filename, url: size.url }] : [];
  });
  return [{ id: media.id, filename: media.filename, url: media.url }, ...copies];
}

/** The name a media file has in the site's /media/ folder. */
export const mediaFileName = (file: Pick<MediaFile, "filename">): string => path.basename(file.filename);
