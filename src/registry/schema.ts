import { z } from "zod";
import { bool, intRange, isoDate, list, oneOf, pattern, record, str } from "../configSchema";
import { Environment } from "../naming";

/**
 * One servers/<name>.yaml file: an MCP server as the guide's "MCP Server Security Review" approved (or
 * rejected) it. The schema only types the fields; what the guide asks of their values (must-items
 * answered yes, TLS 1.3, blocklists, read-only databases, ...) is checked by the REG-xx checks in
 * src/registry/checks.ts, so each finding carries an id and a fix.
 */

/** An answer on the review form. */
export const ANSWERS = ["yes", "no", "n-a"] as const;
export type Answer = (typeof ANSWERS)[number];

/** How strictly an item binds an approval (README "The approval registry": the must-items table). */
export type ItemLevel = "must" | "should";

export interface ChecklistItem {
  /** The field name under review.checklist.<section>. */
  key: string;
  /** The guide's wording, as the rendered form shows it. */
  text: string;
  level: ItemLevel;
  /** Why "n-a" is an acceptable answer to a must-item, when it is; undefined: a must-item needs "yes". */
  notApplicableWhen?: string;
}

export interface ChecklistSection {
  key: string;
  title: string;
  items: readonly ChecklistItem[];
}

/**
 * The guide's six checklist sections, item by item, in its order and wording. Must-items are those
 * whose "no" means the server can leak a credential or data, act beyond its grant, or go unaudited;
 * the rest are should-items, whose "no" an approval may carry as a listed condition.
 */
export const REVIEW_CHECKLIST = [
  {
    key: "sourceCode",
    title: "1. Source Code Review",
    items: [
      { key: "sourceReviewed", text: "Source code available and reviewed", level: "must" },
      { key: "noKnownVulnerabilities", text: "No obvious security vulnerabilities", level: "must" },
      { key: "dependenciesScanned", text: "Dependencies scanned for CVEs", level: "must" },
      { key: "updatedWithin6Months", text: "Last updated within 6 months", level: "should" },
    ],
  },
  {
    key: "authentication",
    title: "2. Authentication & Authorization",
    items: [
      { key: "requiresAuthentication", text: "Requires authentication", level: "must", notApplicableWhen: "a stdio server that calls no upstream service (the OS user's permissions apply)" },
      { key: "leastPrivilege", text: "Supports least-privilege access", level: "must" },
      { key: "credentialManagementDocumented", text: "Token/credential management documented", level: "should" },
      { key: "noHardcodedSecrets", text: "No hardcoded secrets", level: "must" },
    ],
  },
  {
    key: "dataHandling",
    title: "3. Data Handling",
    items: [
      { key: "inputValidation", text: "Input validation implemented", level: "must" },
      { key: "outputSanitization", text: "Output sanitization implemented", level: "should" },
      { key: "noSensitiveDataInLogs", text: "No sensitive data in logs", level: "must" },
      { key: "respectsDataClassification", text: "Respects data classification", level: "must" },
    ],
  },
  {
    key: "networkSecurity",
    title: "4. Network Security",
    items: [
      { key: "transportEncryption", text: "Transport encryption (TLS 1.3)", level: "must", notApplicableWhen: "a stdio server with no upstream network calls" },
      { key: "noUnnecessaryNetworkAccess", text: "No unnecessary network access", level: "must" },
      { key: "privateEndpoints", text: "Supports private endpoints (if applicable)", level: "should" },
      { key: "rateLimiting", text: "Rate limiting implemented", level: "should" },
    ],
  },
  {
    key: "auditMonitoring",
    title: "5. Audit & Monitoring",
    items: [
      { key: "operationLogging", text: "Operation logging implemented", level: "must" },
      { key: "centralSiem", text: "Logs sent to central SIEM", level: "must" },
      { key: "errorHandlingNoLeak", text: "Error handling doesn't leak info", level: "should" },
      { key: "azureMonitorIntegration", text: "Supports Azure Monitor integration", level: "should" },
    ],
  },
  {
    key: "testing",
    title: "6. Testing",
    items: [
      { key: "isolatedEnvironment", text: "Tested in isolated environment", level: "must" },
      { key: "securityTesting", text: "Security testing performed", level: "must" },
      { key: "noDataLeakage", text: "No data leakage observed", level: "must" },
      { key: "performanceAcceptable", text: "Performance acceptable", level: "should" },
    ],
  },
] as const satisfies readonly ChecklistSection[];

