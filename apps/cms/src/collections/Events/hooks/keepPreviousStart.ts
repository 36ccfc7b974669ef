import type { CollectionBeforeChangeHook } from "payload";
import { statusesWithPreviousStart } from "@cica/schema";
import type { Event } from "../../../payload-types";

/**
 * When an event is postponed or rescheduled and its start moves, the date it
 * was announced for is kept, so visitors see "was 31 October".
 */
export const keepPreviousStart: CollectionBeforeChangeHook<Event> = ({ data, originalDoc, operation }) => {
  if (operation !== "update" || !originalDoc) return data;
  const status = data.status ?? originalDoc.status;
  if (!statusesWithPreviousStart.includes(status)) return data;
  const before = originalDoc.startsAt;
  const after = data.startsAt;
  const moved = before && after && Date.parse(after) !== Date.parse(before);
  if (moved && !data.previousStartsAt && !originalDoc.previousStartsAt) data.previousStartsAt = before;
  return data;
};
