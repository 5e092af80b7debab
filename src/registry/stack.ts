import type { McpGuardConfig } from "../config";
import { InputError } from "../errors";
import { DetectionApprovals } from "../kql/parameters";
import { Environment } from "../naming";
import { checkRegistry, RegistryFinding } from "./checks";
import { approvedFor, fieldPath, requireRegistry } from "./load";
import { isApproved, McpServerEntry } from "./schema";

/** What the registry gives a stack's detections: servers approved and enabled in its environment. */
export function detectionApprovals(servers: readonly McpServerEntry[], environment: Environment): DetectionApprovals {
  return encodeApprovals(approvedFor(servers, environment).map((s) => ({ name: s.name, tools: s.tools, endpoints: s.endpoints, alwaysOn: s.availability.mode === "always-on" })));
}

/** The detection parameters' encodings (src/kql/parameters.ts) of some servers; the AWS form's ports use them too. */
export function encodeApprovals(servers: readonly { name: string; tools: readonly string[]; endpoints: readonly string[]; alwaysOn: boolean }[]): DetectionApprovals {
  return {
    servers: servers.map((s) => s.name.toLowerCase()),
    serverTools: servers.flatMap((s) => s.tools.map((t) => `${s.name.toLowerCase()}/${t}`)),
    serverEndpoints: servers.flatMap((s) => s.endpoints.map((e) => `${s.name.toLowerCase()}/${e.toLowerCase()}`)),
    alwaysOnServers: servers.filter((s) => s.alwaysOn).map((s) => s.name.toLowerCase()),
  };
}

/** A catalog entry as the registry sees it (src/config.ts `secrets`). */
export interface CatalogSecret {
  name: string;
  contentType: string;
  /** false: retired, as if absent. */
  enabled?: boolean;
}

/** The catalog secrets a server reads: its credentials and its HTTP bearer token. */
export function secretsOf(server: McpServerEntry): { secret: string; contentType?: string; path: (string | number)[] }[] {
  const out: { secret: string; contentType?: string; path: (string | number)[] }[] = server.credentials.map((c, i) => ({ secret: c.secret, contentType: c.contentType, path: ["credentials", i, "secret"] }));
  if (server.transport.type === "streamable-http" && server.transport.authentication?.secret !== undefined) out.push({ secret: server.transport.authentication.secret, path: ["transport", "authentication", "secret"] });
  return out;
}

export interface CatalogLinkContext {
  environment: Environment;
  /** The stack's secret catalog, in config order. */
  catalog: readonly CatalogSecret[];
  /** The config key holding the catalog, for messages: mcp-guard:secrets. */
  catalogKey: string;
  /** Catalog secrets something other than a server reads (the gateway's static bearer token). */
  usedElsewhere?: readonly string[];
}

/**
 * REG-13: a server that runs in the environment needs every secret it names in the stack's catalog,
 * with the content type the review expects. REG-14: a catalog secret that no approved server names, in
 * any environment, is a warning (a secret staged before its server is enabled in this environment is
 * not orphaned; one no review covers is).
 */
export function catalogFindings(servers: readonly McpServerEntry[], ctx: CatalogLinkContext): RegistryFinding[] {
  const out: RegistryFinding[] = [];
  const byName = new Map(ctx.catalog.filter((c) => c.enabled !== false).map((c) => [c.name.toLowerCase(), c]));
  const known = [...byName.values()].map((c) => c.name).join(", ") || "none (the catalog is empty)";
  for (const s of approvedFor(servers, ctx.environment)) {
    for (const ref of secretsOf(s)) {
      const entry = byName.get(ref.secret.toLowerCase());
      // Locating a field may parse the file again (its value can come from the cache): only for a finding.
      const where = () => `${s.file}:${s.lineOf(ref.path)}: ${fieldPath(ref.path)}`;
      if (!entry) out.push({ id: "REG-13", severity: "error", message: `${where()}: ${JSON.stringify(ref.secret)} is not in the ${ctx.environment} stack's secret catalog; add it to ${ctx.catalogKey} or set environments.${ctx.environment}: false (allowed ${known}) (REG-13)` });
      else if (ref.contentType !== undefined && entry.contentType !== ref.contentType) out.push({ id: "REG-13", severity: "error", message: `${where()}: ${JSON.stringify(ref.secret)} is a ${entry.contentType} in ${ctx.catalogKey}, the review expects ${ref.contentType}; fix the catalog entry's contentType or the credential's (REG-13)` });
    }
  }
  const used = new Set([...servers.filter(isApproved).flatMap((s) => secretsOf(s).map((r) => r.secret.toLowerCase())), ...(ctx.usedElsewhere ?? []).map((n) => n.toLowerCase())]);
  ctx.catalog.forEach((c, i) => {
    if (c.enabled !== false && !used.has(c.name.toLowerCase())) out.push({ id: "REG-14", severity: "warning", message: `${ctx.catalogKey}[${i}].name: ${JSON.stringify(c.name)} is used by no approved server in servers/; name it in a server's credentials, or retire it (enabled: false) and remove it once rotated out (REG-14)` });
  });
  return out;
}

export interface StackRegistryRequest extends CatalogLinkContext {
  servers: readonly McpServerEntry[];
  today: Date;
}

/** The registry as one stack deploys it: its detections' approvals, and the warnings to print. */
export interface StackRegistry {
  approvals: DetectionApprovals;
  /** The servers that run in this stack's environment. */
  servers: McpServerEntry[];
  warnings: string[];
}

/** Every REG check for one stack; throws InputError with every error, before anything is registered. */
export function stackRegistry(req: StackRegistryRequest): StackRegistry {
  const findings = [...checkRegistry(req.servers, { environment: req.environment, today: req.today }), ...catalogFindings(req.servers, req)];
  const errors = findings.filter((f) => f.severity === "error").map((f) => f.message);
  if (errors.length > 0) throw new InputError("invalid server registry", errors);
  return { approvals: detectionApprovals(req.servers, req.environment), servers: approvedFor(req.servers, req.environment), warnings: findings.filter((f) => f.severity === "warning").map((f) => f.message) };
}

/** Reads servers/ in `dir` and checks it for one stack (the program and `stackDetections` both call this). */
export function loadStackRegistry(dir: string, req: Omit<StackRegistryRequest, "servers">): StackRegistry {
  return stackRegistry({ ...req, servers: requireRegistry(dir) });
}

/** The registry checked against one validated stack config: its environment, catalog and gateway token. */
export function registryForConfig(dir: string, config: McpGuardConfig, today: Date): StackRegistry {
  const auth = config.gateway.edgeAuth.clientAuth;
  return loadStackRegistry(dir, {
    environment: config.environment,
    catalog: config.secrets,
    catalogKey: `${config.project}:secrets`,
    usedElsewhere: auth?.kind === "static-token" && auth.secretName !== undefined ? [auth.secretName] : [],
    today,
  });
}
