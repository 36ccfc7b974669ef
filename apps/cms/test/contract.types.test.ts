import { describe, expectTypeOf, it } from "vitest";
import type * as z from "zod";
import type { Event, LocaleCode, Media, Organization, SiteSettings } from "@cica/schema";
import type * as Cms from "../src/payload-types";

// The compile-time half of the site's contract (the runtime half, every REST
// answer parsed with @cica/schema, is in rest.test.ts). `tsc --noEmit` (npm run
// typecheck) checks this file: a field the site reads that the CMS renames,
// drops or retypes fails the typecheck, naming the field, before any server runs.
//
// Payload generates each document in one locale at full depth. The site reads
// the REST API with `locale=all&depth=0`, so `Fits` compares the CMS's value
// with the schema's after that mapping: a localised field (one the schema
// reads as `{ en, ru, zh }`) holds the CMS's value per locale, a related
// document is its id. Optionality is not compared: the CMS checks required
// texts with its own validators (a translation may be missing), which the
// generator cannot see, and the runtime test parses real answers.

type Present<T> = Exclude<T, null | undefined>;
type Documents = Cms.Config["collections"][keyof Cms.Config["collections"]];
/** At depth 0 a relationship is the related document's id. */
type Depth0<T> = Exclude<T, Documents>;
/** A `json` field: its shape is the code's business, not the generator's (the runtime test parses it). */
type IsJson<P> = unknown[] extends Present<P> ? true : false;
/** The schema reads the field as one value per locale. */
type IsLocalized<S> = [keyof Present<S>] extends [LocaleCode] ? ([LocaleCode] extends [keyof Present<S>] ? true : false) : false;
type IsRecord<S> = string extends keyof S ? true : false;
type AllTrue<T> = [Exclude<T, true>] extends [never] ? true : false;

/** Whether the CMS's value `P` gives what the schema's input `S` accepts (up to null/undefined). */
type Fits<P, S> =
  IsJson<P> extends true
    ? true
    : IsLocalized<S> extends true
      ? Fits<P, Present<S>[LocaleCode & keyof Present<S>]>
      : Present<P> extends readonly (infer PE)[]
        ? Present<S> extends readonly (infer SE)[]
          ? Fits<PE, SE>
          : false
        : Depth0<Present<P>> extends Record<string, unknown>
          ? Present<S> extends Record<string, unknown>
            ? [Mismatches<Depth0<Present<P>>, Present<S>>] extends [never]
              ? true
              : false
            : false
          : [Depth0<Present<P>>] extends [Present<S>]
            ? true
            : false;

/** The fields of `S` (the schema's input) that the CMS's `P` lacks or gives in another type; `never` when none. */
type Mismatches<P, S> =
  IsRecord<S> extends true
    ? AllTrue<{ [K in keyof P]-?: Fits<P[K], S[string & keyof S]> }[keyof P]> extends true
      ? never
      : "(values of a record)"
    : {
        [K in keyof S & string]-?: K extends keyof P ? (Fits<P[K], S[K]> extends true ? never : K) : `${K} (missing in the CMS)`;
      }[keyof S & string];

describe("Payload's generated types give what the site's schema parses (locale=all, depth=0)", () => {
  it("events", () => {
    expectTypeOf<Mismatches<Cms.Event, z.input<typeof Event>>>().toEqualTypeOf<never>();
  });

  it("organisations", () => {
    expectTypeOf<Mismatches<Cms.Organization, z.input<typeof Organization>>>().toEqualTypeOf<never>();
  });

  it("media", () => {
    expectTypeOf<Mismatches<Cms.Media, z.input<typeof Media>>>().toEqualTypeOf<never>();
  });

  it("site settings", () => {
    expectTypeOf<Mismatches<Cms.SiteSetting, z.input<typeof SiteSettings>>>().toEqualTypeOf<never>();
  });

  // The check itself: a CMS that renamed, retyped or stopped relating a field is caught, inside rows too.
  it("names a renamed, retyped or unrelated field", () => {
    type Renamed = Omit<Cms.Event, "startsAt"> & { startDate: string };
    expectTypeOf<Mismatches<Renamed, z.input<typeof Event>>>().toEqualTypeOf<"startsAt (missing in the CMS)">();
    type Retyped = Omit<Cms.Event, "revision"> & { revision: string };
    expectTypeOf<Mismatches<Retyped, z.input<typeof Event>>>().toEqualTypeOf<"revision">();
    type RowRenamed = Omit<Cms.Event, "contacts"> & { contacts: { fullName: string; id: string }[] };
    expectTypeOf<Mismatches<RowRenamed, z.input<typeof Event>>>().toEqualTypeOf<"contacts">();
    type HostsAsText = Omit<Cms.Event, "hosts"> & { hosts: { name: string }[] };
    expectTypeOf<Mismatches<HostsAsText, z.input<typeof Event>>>().toEqualTypeOf<"hosts">();
  });
});
