import type { DateField, Field, FieldHook } from "payload";
import { canonicalZone, foldOf, instantToWallClock } from "@cica/schema";
import { countryZones, defaultTimeZone, zoneChoices } from "./options";
import { validateTimeZone } from "./validators";

// A date that editors enter as wall-clock time in the event's own zone.
//
// Stored (what readers get, unchanged): `<name>` the UTC instant, `<name>_tz` the canonical IANA zone.
// Virtual (computed on read, accepted on write): `<name>_local` "2027-03-28T09:30" in that zone and
// `<name>_fold` "earlier" | "later" for a time the clocks show twice.
//
// Writers (admin, REST, GraphQL) send either `<name>` as an instant plus `<name>_tz`, or `<name>_local`
// (+ `<name>_fold`) plus `<name>_tz`; when `<name>_local` is sent it wins, and the server computes the
// instant from it (hooks/placeWallClocks.ts). Payload's own date picker is not used: it converts through
// the browser's zone, so the same typed time was stored differently from browsers in different zones.

export const wallClockSuffixes = { zone: "_tz", local: "_local", fold: "_fold" } as const;

type Sibling = Record<string, unknown>;

const localOnRead =
  (name: string): FieldHook =>
  ({ siblingData }) => {
    const sibling: Sibling = siblingData;
    const instant = sibling[name];
    const zone = canonicalZone(String(sibling[`${name}_tz`] ?? ""));
    if (typeof instant !== "string" || !zone) return null;
    return instantToWallClock(instant, zone);
  };

const foldOnRead =
  (name: string): FieldHook =>
  ({ siblingData }) => {
    const sibling: Sibling = siblingData;
    const instant = sibling[name];
    const zone = canonicalZone(String(sibling[`${name}_tz`] ?? ""));
    if (typeof instant !== "string" || !zone) return null;
    return foldOf(instant, zone) ?? null;
  };

/**
 * Payload fills a field the writer did not send from the stored document, and the stored document's
 * wall clock is computed on read; left so, a writer that sends only a new instant would have it
 * overwritten by the old wall clock. Not sent becomes null, so only a wall clock actually sent wins.
 */
const onlyWhenSent: FieldHook = ({ siblingData, field }) => {
  const sibling: Sibling = siblingData;
  const name = "name" in field ? field.name : undefined;
  return name !== undefined && sibling[name] === undefined ? null : undefined;
};

/** Zones stored before they were canonicalised on save read in canonical form. */
const canonicalOnRead: FieldHook = ({ value }) => (typeof value === "string" ? (canonicalZone(value) ?? value) : value);

type WallClockOptions = {
  name: string;
  label: DateField["label"];
  required?: boolean;
  /** For an end: the zone to start from when none is chosen (the start's). */
  zoneFollows?: string;
  admin?: Omit<NonNullable<DateField["admin"]>, "components">;
  validate?: DateField["validate"];
};

/** The date field with its zone, wall-clock and fold companions. */
export function wallClockDate({ name, label, required = false, zoneFollows, admin, validate }: WallClockOptions): Field[] {
  const hidden = { hidden: true, readOnly: false } as const;
  return [
    {
      name,
      type: "date",
      label,
      required,
      ...(validate ? { validate } : {}),
      admin: {
        ...admin,
        components: {
          Field: {
            path: "/components/WallClockField#WallClockField",
            clientProps: { zoneChoices, countryZones, defaultZone: defaultTimeZone, zoneFollows: zoneFollows ?? null },
          },
        },
      },
    },
    { name: `${name}_tz`, type: "text", admin: hidden, validate: validateTimeZone, hooks: { afterRead: [canonicalOnRead] } },
    {
      name: `${name}_local`,
      type: "text",
      virtual: true,
      admin: hidden,
      hooks: { beforeValidate: [onlyWhenSent], afterRead: [localOnRead(name)] },
    },
    {
      name: `${name}_fold`,
      type: "text",
      virtual: true,
      admin: hidden,
      hooks: { beforeValidate: [onlyWhenSent], afterRead: [foldOnRead(name)] },
    },
  ];
}
