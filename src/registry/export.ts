import * as fs from "node:fs";
import * as path from "node:path";
import { gatewayServerUrl, GatewayTarget } from "../clients/clientConfig";
import { InputError } from "../errors";
import { McpServerEntry } from "./schema";
import { documentProblems, SERVER_SCHEMA_ID, ServerDetailDoc, ServerList, ServerResponse, ServerResponseDoc } from "./serverJsonSchema";

/**
 * The approval registry as an MCP registry (API v0.1, modelcontextprotocol/registry
 * docs/reference/api/openapi.yaml): the documents GitHub Copilot and VS Code read to enforce an
 * allowlist (`GET /v0.1/servers`, `GET /v0.1/servers/{serverName}/versions/latest` and `/{version}`),
 * written as files that a static host, or an Azure API Center import, serves.
 */

/** The key of our vendor data in `_meta`, as the schema asks (reverse DNS, under publisher-provided). */
export const REVIEW_META_KEY = "io.github.mcp-guard/review";

export interface ExportOptions {
  /** Reverse-DNS namespace of the organisation: `com.contoso` names `com.contoso/github`. */
  namespace: string;
  /** With a stack: its gateway, which remote servers are published behind. */
  gateway?: GatewayTarget;
}

/** The schema's limit; longer registry descriptions are cut at a word, since the review's text stays in servers/. */
function description(text: string): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= 100) return clean;
  const cut = clean.slice(0, 99);
  return `${cut.slice(0, cut.lastIndexOf(" ") > 60 ? cut.lastIndexOf(" ") : 99)}…`;
}

/** The repository's host as the schema's `source` (github, gitlab...), from its URL. */
function repositorySource(url: string): string {
  const host = new URL(url).hostname.replace(/^www\./, "");
  return host.split(".").slice(-2, -1)[0] ?? host;
}

/** The reviewed version, or, for an image pinned only by digest, the digest's first 12 hex digits. */
function versionOf(s: McpServerEntry): string {
  return s.version?.replace(/^v/, "") ?? `sha256-${/@sha256:([0-9a-f]{12})/.exec(s.image ?? "")?.[1] ?? "unknown"}`;
}

/** One server's server.json. */
export function serverJson(s: McpServerEntry, options: ExportOptions): ServerDetailDoc {
  const env = s.credentials.flatMap((c) => (c.env === undefined ? [] : [{ name: c.env, description: `${c.contentType} from Key Vault secret ${c.secret}`, isRequired: true, isSecret: true }]));
  const stdioEnv = s.transport.type === "stdio" ? Object.entries(s.transport.env ?? {}).map(([name, value]) => ({ name, value })) : [];
  const packages =
    s.transport.type !== "stdio"
      ? []
      : s.package !== undefined && s.version !== undefined
        ? [{ registryType: "npm", registryBaseUrl: "https://registry.npmjs.org", identifier: s.package, version: versionOf(s), runtimeHint: "npx", transport: { type: "stdio" as const }, environmentVariables: [...stdioEnv, ...env] }]
        : s.image !== undefined
          ? [{ registryType: "oci", identifier: s.image, version: versionOf(s), runtimeHint: "docker", transport: { type: "stdio" as const }, environmentVariables: [...stdioEnv, ...env] }]
          : [];
  const auth = options.gateway?.auth;
  const remotes =
    s.transport.type === "streamable-http" && options.gateway
      ? [
          {
            type: "streamable-http" as const,
            url: gatewayServerUrl(options.gateway.url, s.name),
            ...(auth?.kind === "static-token"
              ? { headers: [{ name: "Authorization", description: "Bearer token of the MCP gateway (from Key Vault)", isRequired: true, isSecret: true, value: "Bearer {token}", variables: { token: { isRequired: true, isSecret: true } } }] }
              : {}),
          },
        ]
      : [];
  return {
    $schema: SERVER_SCHEMA_ID,
    name: `${options.namespace}/${s.name}`,
    title: s.name,
    description: description(s.description),
    version: versionOf(s),
    repository: { url: s.repository, source: repositorySource(s.repository) },
    websiteUrl: s.repository,
    ...(packages.length > 0 ? { packages } : {}),
    ...(remotes.length > 0 ? { remotes } : {}),
    _meta: {
      "io.modelcontextprotocol.registry/publisher-provided": {
        [REVIEW_META_KEY]: {
          file: s.file,
          decision: s.review.decision,
          reviewer: s.review.reviewer,
          reviewDate: s.review.date,
          ...(s.review.conditions ? { conditions: s.review.conditions } : {}),
          dataClassification: s.dataClassification,
          tools: s.tools,
        },
      },
    },
  };
}

/** The v0.1 response for one server version: the document and the registry's metadata. */
function serverResponse(s: McpServerEntry, options: ExportOptions): ServerResponseDoc {
  const reviewed = `${s.review.date}T00:00:00Z`;
  return { server: serverJson(s, options), _meta: { "io.modelcontextprotocol.registry/official": { status: "active", publishedAt: reviewed, updatedAt: reviewed, isLatest: true } } };
}

/** Every file of the export, by path relative to the output directory, each validated. */
export function registryDocuments(servers: readonly McpServerEntry[], options: ExportOptions): Map<string, unknown> {
  const responses = [...servers].sort((a, b) => a.name.localeCompare(b.name)).map((s) => serverResponse(s, options));
  const list = { servers: responses, metadata: { count: responses.length } };
  const files = new Map<string, unknown>([["v0.1/servers/index.json", list]]);
  for (const r of responses) {
    // A static host decodes `%2F` in /v0.1/servers/com.contoso%2Fgithub/... before it looks up the file.
    const dir = `v0.1/servers/${r.server.name}/versions`;
    files.set(`${dir}/latest/index.json`, r);
    files.set(`${dir}/${r.server.version}/index.json`, r);
    files.set(`${dir}/index.json`, { servers: [r], metadata: { count: 1 } });
  }
  const problems = [...files].flatMap(([file, doc]) => documentProblems(file.endsWith("/versions/index.json") || file === "v0.1/servers/index.json" ? ServerList : ServerResponse, doc).map((p) => `${file}: ${p}`));
  if (problems.length > 0) throw new InputError("the registry export does not validate against server.json (2025-12-11)", problems);
  return files;
}

/** Writes the export under `outDir`, replacing its v0.1/ tree; returns the files written, relative. */
export function writeRegistryExport(outDir: string, files: ReadonlyMap<string, unknown>): string[] {
  // The export owns v0.1/: a server no longer approved must not linger from an earlier run.
  fs.rmSync(path.join(outDir, "v0.1"), { recursive: true, force: true });
  for (const [file, doc] of files) {
    const target = path.join(outDir, ...file.split("/"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, `${JSON.stringify(doc, null, 2)}\n`);
  }
  return [...files.keys()];
}
