import type { ArrayField } from "payload";
import { limits } from "@cica/schema";
import { boundedRows, boundedText } from "./limits";
import { requiredInDefaultLocale } from "./validators";

/**
 * A list whose rows are shared by all languages while each row's wording is
 * translated ("Target audience", "Objectives"): line 3 in Chinese is always
 * line 3 in English, which a localised array could not promise.
 */
export function localizedLines(name: string, label: Record<string, string>, description?: Record<string, string>): ArrayField {
  return boundedRows<ArrayField>(
    {
      name,
      type: "array",
      label,
      labels: { singular: { en: "Line", ru: "Строка", zh: "条目" }, plural: { en: "Lines", ru: "Строки", zh: "条目" } },
      admin: { description, initCollapsed: false },
      fields: [
        boundedText(
          {
            name: "text",
            type: "textarea",
            localized: true,
            label: { en: "Text", ru: "Текст", zh: "文本" },
            validate: requiredInDefaultLocale,
          },
          limits.line,
        ),
      ],
    },
    limits.lines,
  );
}
