import type { CollectionConfig } from "payload";
import { editorOrAdmin, publishedOrSignedIn, staff } from "../../access/predicates";
import { eventFields } from "./fields";
import { bumpRevision } from "./hooks/bumpRevision";
import { computeOnRead } from "./hooks/computeOnRead";
import { keepPreviousStart } from "./hooks/keepPreviousStart";
import { proposeSlug } from "./hooks/proposeSlug";
import { refuseTranslatorCreateOrDelete, translatorRules } from "./hooks/translatorRules";
import { duplicateEdition } from "./endpoints/duplicateEdition";

export const Events: CollectionConfig = {
  slug: "events",
  labels: {
    singular: { en: "Event", ru: "Мероприятие", zh: "活动" },
    plural: { en: "Events", ru: "Мероприятия", zh: "活动" },
  },
  admin: {
    useAsTitle: "title",
    defaultColumns: ["title", "startsAt", "status", "attendance", "translationStatus", "_status"],
    listSearchableFields: ["title", "slug"],
    group: { en: "Content", ru: "Содержание", zh: "内容" },
  },
  defaultSort: "-startsAt",
  access: {
    read: publishedOrSignedIn,
    readVersions: staff,
    create: editorOrAdmin,
    update: staff,
    delete: editorOrAdmin,
  },
  versions: {
    maxPerDoc: 50,
    drafts: { autosave: { interval: 2000 }, schedulePublish: true },
  },
  endpoints: [duplicateEdition],
  hooks: {
    beforeOperation: [refuseTranslatorCreateOrDelete("events")],
    beforeValidate: [proposeSlug],
    // Order matters: the translator check sees the data as sent.
    beforeChange: [translatorRules("events"), keepPreviousStart, bumpRevision],
    beforeRead: [computeOnRead],
    // Issue #5 adds hooks/notifyBuild.ts here (afterChange/afterDelete), honouring sideEffectsEnabled(context).
  },
  fields: eventFields,
};
