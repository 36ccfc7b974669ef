import type { CollectionBeforeChangeHook } from "payload";

/** Every publish is a new revision: calendars use it as iCalendar's SEQUENCE. */
export const bumpRevision: CollectionBeforeChangeHook = ({ data, originalDoc }) => {
  const previous = Number(originalDoc?.revision ?? 0) || 0;
  data.revision = data._status === "published" ? previous + 1 : previous;
  return data;
};
