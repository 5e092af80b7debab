import { z } from "zod";

/**
 * The official server.json format, as constraints of our own: the schema with `$id`
 * https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json (modelcontextprotocol/registry,
 * internal/validators/schemas/2025-12-11.json, JSON Schema draft-07, generated from
 * docs/reference/api/openapi.yaml), and the registry API v0.1 response shapes from that OpenAPI document
 * (`ServerResponse`, `ServerList`). Draft-07 objects accept properties the schema does not name, so these
 * objects are loose too; what the schema constrains is constrained here, field by field:
 * - ServerDetail: `name`, `description`, `version` required; name reverse-DNS with one slash,
 *   `^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$`, 3 to 200 characters; description and title 1 to 100; version
 *   at most 255 and, as the schema's description says the registry enforces, no range (`^1.2.3`, `~1.2.3`,
 *   `>=1.2.3`, `1.x`, `1.*`); `$schema`, `websiteUrl` and `repository.url` URIs; repository needs
 *   `url` and `source`.
 * - Package: `registryType`, `identifier`, `transport` required; `version` at least 1 character, never
 *   `latest`; `fileSha256` `^[a-f0-9]{64}$`; arguments positional (with `valueHint` or `value`) or named
 *   (with `name`); environment variables and headers are KeyValueInputs (with `name`), whose `format`
 *   is string, number, boolean or filepath.
 * - Transports: stdio; streamable-http and sse with a `url` matching `^https?://[^\s]+$`; a remote is
 *   streamable-http or sse only, with optional `variables`.
 * - Icons: `src` a URI of at most 255 characters (HTTPS, says its description); `mimeType` one of
 *   image/png, image/jpeg, image/jpg, image/svg+xml, image/webp; `sizes` items `^(\d+x\d+|any)$`;
 *   `theme` light or dark.
 * - ServerResponse `_meta["io.modelcontextprotocol.registry/official"]`: `status` active, deprecated or
 *   deleted, `statusMessage` at most 500, date-times, `isLatest` boolean, and no other property.
 */
export const SERVER_SCHEMA_ID = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";

const uri = (what: string) =>
  z.string().refine((v) => URL.canParse(v) && /^[a-z][a-z0-9+.-]*:/i.test(v), { error: `is not a URI; allowed ${what}` });

/** The ranges the registry rejects, from the schema's own examples. */
const VERSION_RANGE = /^[\^~]|^[<>]=?|^=|\s-\s|\|\||^\d+(\.\d+)?\.(x|\*)$|^\d+\.(x|\*)|^(x|\*)$/i;
const exactVersion = (max?: number) => {
  const base = max === undefined ? z.string().min(1, { error: "is empty; allowed an exact version such as 1.0.2" }) : z.string().max(max, { error: `is longer than ${max} characters` });
  return base.refine((v) => !VERSION_RANGE.test(v.trim()), { error: "is a version range; allowed one exact version such as 1.0.2 (ranges like ^1.2.3, ~1.2.3, >=1.2.3, 1.x, 1.* are rejected)" });
};

const input = {
  description: z.string().optional(),
  isRequired: z.boolean().optional(),
  format: z.enum(["string", "number", "boolean", "filepath"], { error: "is not allowed; allowed string, number, boolean, filepath" }).optional(),
  value: z.string().optional(),
  isSecret: z.boolean().optional(),
  default: z.string().optional(),
  placeholder: z.string().optional(),
  choices: z.array(z.string()).optional(),
};
const Input = z.looseObject(input);
const withVariables = { ...input, variables: z.record(z.string(), Input).optional() };
const KeyValueInput = z.looseObject({ ...withVariables, name: z.string({ error: "is required: the header or environment variable name" }) });

const PositionalArgument = z
  .looseObject({ ...withVariables, type: z.literal("positional"), valueHint: z.string().optional(), isRepeated: z.boolean().optional() })
  .refine((a) => a.valueHint !== undefined || a.value !== undefined, { error: "a positional argument needs valueHint or value" });
const NamedArgument = z.looseObject({ ...withVariables, type: z.literal("named"), name: z.string({ error: "is required: the flag, with its dashes" }), isRepeated: z.boolean().optional() });
const Argument = z.union([PositionalArgument, NamedArgument], { error: "is not an argument; allowed {type: positional, valueHint | value} or {type: named, name}" });

const httpUrl = z.string().regex(/^https?:\/\/[^\s]+$/, { error: "is not an http(s) URL without spaces" });
const StdioTransport = z.looseObject({ type: z.literal("stdio") });
const StreamableHttpTransport = z.looseObject({ type: z.literal("streamable-http"), url: httpUrl, headers: z.array(KeyValueInput).optional() });
const SseTransport = z.looseObject({ type: z.literal("sse"), url: httpUrl, headers: z.array(KeyValueInput).optional() });
const transportError = { error: "is not a transport; allowed {type: stdio}, {type: streamable-http, url} or {type: sse, url}" };
const LocalTransport = z.union([StdioTransport, StreamableHttpTransport, SseTransport], transportError);
const RemoteTransport = z.union(
  [StreamableHttpTransport.extend({ variables: z.record(z.string(), Input).optional() }), SseTransport.extend({ variables: z.record(z.string(), Input).optional() })],
  { error: "is not a remote transport; allowed {type: streamable-http, url} or {type: sse, url}" },
);

