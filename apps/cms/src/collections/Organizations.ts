import type { CollectionConfig } from "payload";
import { limits, Organization } from "@cica/schema";
import { idOf, publishableBySchema } from "../fields/publishable";
import { boundedText } from "../fields/limits";
import { anyone, editorOrAdmin, staff } from "../access/predicates";
import { refuseTranslatorCreateOrDelete, translatorRules } from "./Events/hooks/translatorRules";
import { countryOptions } from "../fields/options";
import { requiredInDefaultLocale, validateUrl } from "../fields/validators";
import { notifyBuildWhenShown, organizationIsShown } from "../pipeline/usedByPublished";

const notify = notifyBuildWhenShown("organizations", organizationIsShown);

/** Every save of an organisation is live (no drafts): each one parses with the site's schema in every locale. */
const publishableOrganization = publishableBySchema({
  schema: Organization,
  toInput: (doc, id) => ({ ...doc, id: id ?? "new", logo: idOf(doc.logo), updatedAt: undefined }),
  drafts: false,
});

const L = (en: string, ru: string, zh: string) => ({ en, ru, zh });

export const Organizations: CollectionConfig<"organizations"> = {
  slug: "organizations",
  labels: { singular: L("Organisation", "Организация", "机构"), plural: L("Organisations", "Организации", "机构") },
  admin: { useAsTitle: "name", defaultColumns: ["name", "acronym", "country"], group: L("Content", "Содержание", "内容") },
  access: { read: anyone, create: editorOrAdmin, update: staff, delete: editorOrAdmin },
  hooks: {
    beforeOperation: [refuseTranslatorCreateOrDelete("organisations")],
    beforeChange: [translatorRules("organisations")],
    afterChange: [notify.afterChange],
    afterDelete: [notify.afterDelete],
  },
  fields: [
    boundedText(
      { name: "name", type: "text", localized: true, label: L("Name", "Название", "名称"), validate: requiredInDefaultLocale },
      limits.title,
    ),
    boundedText({ name: "acronym", type: "text", localized: true, label: L("Acronym", "Сокращение", "简称") }, limits.shortText),
    { name: "country", type: "select", options: countryOptions, label: L("Country", "Страна", "国家") },
    boundedText({ name: "website", type: "text", label: L("Website", "Сайт", "网站"), validate: validateUrl }, limits.url),
    { name: "logo", type: "upload", relationTo: "media", label: L("Logo", "Логотип", "标志") },
    publishableOrganization,
  ],
};
