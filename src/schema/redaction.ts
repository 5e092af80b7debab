import { ERROR_MESSAGE_MAX_LENGTH } from "./mcpServerLogs";

/**
 * Credential-shaped strings that must never be stored in the audit table. The same list drives the DCR
 * transform (RE2, server side) and `redactCredentials` (JavaScript, for gateways that redact before
 * sending), so the patterns stay in the syntax both engines share: no lookarounds, no backreferences.
 */
export const CREDENTIAL_PATTERNS = [
  { name: "GitHub token (ghp_, gho_, ghu_, ghs_, ghr_)", regex: String.raw`gh[pousr]_[A-Za-z0-9]{36,}`, ignoreCase: false },
  { name: "GitHub fine-grained PAT", regex: String.raw`github_pat_[A-Za-z0-9_]{22,}`, ignoreCase: false },
  { name: "bearer token", regex: String.raw`bearer\s+[A-Za-z0-9._~+/=-]{8,}`, ignoreCase: true },
  { name: "JSON web token", regex: String.raw`eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*`, ignoreCase: false },
  { name: "connection-string or SAS secret", regex: String.raw`\b(?:password|pwd|accountkey|sharedaccesskey|sig)\s*=\s*[^;&\s]+`, ignoreCase: true },
  { name: "password in a URL", regex: String.raw`://[^/\s:@]+:[^/\s@]+@`, ignoreCase: false },
] as const;

export const REDACTED = "[REDACTED]";

/** The patterns as one RE2 alternation; case-insensitive ones in a scoped (?i:...) group. */
export function credentialRegexRe2(): string {
  return CREDENTIAL_PATTERNS.map((p) => (p.ignoreCase ? `(?i:${p.regex})` : `(?:${p.regex})`)).join("|");
}

/**
 * Cuts `text` at the first credential-shaped string and appends [REDACTED]: what the DCR transform does
 * before storage. Everything after the first match goes too, since a second secret may follow the first.
 */
export function redactCredentials(text: string): string {
  const first = Math.min(...CREDENTIAL_PATTERNS.map((p) => text.search(new RegExp(p.regex, p.ignoreCase ? "i" : ""))).filter((i) => i >= 0));
  return Number.isFinite(first) ? `${text.slice(0, first)}${REDACTED}` : text;
}

/**
 * The DCR's transformKql. It only uses what DCR transformations support (extend, iif, matches regex,
 * extract, strcat, substring, isnull, now: see src/kql/dcrTransform.ts): replace_regex is not among
 * them, hence cut-and-mark rather than replace-in-place.
 */
export function ingestionTransformKql(): string {
  const re = credentialRegexRe2();
  return [
    "source",
    "| extend TimeGenerated = iif(isnull(TimeGenerated), now(), TimeGenerated)",
    `| extend ErrorMessage = iif(ErrorMessage matches regex @"${re}", strcat(extract(@"(?s)^(.*?)(?:${re})", 1, ErrorMessage), "${REDACTED}"), ErrorMessage)`,
    `| extend ErrorMessage = substring(ErrorMessage, 0, ${ERROR_MESSAGE_MAX_LENGTH})`,
  ].join("\n");
}
