import { ValidationError, type CollectionBeforeValidateHook } from "payload";
import { canonicalZone, folds, NonexistentWallClock, wallClockToInstant, type Fold } from "@cica/schema";
import { fieldMessage } from "../../../fields/messages";

// The server, not the browser, turns a wall-clock time into the stored instant
// (see fields/wallClock.ts for what writers may send). Zones are saved in their
// canonical tz name; an end without a zone takes the start's.

const dates = ["startsAt", "endsAt", "previousStartsAt", "registrationDeadline"] as const;
const startZoneKey = "startsAt_tz";

type Row = Record<string, unknown>;

const isBlank = (value: unknown) => value === null || value === undefined || value === "";

export const placeWallClocks: CollectionBeforeValidateHook = ({ data, originalDoc, req, collection }) => {
  if (!data) return data;
  const row: Row = data;
  const original: Row = originalDoc ?? {};
  const refuse = (path: string, message: string): never => {
    throw new ValidationError({ collection: collection.slug, errors: [{ path, message: fieldMessage(req, [path], false, message) }], req });
  };
  const stated = (key: string) => (key in row ? row[key] : original[key]);

  for (const name of dates) {
    const zoneKey = `${name}_tz`;
    const sentZone = row[zoneKey];
    if (!isBlank(sentZone)) {
      const zone = typeof sentZone === "string" ? canonicalZone(sentZone) : null;
      if (!zone) refuse(zoneKey, `"${String(sentZone)}" must be an IANA time zone such as "Asia/Shanghai" or "America/New_York"`);
      row[zoneKey] = zone;
    }
    const local = row[`${name}_local`];
    const hasDate = !isBlank(local) || !isBlank(stated(name));
    if (name !== "startsAt" && hasDate && isBlank(stated(zoneKey))) {
      // The site writes every time in the start's zone; an end without one is meant in it.
      const startZone = stated(startZoneKey);
      if (typeof startZone === "string") row[zoneKey] = canonicalZone(startZone) ?? startZone;
    }
    if (isBlank(local)) continue;
    const zone = stated(zoneKey);
    if (typeof zone !== "string" || isBlank(zone)) refuse(zoneKey, "is required: the time is read in this zone");
    const foldValue = row[`${name}_fold`];
    const fold: Fold = isBlank(foldValue)
      ? "earlier"
      : (folds.find((f) => f === foldValue) ?? refuse(`${name}_fold`, `must be "earlier" or "later", not "${String(foldValue)}"`));
    try {
      row[name] = wallClockToInstant(String(local), String(zone), fold);
    } catch (error) {
      if (error instanceof NonexistentWallClock) {
        refuse(name, `${error.message}; enter ${error.nextValid.slice(11)} or later`);
      }
      refuse(`${name}_local`, error instanceof Error ? error.message : String(error));
    }
  }
  return row;
};
