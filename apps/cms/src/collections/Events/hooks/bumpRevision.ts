import type { CollectionBeforeChangeHook } from "payload";
import type { Event } from "../../../payload-types";

/** Every publish is a new revision: calendars use it as iCalendar's SEQUENCE. */
export const bumpRevision: CollectionBeforeChangeHook<Event> = ({ data, originalDoc }) => {
  const previous = Number(originalDoc?.revision ?? 0) || 0;
  data.revision = data._status === "published" ? previous + 1 : previous;
  return data;
};
