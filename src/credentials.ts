/*
 * Recognising a credential by its shape needs nothing else: kept apart from secretConfig (which
 * wraps values in Pulumi secrets) so the REG checks and the client lint load without @pulumi/pulumi.
 */

/** Shapes of credentials that have no business in plain config, each with what it is. */
const CREDENTIAL_SHAPES: [RegExp, string][] = [
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{22,}/, "a GitHub token"],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, "a GitLab token"],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, "a Slack token"],
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/, "an AWS access key"],
  [/\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}/, "an API key"],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, "a JSON web token"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
  [/(?:AccountKey|SharedAccessKey|Password|Pwd)=[^;\s]{8,}/i, "a connection string with a key or password"],
  [/[?&](?:sig|code|access_token|token|api[-_]?key)=[^&\s]{8,}/i, "a URL that carries a signature or token"],
  [/^[A-Za-z0-9~._-]{3}8Q~[A-Za-z0-9~._-]{31,34}$/, "an Entra client secret"],
];

/**
 * Every shape in one case-insensitive alternation: it matches whatever any shape matches (and some
 * more), so a text it misses needs no other test. The REG-05 check runs on every string of every
 * server file, nearly all of them prose, and ten scans each were half of checking a thousand-server registry.
 */
const ANY_SHAPE = new RegExp(CREDENTIAL_SHAPES.map(([re]) => `(?:${re.source})`).join("|"), "i");

/** What kind of credential `text` looks like, or undefined. */
export function credentialShape(text: string): string | undefined {
  if (!ANY_SHAPE.test(text)) return undefined;
  return CREDENTIAL_SHAPES.find(([re]) => re.test(text))?.[1];
}
