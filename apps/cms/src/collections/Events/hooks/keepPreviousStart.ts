import type { CollectionBeforeChangeHook } from "payload";
import { statusesWithPreviousStart, type EventStatus } from "@cica/schema";

/**
 * When an event is postponed or rescheduled and its start moves, the date it
 * was announced for is kept, so visitors see "was 31 October".
 */
export const keepPreviousStart: CollectionBeforeChangeHook = ({ data, originalDoc, operation }) => {
  if (operation !== "update" || !originalDoc) return data;
  const status = (data.status ?? originalDoc.status) as EventStatus;
  if (!statusesWithPreviousStart.includes(status)) return data;
  const before = originalDoc.startsAt as string | undefined;
  const after = data.startsAt as string | undefined;
  const moved = before && after && Date.parse(after) !== Date.parse(before);
  if (moved && !data.previousStartsAt && !originalDoc.previousStartsAt) data.previousStartsAt = before;
  return data;
};
