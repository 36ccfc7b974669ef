import slugifyLib from "slugify";

/** "CICA Seminar on Green & Low-Carbon Cities" → "cica-seminar-on-green-and-low-carbon-cities". */
export function slugify(text: string): string {
  return slugifyLib(text, { lower: true, strict: true, locale: "en", trim: true })
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
}

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
