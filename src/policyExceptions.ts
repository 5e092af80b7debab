/**
 * A deliberate deviation from a secure default is written on the resource itself as a tag, so the
 * reviewer sees it in the diff, an auditor sees it in Azure, and every policy report shows the reason.
 * Components write these tags and policy reads them; neither imports the other, both import this file.
 */
export const EXCEPTION_TAG_PREFIX = "mcp-guard-exception-";

/** Azure tag values hold at most 256 characters. */
const MAX_REASON = 256;

/** The tag that excepts `resource` from rule `ruleId`, with the reason reports show. */
export function exceptionTag(ruleId: string, reason: string): Record<string, string> {
  const trimmed = reason.trim();
  if (trimmed.length === 0) throw new Error(`an exception to ${ruleId} needs a written reason`);
  if (trimmed.length > MAX_REASON) throw new Error(`the reason for the exception to ${ruleId} is ${trimmed.length} characters; Azure tags allow ${MAX_REASON}`);
  return { [`${EXCEPTION_TAG_PREFIX}${ruleId}`]: trimmed };
}

/** The written reason a resource's tags give for an exception to `ruleId`, if any. */
export function exceptionReason(tags: unknown, ruleId: string): string | undefined {
  if (typeof tags !== "object" || tags === null) return undefined;
  const value: unknown = Object.entries(tags).find(([k]) => k === `${EXCEPTION_TAG_PREFIX}${ruleId}`)?.[1];
  return typeof value === "string" && value.trim().length > 0 ? value : undefined;
}
