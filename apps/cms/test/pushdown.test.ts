// The filters Payload sends, as the database adapter rewrites them for FerretDB (lib/database.ts):
// the shapes FerretDB pushes down to its store, and the same documents matched.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pushableFilter } from "../src/lib/database";

// What the adapter sees of a BSON ObjectId: an object tagged by its _bsontype (the CMS does not depend on bson itself).
class ObjectId {
  readonly _bsontype = "ObjectId";
  constructor(readonly hex: string) {}
}
const parent = new ObjectId("6b1000c9c75a8832444d3207");
const own = new ObjectId("6b1000c9c75a8832444d3300");

describe("filters FerretDB can push down", () => {
  it("Payload's version bookkeeping on every publish becomes top-level equalities on parent and latest", () => {
    // createVersion: clear `latest` on the event's other versions.
    const updatedAt = new Date();
    expect(
      pushableFilter({
        $and: [{ _id: { $ne: own } }, { $or: [{ parent: { $eq: parent } }] }, { latest: { $eq: true } }, { updatedAt: { $lt: updatedAt } }],
      }),
    ).toEqual({ _id: { $ne: own }, parent, latest: true, updatedAt: { $lt: updatedAt } });
    // The latest version of the event, nested two levels as Payload builds it from `where`.
    expect(
      pushableFilter({
        $and: [{ $and: [{ parent: { $eq: parent } }] }, { $and: [{ parent: { $eq: parent } }, { latest: { $eq: true } }] }],
      }),
    ).toEqual({
      parent,
      latest: true,
      $and: [{ parent }],
    });
    // A by-id read.
    expect(pushableFilter({ $and: [{ _id: { $eq: own } }] })).toEqual({ _id: own });
  });

  it("keeps what is not an equality on a bare value, an empty $and, and an $or of several", () => {
    expect(pushableFilter({ slug: { $eq: /^a/ } })).toEqual({ slug: { $eq: /^a/ } });
    expect(pushableFilter({ meta: { $eq: { a: 1 } } })).toEqual({ meta: { $eq: { a: 1 } } });
    expect(pushableFilter({ $and: [] })).toEqual({ $and: [] });
    expect(pushableFilter({ $or: [{ a: 1 }, { b: 2 }] })).toEqual({ $or: [{ a: 1 }, { b: 2 }] });
  });

  // A small evaluator of the operators generated below, to compare what both filters match.
  type Doc = Record<string, unknown>;
  type Filter = Record<string, unknown>;
  const matches = (doc: Doc, filter: Filter): boolean =>
    Object.entries(filter).every(([key, value]) => {
      if (key === "$and") return (value as Filter[]).every((f) => matches(doc, f));
      if (key === "$or") return (value as Filter[]).some((f) => matches(doc, f));
      if (typeof value === "object" && value !== null && "$eq" in value) return doc[key] === (value as { $eq: unknown }).$eq;
      if (typeof value === "object" && value !== null && "$ne" in value) return doc[key] !== (value as { $ne: unknown }).$ne;
      return doc[key] === value;
    });
  const field = fc.constantFrom("a", "b", "c");
  const scalar = fc.oneof(fc.constantFrom("x", "y"), fc.integer({ min: 0, max: 2 }), fc.boolean());
  const condition = fc.oneof(
    fc.tuple(field, scalar).map(([f, v]) => ({ [f]: { $eq: v } })),
    fc.tuple(field, scalar).map(([f, v]) => ({ [f]: { $ne: v } })),
    fc.tuple(field, scalar).map(([f, v]) => ({ [f]: v })),
  );
  const { filter } = fc.letrec<{ filter: Filter }>((tie) => ({
    filter: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      condition,
      fc.array(tie("filter"), { minLength: 1, maxLength: 3 }).map(($and) => ({ $and })),
      tie("filter").map((f) => ({ $or: [f] })),
      fc.array(tie("filter"), { minLength: 2, maxLength: 3 }).map(($or) => ({ $or })),
    ),
  }));
  const doc = fc.record({ a: scalar, b: scalar, c: scalar });

  it("property: the rewritten filter matches exactly the documents the original matches", () => {
    fc.assert(
      fc.property(filter, fc.array(doc, { minLength: 1, maxLength: 10 }), (f, docs) => {
        const rewritten = pushableFilter(f);
        for (const d of docs) expect(matches(d, rewritten)).toBe(matches(d, f));
      }),
      { numRuns: 500 },
    );
  });
});
