import { z } from "zod";
import { Environment, NameKind, nameProblem } from "./naming";

/**
 * Field builders whose messages show the bad value and what is allowed, so every config error reads
 * `mcp-guard:<key>: <value> <problem>; allowed <what>`. Secret keys use `secretString`, whose messages
 * never show the value.
 */
const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

interface IssueInput {
  input?: unknown;
}
const msg = (f: (shown: string) => string) => (i: IssueInput) => (i.input === undefined ? "is required" : f(show(i.input)));

export const str = () => z.string({ error: msg((v) => `${v} is not a string`) });

export const pattern = (re: RegExp, allowed: string) =>
  str().regex(re, { error: msg((v) => `${v} is not allowed; allowed ${allowed}`) });

export const intRange = (min: number, max: number) =>
  z
    .number({ error: msg((v) => `${v} is not a number; allowed ${min} to ${max}`) })
    .int({ error: msg((v) => `${v} is not a whole number; allowed ${min} to ${max}`) })
    .min(min, { error: msg((v) => `${v} is out of range; allowed ${min} to ${max}`) })
    .max(max, { error: msg((v) => `${v} is out of range; allowed ${min} to ${max}`) });

/** A positive number, or -1 for "none" (as Azure's own caps spell it). */
export const positiveOrNone = (unit: string) =>
  z
    .number({ error: msg((v) => `${v} is not a number; allowed a positive number of ${unit}, or -1 for none`) })
    .refine((v) => v === -1 || v > 0, { error: msg((v) => `${v} is not allowed; allowed a positive number of ${unit}, or -1 for none`) });

export const bool = () => z.boolean({ error: msg((v) => `${v} is not true or false`) });

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: msg((v) => `${v} is not allowed; allowed ${values.join(", ")}`) });

/**
 * An address mail systems deliver to: zod's email check, which refuses what RFC 5321 mailboxes cannot
 * hold and what renders deceptively (no markup, no leading or doubled dot, no zero-width or bidi
 * characters), within RFC 5321's 254-character path limit.
 */
export const email = () =>
  z
    .email({ error: msg((v) => `${v} is not an email address`) })
    .max(254, { error: msg((v) => `${v} is longer than 254 characters, more than mail systems deliver (RFC 5321)`) });

export const guid = () =>
  z.string({ error: msg((v) => `${v} is not a GUID`) }).regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    error: msg((v) => `${v} is not a GUID; allowed the form 00000000-0000-0000-0000-000000000000`),
  });

export const azureName = (kind: NameKind) =>
  str().superRefine((v, ctx) => {
    const problem = nameProblem(kind, v);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: v });
  });

export const list = <T extends z.ZodType>(item: T, what: string) => z.array(item, { error: msg((v) => `${v} is not a list of ${what}`) });

export const stringMap = (what: string, maxKey: number, maxValue: number) =>
  z.record(
    str().max(maxKey, { error: msg((v) => `key ${v} is longer than ${maxKey} characters`) }),
    str().max(maxValue, { error: msg((v) => `${v} is longer than ${maxValue} characters`) }),
    { error: msg((v) => `${v} is not a map of ${what}`) },
  );

/** A calendar date: 2027-02-30 is refused, not rolled over into March. */
export const isoDate = () =>
  str()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: msg((v) => `${v} is not a date; allowed YYYY-MM-DD`) })
    .refine((v) => isCalendarDate(v), { error: msg((v) => `${v} is not a calendar date`) });

export const isCalendarDate = (v: string): boolean => z.iso.date().safeParse(v).success;

/** An object whose unknown fields are errors too: a typo in a nested field must not be ignored either. */
export const record = <T extends z.ZodRawShape>(shape: T, what: string) =>
  z.strictObject(shape, {
    error: (i) =>
      i.code === "unrecognized_keys" ? `unknown field ${i.keys.map((k) => JSON.stringify(k)).join(", ")}; allowed ${Object.keys(shape).join(", ")}` : i.input === undefined ? "is required" : `is not ${what}`,
  });

/** A credential: its messages never show what was given. */
export const secretString = () =>
  z.string({ error: (i) => (i.input === undefined ? "is required" : "must be a string (value not shown)") }).min(1, { error: "must not be empty" });

/** The default as users read it: one value, or one per environment, or a rule in words. */
export type DefaultDoc = { value: unknown } | { perEnvironment: Record<Environment, unknown> } | { derived: string };

/** Documentation and Pulumi metadata for one stack config key. */
export interface KeyDoc {
  description: string;
  /** Undefined: the key is required. */
  default?: DefaultDoc;
  /** A credential: accepted only as `pulumi config set --secret`. */
  secret?: boolean;
  /** The Pulumi project-config type, where Pulumi can express it (it has no object type). */
  pulumiType?: "string" | "integer" | "boolean" | "array";
}