const Package = z.looseObject({
  registryType: z.string({ error: "is required: npm, pypi, oci, nuget, mcpb or maven" }),
  registryBaseUrl: uri("the package registry's base URL").optional(),
  identifier: z.string({ error: "is required: the package name or download URL" }),
  version: exactVersion().refine((v) => v !== "latest", { error: 'is "latest"; allowed one exact version' }).optional(),
  fileSha256: z.string().regex(/^[a-f0-9]{64}$/, { error: "is not 64 lowercase hex characters (a SHA-256)" }).optional(),
  runtimeHint: z.string().optional(),
  transport: LocalTransport,
  runtimeArguments: z.array(Argument).optional(),
  packageArguments: z.array(Argument).optional(),
  environmentVariables: z.array(KeyValueInput).optional(),
});

const Icon = z.looseObject({
  src: uri("an https URL").max(255, { error: "is longer than 255 characters" }),
  mimeType: z.enum(["image/png", "image/jpeg", "image/jpg", "image/svg+xml", "image/webp"], { error: "is not allowed; allowed image/png, image/jpeg, image/jpg, image/svg+xml, image/webp" }).optional(),
  sizes: z.array(z.string().regex(/^(\d+x\d+|any)$/, { error: "is not WxH or any" })).optional(),
  theme: z.enum(["light", "dark"], { error: "is not allowed; allowed light, dark" }).optional(),
});

export const ServerDetail = z.looseObject({
  $schema: uri("the server.json schema URI").optional(),
  name: z
    .string({ error: "is required" })
    .min(3, { error: "is shorter than 3 characters" })
    .max(200, { error: "is longer than 200 characters" })
    .regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/, { error: "is not reverse-DNS with exactly one slash, such as io.github.user/weather" }),
  description: z.string({ error: "is required" }).min(1, { error: "is empty" }).max(100, { error: "is longer than 100 characters" }),
  title: z.string().min(1, { error: "is empty" }).max(100, { error: "is longer than 100 characters" }).optional(),
  version: z.string({ error: "is required" }).pipe(exactVersion(255)),
  repository: z.looseObject({ url: uri("the repository URL"), source: z.string({ error: "is required, such as github" }), id: z.string().optional(), subfolder: z.string().optional() }).optional(),
  websiteUrl: uri("the server's homepage").optional(),
  icons: z.array(Icon).optional(),
  packages: z.array(Package).optional(),
  remotes: z.array(RemoteTransport).optional(),
  _meta: z.looseObject({ "io.modelcontextprotocol.registry/publisher-provided": z.looseObject({}, { error: "is not an object of publisher metadata" }).optional() }).optional(),
});

const dateTime = z.iso.datetime({ offset: true, error: "is not an RFC 3339 date-time" });

export const ServerResponse = z.looseObject({
  server: ServerDetail,
  _meta: z
    .looseObject({
      "io.modelcontextprotocol.registry/official": z
        .strictObject({
          status: z.enum(["active", "deprecated", "deleted"], { error: "is not allowed; allowed active, deprecated, deleted" }).optional(),
          statusMessage: z.string().max(500, { error: "is longer than 500 characters" }).optional(),
          statusChangedAt: dateTime.optional(),
          publishedAt: dateTime.optional(),
          updatedAt: dateTime.optional(),
          isLatest: z.boolean().optional(),
        })
        .optional(),
    })
    .optional(),
});

export const ServerList = z.looseObject({
  servers: z.array(ServerResponse),
  metadata: z.looseObject({ nextCursor: z.string().optional(), count: z.number().int().optional() }).optional(),
});

export type ServerDetailDoc = z.infer<typeof ServerDetail>;
export type ServerResponseDoc = z.infer<typeof ServerResponse>;

/** `packages[0].version: is "latest"; ...` lines, empty when the document is valid. */
export function documentProblems(schema: z.ZodType, doc: unknown): string[] {
  const r = schema.safeParse(doc);
  if (r.success) return [];
  return r.error.issues.map((i) => {
    const p = i.path
      .filter((x): x is string | number => typeof x !== "symbol")
      .map((x, n) => (typeof x === "number" ? `[${x}]` : !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(x) ? `[${JSON.stringify(x)}]` : n === 0 ? x : `.${x}`))
      .join("");
    return `${p || "(document)"}: ${i.message}`;
  });
}
