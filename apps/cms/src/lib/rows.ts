// Code that walks documents by their field configs (translator checks, one
// locale's data, the translation status) sees values whose type the config
// decides at run time: these guards give it rows without casting.

/** A group, tab or array row: named values. */
export type Row = Record<string, unknown>;

export function isRow(value: unknown): value is Row {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value as a row; anything else (missing, null) as an empty one. */
export const rowOf = (value: unknown): Row => (isRow(value) ? value : {});

/** The value as a list of rows; anything else as none. */
export const rowsOf = (value: unknown): Row[] => (Array.isArray(value) ? value.filter(isRow) : []);
