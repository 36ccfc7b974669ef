import { ValidationError, type Field, type FieldHook, type Validate } from "payload";
import * as defaultValidation from "payload/shared";
import { exceedsCharacters, limits, tooManyCharacters, tooManyLines } from "@cica/schema";
import { fieldMessage } from "./messages";

// The limits of packages/schema applied to Payload fields. Two places enforce
// each one: the field's `validate` (so the admin shows the message under the
// field as the editor types), and a `beforeValidate` field hook, because
// Payload skips `validate` on draft saves and autosaves, and a draft must not
// store a 5 MB title either. Both report the same message, naming the field
// and the language: "title [ru]: must be at most 200 characters".

/** What is wrong with a value, or null. */
export type Problem = (value: unknown) => string | null;

/** The parts of a field config that a limit touches; each field type's own `validate` has a narrower signature. */
type Bounded = { type: string; localized?: boolean; validate?: unknown; hooks?: { beforeValidate?: FieldHook[] } };

function refuseOnEverySave(problem: Problem, localized: boolean): FieldHook {
  return ({ value, req, path, collection, global }) => {
    const message = problem(value);
    if (!message) return value;
    throw new ValidationError({
      collection: collection?.slug,
      global: global?.slug,
      errors: [{ path: path.join("."), message: fieldMessage(req, path, localized, message) }],
    });
  };
}

/** The field with `problem` checked before its own validation, on drafts as well. */
export function withLimit<F extends Bounded>(field: F, problem: Problem): F {
  const localized = Boolean(field.localized);
  // `as`: the field's own validate, or Payload's default for its type, takes the options Payload passes every validate.
  const own = (field.validate ?? (defaultValidation as unknown as Record<string, unknown>)[field.type]) as Validate | undefined;
  const validate: Validate = (value, options) => {
    const message = problem(value);
    if (message) return fieldMessage(options.req, options.path, localized, message);
    // Payload's own text check counts UTF-16 units; the limit above counts characters, so it is not asked again.
    // Cast: Payload's options type has no maxLength for every field type, but text validators read it.
    return own ? own(value, { ...options, maxLength: undefined } as typeof options) : true;
  };
  const hooks = { ...field.hooks, beforeValidate: [refuseOnEverySave(problem, localized), ...(field.hooks?.beforeValidate ?? [])] };
  // `as F`: the spread keeps every property of F; TypeScript cannot follow a spread over a union member.
  return { ...field, validate, hooks } as F;
}

/** At most `max` characters (code points), for a text or each value of a hasMany text. */
export const characters =
  (max: number): Problem =>
  (value) => {
    const values = Array.isArray(value) ? value : [value];
    return values.some((v) => typeof v === "string" && exceedsCharacters(v, max)) ? tooManyCharacters(max) : null;
  };

/** At most `max` rows or values. */
export const entries =
  (max: number): Problem =>
  (value) =>
    Array.isArray(value) && value.length > max ? tooManyLines(max) : null;

const both =
  (...problems: Problem[]): Problem =>
  (value) => {
    for (const problem of problems) {
      const message = problem(value);
      if (message) return message;
    }
    return null;
  };

type TextLike = Extract<Field, { type: "text" | "textarea" }>;

/** A text or textarea of at most `max` characters; Payload's `maxLength` says so to the admin. */
export function boundedText<F extends TextLike>(field: F, max: number): F {
  const hasMany = "hasMany" in field && field.hasMany;
  const rows = hasMany ? { maxRows: limits.shortList } : {};
  const problem = hasMany ? both(entries(limits.shortList), characters(max)) : characters(max);
  return withLimit<F>({ ...field, maxLength: max, ...rows }, problem);
}

type ListLike = Extract<Field, { type: "array" | "relationship" | "upload" | "select" }>;

/** A list of at most `max` rows (an array, or a hasMany relationship, upload or select). */
export function boundedRows<F extends ListLike>(field: F, max: number): F {
  return withLimit<F>({ ...field, maxRows: max }, entries(max));
}
