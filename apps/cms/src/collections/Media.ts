import path from "node:path";
import type { CollectionConfig } from "payload";
import { defaultLocale } from "@cica/schema";
import { anyone, editorOrAdmin, staff } from "../access/predicates";
import { refuseTranslatorCreateOrDelete, translatorRules } from "./Events/hooks/translatorRules";
import { fieldMessage } from "../fields/messages";
import { env } from "../lib/env";
import { mediaIsShown, notifyBuildWhenShown } from "../pipeline/usedByPublished";

const notify = notifyBuildWhenShown("media", mediaIsShown);

const L = (en: string, ru: string, zh: string) => ({ en, ru, zh });

export const Media: CollectionConfig = {
  slug: "media",
  labels: { singular: L("Media file", "Файл", "媒体文件"), plural: L("Media", "Файлы", "媒体") },
  admin: { group: L("Content", "Содержание", "内容") },
  access: { read: anyone, create: editorOrAdmin, update: staff, delete: editorOrAdmin },
  hooks: {
    beforeOperation: [refuseTranslatorCreateOrDelete("media files")],
    beforeChange: [translatorRules("media files")],
    afterChange: [notify.afterChange],
    afterDelete: [notify.afterDelete],
  },
  upload: {
    // Files live on local disk under the data folder, outside the code.
    staticDir: path.join(env.dataDir, "media"),
    mimeTypes: ["image/*", "application/pdf"],
    focalPoint: true,
    imageSizes: [
      { name: "thumbnail", width: 400, height: 300, position: "centre" },
      { name: "card", width: 800, height: 450, position: "centre" },
      { name: "hero", width: 1600, withoutEnlargement: true },
    ],
    adminThumbnail: "thumbnail",
  },
  fields: [
    {
      name: "alt",
      type: "text",
      localized: true,
      label: L("Alternative text", "Альтернативный текст", "替代文本"),
      admin: { description: L("What the picture shows, for screen readers.", "Что изображено — для экранных дикторов.", "图片内容说明，供读屏软件使用。") },
      validate: (value: unknown, { data, req, path }: { data: Record<string, unknown>; req: Parameters<typeof fieldMessage>[0]; path: (string | number)[] }) => {
        const isImage = String(data?.mimeType ?? "").startsWith("image/");
        const locale = req.locale ?? defaultLocale;
        if (isImage && locale === defaultLocale && !String(value ?? "").trim()) {
          return fieldMessage(req, path, true, "is required for images (describe what the picture shows)");
        }
        return true;
      },
    },
    { name: "caption", type: "text", localized: true, label: L("Caption", "Подпись", "说明") },
  ],
};