export const SERVER_KINDS = ["github", "azure-devops", "filesystem", "database", "other"] as const;
export const DECISIONS = ["approved", "approved-with-conditions", "rejected"] as const;
export type Decision = (typeof DECISIONS)[number];
export const DATA_CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"] as const;

/** Server names: the file stem, and the lowercase name the detections compare (ServerName). */
export const SERVER_NAME = /^[a-z][a-z0-9-]{0,39}$/;
/** MCP tool names as servers advertise them (tools/list); kept inside the parameters' alphabet. */
export const TOOL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** An upstream the gateway may call: scheme, host, optional port and path; no credentials, query or fragment. */
export const ENDPOINT = /^[a-z][a-z0-9+.-]*:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~/-]*)?$/;
/** A container image pinned by digest: a tag can be moved to other code after the review. */
export const IMAGE_DIGEST = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\.[a-z0-9-]+)*(?::\d+)?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)+@sha256:[0-9a-f]{64}$/;
/** Key Vault secret names, as the stack's secret catalog holds them. */
export const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;
/** Environment variable names a stdio server reads. */
export const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;

const answer = record(
  {
    answer: oneOf(ANSWERS),
    note: str().trim().min(3, { error: "is empty; say what was checked and how (the reviewer signs it)" }),
  },
  "an answer {answer: yes | no | n-a, note}",
);

/** Each section's answers by item key; the keys come from REVIEW_CHECKLIST, so a missing or unknown item is located. */
const section = (s: ChecklistSection) => record(Object.fromEntries(s.items.map((i) => [i.key, answer])), `the "${s.title}" answers`);

const checklist = record(Object.fromEntries(REVIEW_CHECKLIST.map((s) => [s.key, section(s)])), "the six checklist sections");

const stdio = record(
  {
    type: z.literal("stdio", { error: 'is not allowed; allowed "stdio" or "streamable-http"' }),
    command: str().min(1, { error: "is empty; allowed the program to start, such as node or npx" }),
    args: list(str(), "arguments").optional(),
    /** Plain settings only; credentials reach the process from `credentials[].env`. */
    env: z.record(pattern(ENV_NAME, "an environment variable name (A-Z, 0-9, _)"), str(), { error: "is not a map of environment variable names to values" }).optional(),
  },
  "a stdio transport {type: stdio, command, args, env}",
);

const http = record(
  {
    type: z.literal("streamable-http"),
    url: str(),
    tls: record({ minVersion: oneOf(["1.2", "1.3"]) }, "TLS settings {minVersion}").optional(),
    authentication: record(
      {
        type: oneOf(["entra", "bearer"]),
        /** With bearer: the catalog secret holding the token. */
        secret: pattern(SECRET_NAME, "a secret catalog name").optional(),
      },
      "an authentication {type: entra | bearer, secret}",
    ).optional(),
  },
  "a streamable HTTP transport {type: streamable-http, url, tls, authentication}",
);

const transport = z.discriminatedUnion("type", [stdio, http], { error: (i) => (i.input === undefined ? "is required" : 'is not allowed; allowed {type: stdio, command, ...} or {type: streamable-http, url, tls, authentication}') });

const credential = record(
  {
    secret: pattern(SECRET_NAME, "a secret catalog name (1 to 127 letters, digits and hyphens)"),
    contentType: pattern(/^[a-z0-9][a-z0-9.+-]{0,62}$/, "the catalog entry's content type, such as github-pat, ado-pat, connection-string"),
    /** For stdio servers: the variable the client passes the value in, as a reference (${env:NAME}). */
    env: pattern(ENV_NAME, "an environment variable name (A-Z, 0-9, _)").optional(),
    /** GitHub PATs: fine-grained (per repository, per permission) or classic (account-wide scopes). */
    tokenType: oneOf(["fine-grained", "classic"]).optional(),
    /** Fine-grained PATs: the repositories (owner/name) the token is limited to. */
    repositories: list(pattern(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, "owner/name"), "repositories").optional(),
    /** What the credential grants: permission:access for GitHub (issues:write), the PAT scopes for Azure DevOps (vso.work). */
    scopes: list(pattern(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, "a scope such as issues:read or vso.work"), "scopes"),
  },
  "a credential {secret, contentType, env, scopes, ...}",
);

