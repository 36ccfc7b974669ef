import { APIError, type CollectionBeforeOperationHook, type PayloadRequest } from "payload";

// Two people editing one event: the second to save used to overwrite the
// first without either knowing (the last writer won silently). A save now
// carries the `updatedAt` of the version it was made from (the admin's form
// sends every field, `updatedAt` included; a REST client sends what it read),
// and a save made from a version older than the last deliberate save is
// refused with 409. A client that sends no `updatedAt` is not checked.
//
// Autosaves are the editor's own work in progress, saved every few seconds
// into one version that is updated in place: they are never refused, and they
// do not make the editor's next deliberate save look stale.

const messages = {
  en: (at: string) =>
    `This event was changed by someone else at ${at}, after you opened it. Your save was not stored: reload the page to see their changes, then make yours again.`,
  ru: (at: string) =>
    `Это мероприятие изменил другой пользователь в ${at}, уже после того как вы его открыли. Ваши изменения не сохранены: перезагрузите страницу, чтобы увидеть его правки, и внесите свои ещё раз.`,
  zh: (at: string) => `在您打开此活动之后，其他人于 ${at} 修改了它。您的保存未被存储：请重新加载页面查看其更改，然后重新进行您的修改。`,
} as const;

/** A save refused because it was made from an outdated version (HTTP 409), in the editor's language. */
export class StaleSave extends APIError {
  constructor(req: PayloadRequest, storedAt: string) {
    const language = req.i18n?.language;
    const say = language === "ru" || language === "zh" ? messages[language] : messages.en;
    super(say(storedAt), 409, { storedAt }, true);
  }
}

/** When the event was last saved on purpose (publish, draft save, unpublish): the newest version that is not an autosave. */
async function lastDeliberateSave(req: PayloadRequest, id: string | number): Promise<string | null> {
  const { docs } = await req.payload.db.findVersions<{ updatedAt?: string }>({
    collection: "events",
    where: { and: [{ parent: { equals: id } }, { autosave: { not_equals: true } }] },
    sort: "-updatedAt",
    limit: 1,
    pagination: false,
    req,
  });
  const [latest] = docs;
  // The document's own updatedAt (what a client reads), not the version record's, which is stamped a moment later.
  return latest?.version?.updatedAt ?? latest?.updatedAt ?? null;
}

export const refuseStaleSave: CollectionBeforeOperationHook<"events"> = async ({ args, operation, req }) => {
  // Cast: the hook's args are the operation's own; an update by id has `id`, `data` and `autosave`.
  const { id, data, autosave } = args as { id?: string | number; data?: { updatedAt?: unknown }; autosave?: boolean };
  if (operation !== "update" || id === undefined || autosave) return args;
  const sentAt = typeof data?.updatedAt === "string" ? Date.parse(data.updatedAt) : NaN;
  if (Number.isNaN(sentAt)) return args;
  const storedAt = await lastDeliberateSave(req, id);
  if (storedAt && Date.parse(storedAt) > sentAt) throw new StaleSave(req, storedAt);
  return args;
};
