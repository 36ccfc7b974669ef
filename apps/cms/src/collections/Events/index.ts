import type { CollectionConfig, Field } from "payload";
import { locales } from "@cica/schema";
import { env } from "../../lib/env";
import { editorOrAdmin, publishedOrSignedIn, staff, staffSaveEditorsPublish } from "../../access/predicates";
import { eventFields } from "./fields";
import { bumpRevision } from "./hooks/bumpRevision";
import { computeOnRead } from "./hooks/computeOnRead";
import { keepPreviousStart } from "./hooks/keepPreviousStart";
import { notifyBuildAfterChange, notifyBuildAfterDelete, rememberPublishedState } from "./hooks/notifyBuild";
import { notLiveOnRead } from "./hooks/notLive";
import { placeWallClocks } from "./hooks/placeWallClocks";
import { proposeSlug } from "./hooks/proposeSlug";
import { publishableEvent } from "./hooks/publishableBySchema";
import { pruneVersionsLater } from "./hooks/pruneVersionsLater";
import { refuseStaleSave } from "./hooks/refuseStaleSave";
import { refuseTranslatorCreateOrDelete, translatorRules, translatorsSaveDraftsOnly } from "./hooks/translatorRules";
import { duplicateEdition } from "./endpoints/duplicateEdition";
import { previewDraft } from "./endpoints/preview";

const liveAddresses: Field = {
  name: "liveAddresses",
  type: "ui",
  admin: {
    position: "sidebar",
    components: {
      Field: {
        path: "/components/LiveAddresses#LiveAddresses",
        clientProps: { siteUrl: env.siteUrl, locales: locales.map((l) => ({ code: l.code, label: l.nativeName })) },
      },
    },
  },
};

/** "Published, not live: <reason>", in the sidebar and as a list column, from the live build's report (hooks/notLive.ts). */
const notLive: Field = {
  name: "notLive",
  type: "json",
  virtual: true,
  label: { en: "Live on the site", ru: "На сайте", zh: "网站状态" },
  admin: {
    position: "sidebar",
    readOnly: true,
    components: { Field: "/components/NotLive#NotLiveField", Cell: "/components/NotLive#NotLiveCell" },
  },
  hooks: { afterRead: [notLiveOnRead] },
};

export const Events: CollectionConfig<"events"> = {
  slug: "events",
  labels: {
    singular: { en: "Event", ru: "Мероприятие", zh: "活动" },
    plural: { en: "Events", ru: "Мероприятия", zh: "活动" },
  },
  admin: {
    useAsTitle: "title",
    defaultColumns: ["title", "startsAt", "status", "attendance", "translationStatus", "_status", "notLive"],
    listSearchableFields: ["title", "slug"],
    group: { en: "Content", ru: "Содержание", zh: "内容" },
    // The draft rendered by the real site templates (endpoints/preview.ts); same origin, so the session cookie goes along.
    preview: (doc, { locale }) => (doc?.id ? `/api/events/${String(doc.id)}/preview?locale=${encodeURIComponent(locale ?? "en")}` : null),
    components: { beforeList: ["/components/BuildStatus#BuildStatus"] },
  },
  defaultSort: "-startsAt",
  access: {
    read: publishedOrSignedIn,
    readVersions: staff,
    create: editorOrAdmin,
    // Translators save drafts; publishing (and so the Publish, Unpublish and Schedule buttons) is for editors.
    update: staffSaveEditorsPublish,
    delete: editorOrAdmin,
  },
  versions: {
    // Enforced after the save by pruneVersionsLater (MAX_VERSIONS_PER_EVENT), not inside it.
    maxPerDoc: 0,
    drafts: { autosave: { interval: 2000 }, schedulePublish: true },
  },
  endpoints: [duplicateEdition, previewDraft],
  hooks: {
    beforeOperation: [refuseTranslatorCreateOrDelete("events"), translatorsSaveDraftsOnly, refuseStaleSave],
    // Wall-clock times become instants on the server, before any field is validated.
    beforeValidate: [placeWallClocks, proposeSlug],
    // Order matters: the translator check sees the data as sent.
    beforeChange: [translatorRules("events"), keepPreviousStart, bumpRevision, rememberPublishedState],
    beforeRead: [computeOnRead],
    // The build notice, queued with the same req (see pipeline/notice.ts); honours sideEffectsEnabled(context).
    afterChange: [notifyBuildAfterChange, pruneVersionsLater],
    afterDelete: [notifyBuildAfterDelete],
  },
  // publishableEvent: what is published parses with the site's schema in every locale (fields/publishable.ts).
  fields: [liveAddresses, notLive, ...eventFields, publishableEvent],
};