const availability = z.discriminatedUnion(
  "mode",
  [
    record({ mode: z.literal("always-on") }, "an availability {mode: always-on}"),
    record(
      {
        mode: z.literal("office-hours"),
        hours: pattern(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)-(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, "days and hours such as Mon-Fri 07:00-19:00"),
        timeZone: pattern(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, "an IANA time zone such as Europe/Amsterdam"),
      },
      "an availability {mode: office-hours, hours, timeZone}",
    ),
  ],
  { error: (i) => (i.input === undefined ? "is required" : 'is not allowed; allowed {mode: always-on} or {mode: office-hours, hours: "Mon-Fri 07:00-19:00", timeZone}') },
);

/** A server file as written. */
export const serverFileSchema = record(
  {
    name: pattern(SERVER_NAME, "1 to 40 lowercase letters, digits and hyphens, starting with a letter"),
    description: str().trim().min(10, { error: "is too short; say what the server lets the assistant do" }),
    kind: oneOf(SERVER_KINDS),
    repository: pattern(/^https:\/\/\S+$/, "the source repository's https URL"),
    /** The reviewed release; with `image`, the tag it was built from. */
    version: pattern(/^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, "the reviewed release, such as 1.4.2").optional(),
    /** An npm package that runs the release (npx), pinned by `version`. */
    package: pattern(/^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/, "an npm package name such as @contoso/mcp-github").optional(),
    image: pattern(IMAGE_DIGEST, "an image pinned by digest, registry/name@sha256:<64 hex>").optional(),
    transport,
    endpoints: list(pattern(ENDPOINT, "scheme://host[:port][/path], no credentials or query"), "upstream endpoints"),
    tools: list(pattern(TOOL_NAME, "a tool name of letters, digits, _ . - (at most 64)"), "tool names").min(1, { error: "is empty; allowed the tools the review approved (the allowlist)" }),
    credentials: list(credential, "credentials"),
    dataClassification: oneOf(DATA_CLASSIFICATIONS),
    availability,
    environments: record({ dev: bool(), staging: bool(), prod: bool() } satisfies Record<Environment, z.ZodType>, "the environments the server is enabled in {dev, staging, prod}"),
    filesystem: record(
      {
        allowedPaths: list(pattern(/^\/\S*$/, "an absolute path"), "directories"),
        blockedPatterns: list(str().min(1), "glob patterns"),
      },
      "file-system limits {allowedPaths, blockedPatterns}",
    ).optional(),
    database: record(
      {
        connection: oneOf(["read-replica", "read-only-user", "read-write"]),
        allowedSchemas: list(pattern(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "a schema name"), "schemas").optional(),
        maxRows: intRange(1, 1_000_000).optional(),
        queryTimeoutMs: intRange(1, 3_600_000).optional(),
      },
      "database limits {connection, allowedSchemas, maxRows, queryTimeoutMs}",
    ).optional(),
    review: record(
      {
        requestedBy: str().min(1),
        reviewer: str().min(1, { error: "is empty; allowed the reviewer's name or address" }),
        date: isoDate(),
        checklist,
        decision: oneOf(DECISIONS),
        conditions: list(str().trim().min(10, { error: "is too short; say what must hold and who checks it" }), "conditions").optional(),
        reasons: list(str().trim().min(10, { error: "is too short; say why" }), "reasons").optional(),
      },
      "a review {requestedBy, reviewer, date, checklist, decision, conditions, reasons}",
    ),
  },
  "a server file",
);

export type ServerFile = z.infer<typeof serverFileSchema>;
export type ReviewChecklist = ServerFile["review"]["checklist"];
export type ServerCredential = ServerFile["credentials"][number];
export type ServerTransport = ServerFile["transport"];

/** A registry entry: the file as written, and where it came from (for located messages). */
export interface McpServerEntry extends ServerFile {
  /** The file, relative to the project: servers/github.yaml. */
  file: string;
  /** The 1-based line of a field path in the file (the nearest enclosing node that exists). */
  lineOf: (path: readonly (string | number)[]) => number;
}

/** Approved or approved with conditions: the decisions that let a server run where it is enabled. */
export function isApproved(server: Pick<ServerFile, "review">): boolean {
  return server.review.decision !== "rejected";
}
