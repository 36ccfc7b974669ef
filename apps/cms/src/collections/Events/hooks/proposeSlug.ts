import type { CollectionBeforeValidateHook } from "payload";
import { defaultLocale } from "@cica/schema";
import { slugify } from "../../../lib/slug";

/** Proposes the slug from the English title when the editor left it empty. */
export const proposeSlug: CollectionBeforeValidateHook = ({ data, originalDoc, req }) => {
  if (!data) return data;
  const current = (data.slug ?? originalDoc?.slug) as string | undefined;
  if (current) {
    data.slug = slugify(String(current));
    return data;
  }
  const locale = req.locale ?? defaultLocale;
  const title = data.title ?? originalDoc?.title;
  const english = typeof title === "string" && locale === defaultLocale ? title : (title as Record<string, string> | undefined)?.[defaultLocale];
  if (english) data.slug = slugify(english);
  return data;
};
