import { RESULT_TYPES } from "../../src/schema/mcpServerLogs";

/**
 * Seeded MCPServerLogs_CL and AZKVAuditLogs records spread over the `days` before `now`: a handful of
 * users, servers (one not approved), tools, sessions and addresses, mostly successes with failures,
 * denials and throttling mixed in, tools/list calls carrying toolset hashes. Same seed, same records.
 */
export type GeneratedLogs = {
  MCPServerLogs_CL: Record<string, unknown>[];
  AZKVAuditLogs: Record<string, unknown>[];
};

/** mulberry32: small, fast and good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const GENERATED_SERVERS = ["github", "jira", "confluence", "shadow-notes"];
export const APPROVED_SERVERS = ["github", "jira", "confluence"];
export const GENERATED_TOOLS = ["search_issues", "create_issue", "get_page", "list_repos", "read_file"];
export const GATEWAY_OID = "00000000-0000-0000-0000-0000000000aa";

export function generateLogs(options: { count: number; now: Date; days?: number; seed?: number }): GeneratedLogs {
  const random = seededRandom(options.seed ?? 14);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const span = (options.days ?? 2) * 86_400_000;
  const end = options.now.getTime();
  const users = Array.from({ length: 12 }, (_, i) => `user${i}@contoso.com`);
  const mcp: Record<string, unknown>[] = [];
  for (let i = 0; i < options.count; i++) {
    const at = new Date(end - Math.floor(random() * span));
    const user = pick(users);
    const roll = random();
    const result = roll < 0.85 ? "Success" : pick(RESULT_TYPES.filter((r) => r !== "Success"));
    const status = result === "Success" ? 200 : result === "Denied" ? pick([401, 403]) : result === "Throttled" ? 429 : pick([200, 500, 502]);
    const operation = random() < 0.8 ? "tools/call" : pick(["tools/list", "initialize", "resources/read"]);
    const server = random() < 0.03 ? "shadow-notes" : pick(APPROVED_SERVERS);
    mcp.push({
      TimeGenerated: at.toISOString(),
      ServerName: server,
      Operation: operation,
      ResultType: result,
      ErrorMessage: result === "Success" ? "" : `upstream said ${status}`,
      User: user,
      UserObjectId: `oid-${users.indexOf(user)}`,
      ClientAppId: "aebc6443-996d-45c2-90f0-388ff96faa56",
      ClientName: pick(["Visual Studio Code", "Cursor"]),
      ToolName: operation === "tools/call" ? pick(GENERATED_TOOLS) : "",
      SessionId: `session-${users.indexOf(user)}-${Math.floor(random() * 3)}`,
      CorrelationId: `corr-${i}`,
      HttpStatus: status,
      JsonRpcErrorCode: result === "ToolError" ? -32603 : null,
      DurationMs: Math.round(random() * 2000 * 10) / 10,
      RequestBytes: Math.floor(random() * 4000),
      ResponseBytes: Math.floor(random() * 200_000),
      CallerIpAddress: `10.20.0.${(users.indexOf(user) % 8) + 4}`,
      ServerEndpoint: `https://${server}.mcp.internal`,
      ToolsetHash: operation === "tools/list" ? (random() < 0.95 ? `hash-${server}` : `hash-${server}-v2`) : "",
      ToolCount: operation === "tools/list" ? 12 : null,
      Properties: { gatewayInstance: `gw-${i % 2}` },
    });
  }
  const kv: Record<string, unknown>[] = [];
  for (let i = 0; i < Math.max(10, Math.floor(options.count / 20)); i++) {
    const gateway = random() < 0.9;
    kv.push({
      TimeGenerated: new Date(end - Math.floor(random() * span)).toISOString(),
      OperationName: random() < 0.8 ? "SecretGet" : "SecretList",
      ResultType: "Success",
      HttpStatusCode: 200,
      DurationMs: Math.floor(random() * 50),
      CallerIpAddress: gateway ? "10.20.1.4" : "203.0.113.7",
      CorrelationId: `kv-${i}`,
      Identity: { claim: gateway ? { oid: GATEWAY_OID, appid: "gateway-app" } : { oid: "oid-operator", upn: "operator@contoso.com" } },
      Id: `https://kv-mcp.vault.azure.net/secrets/${pick(["github-token", "jira-token"])}/0123456789abcdef`,
    });
  }
  return { MCPServerLogs_CL: mcp, AZKVAuditLogs: kv };
}
