import path from "node:path";
import type { CollectionBeforeOperationHook, CollectionConfig } from "payload";
import { boundedFileName, defaultLocale, imageSizeFormat, imageSizeSpecs, limits } from "@cica/schema";
import { boundedText } from "../fields/limits";
import { anyone, editorOrAdmin, staff } from "../access/predicates";
import { refuseTranslatorCreateOrDelete, translatorRules } from "./Events/hooks/translatorRules";
import { fieldMessage } from "../fields/messages";
import { env } from "../lib/env";
import { mediaIsShown, notifyBuildWhenShown } from "../pipeline/usedByPublished";

const notify = notifyBuildWhenShown("media", mediaIsShown);

/**
 * An uploaded file's name cut to `limits.fileNameBytes` (keeping its
 * extension) before Payload stores it, so the file, its resized copies
 * ("-1600x900") and the site's copy all stay under the file system's 255 bytes.
 */
const shortenUploadName: CollectionBeforeOperationHook<"media"> = ({ req, args }) => {
  if (req.file?.name) req.file.name = boundedFileName(req.file.name, limits.fileNameBytes);
  return args;
};

const L = (en: string, ru: string, zh: string) => ({ en, ru, zh });

export const Media: CollectionConfig<"media"> = {
  slug: "media",
  labels: { singular: L("Media file", "Файл", "媒体文件"), plural: L("Media", "Файлы", "媒体") },
  admin: { group: L("Content", "Содержание", "内容") },
  access: { read: anyone, create: editorOrAdmin, update: staff, delete: editorOrAdmin },
  hooks: {
    beforeOperation: [refuseTranslatorCreateOrDelete("media files"), shortenUploadName],
    beforeChange: [translatorRules("media files")],
    afterChange: [notify.afterChange],
    afterDelete: [notify.afterDelete],
  },
  upload: {
    // Files live on local disk under the data folder, outside the code.
    staticDir: path.join(env.dataDir, "media"),
    // Raster images and PDFs only. SVG is refused rather than sanitised: an SVG is
    // a document that can carry script, and the site copies media to its public
    // folder, so refusing it is the simplest rule that cannot be got wrong.
    mimeTypes: ["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "application/pdf"],
    focalPoint: true,
    // The sizes the site's srcset picks from, as WebP (@cica/schema images.ts says why not AVIF).
    imageSizes: imageSizeSpecs.map(({ name, width, height }) => ({
      name,
      width,
      height,
      position: "centre" as const,
      // A copy in the picture's own ratio is never made wider than the upload (as the hero always was).
      ...(height ? {} : { withoutEnlargement: true }),
      formatOptions: { format: imageSizeFormat.format, options: { quality: imageSizeFormat.quality } },
    })),
    adminThumbnail: "thumbnail",
  },
  fields: [
    boundedText(
      {
        name: "alt",
        type: "text",
        localized: true,
        label: L("Alternative text", "Альтернативный текст", "替代文本"),
        admin: {
          description: L(
            "What the picture shows, for screen readers.",
            "Что изображено — для экранных дикторов.",
            "图片内容说明，供读屏软件使用。",
          ),
        },
        validate: (
          value: unknown,
          { data, req, path }: { data: Record<string, unknown>; req: Parameters<typeof fieldMessage>[0]; path: (string | number)[] },
        ) => {
          const isImage = String(data?.mimeType ?? "").startsWith("image/");
          const locale = req.locale ?? defaultLocale;
          if (isImage && locale === defaultLocale && !String(value ?? "").trim()) {
            return fieldMessage(req, path, true, "is required for images (describe what the picture shows)");
          }
          return true;
        },
      },
      limits.altText,
    ),
    boundedText({ name: "caption", type: "text", localized: true, label: L("Caption", "Подпись", "说明") }, limits.longText),
  ],
};
