/**
 * Kusto's string predicates. `has` works on terms: Kusto indexes maximal runs of alphanumeric characters
 * (https://learn.microsoft.com/kusto/query/datatypes-string-operators), so `has` matches the right side
 * where it starts and ends on a term boundary; `contains` matches any substring. Operators without
 * `_cs` ignore case.
 */
const TERM_CHAR = /[\p{L}\p{N}]/u;
const isTermChar = (c: string | undefined) => c !== undefined && TERM_CHAR.test(c);

function termSearch(haystack: string, needle: string, mode: "whole" | "prefix" | "suffix"): boolean {
  if (needle.length === 0) return true;
  const startsTerm = isTermChar(needle[0]);
  const endsTerm = isTermChar(needle[needle.length - 1]);
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const before = !startsTerm || !isTermChar(haystack[at - 1]);
    const after = !endsTerm || !isTermChar(haystack[at + needle.length]);
    if ((mode === "whole" && before && after) || (mode === "prefix" && before) || (mode === "suffix" && after)) return true;
  }
  return false;
}

export type StringPredicate = (left: string, right: string) => boolean;

const lower = (f: StringPredicate): StringPredicate => (l, r) => f(l.toLowerCase(), r.toLowerCase());
const not = (f: StringPredicate): StringPredicate => (l, r) => !f(l, r);

const has: StringPredicate = (l, r) => termSearch(l, r, "whole");
const hasprefix: StringPredicate = (l, r) => termSearch(l, r, "prefix");
const hassuffix: StringPredicate = (l, r) => termSearch(l, r, "suffix");
const contains: StringPredicate = (l, r) => l.includes(r);
const startswith: StringPredicate = (l, r) => l.startsWith(r);
const endswith: StringPredicate = (l, r) => l.endsWith(r);
const equals: StringPredicate = (l, r) => l === r;

/** Binary string operators by their token. */
export const STRING_OPERATORS: Record<string, StringPredicate> = {
  "=~": lower(equals),
  "!~": not(lower(equals)),
  has: lower(has),
  "!has": not(lower(has)),
  has_cs: has,
  "!has_cs": not(has),
  hasprefix: lower(hasprefix),
  "!hasprefix": not(lower(hasprefix)),
  hasprefix_cs: hasprefix,
  "!hasprefix_cs": not(hasprefix),
  hassuffix: lower(hassuffix),
  "!hassuffix": not(lower(hassuffix)),
  hassuffix_cs: hassuffix,
  "!hassuffix_cs": not(hassuffix),
  contains: lower(contains),
  "!contains": not(lower(contains)),
  contains_cs: contains,
  "!contains_cs": not(contains),
  startswith: lower(startswith),
  "!startswith": not(lower(startswith)),
  startswith_cs: startswith,
  "!startswith_cs": not(startswith),
  endswith: lower(endswith),
  "!endswith": not(lower(endswith)),
  endswith_cs: endswith,
  "!endswith_cs": not(endswith),
};
