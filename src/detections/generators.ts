import { z } from "zod";
import { KEY_VAULT_AUDIT_TABLE } from "../schema/keyVaultAuditLogs";
import { McpAuditRecord, MCP_SERVER_LOGS_TABLE } from "../schema/mcpServerLogs";
import { Random, seeded } from "./random";
import { isoUtc, sortByTime } from "./time";

/*
 * Seeded log generators: the realistic background a detection must stay quiet on, and the attack
 * patterns it must page on. Records are shaped by src/schema/mcpServerLogs.ts (MCPServerLogs_CL) and
 * src/schema/keyVaultAuditLogs.ts (AZKVAuditLogs); times are offsets from a test's time 0.
 */

/** One generated record and the table it belongs to. */
export interface GeneratedRecord {
  table: string;
  record: Record<string, unknown>;
}

/** Where generated times sit: offsets (ms) are from `anchorMs`, the test's time 0. */
export interface GeneratorContext {
  anchorMs: number;
}

interface Generator<S extends z.ZodType> {
  description: string;
  options: S;
  generate(options: z.output<S>, ctx: GeneratorContext): GeneratedRecord[];
}

/** A generator with `run`, which validates raw options against its schema first. */
function defineGenerator<S extends z.ZodType>(g: Generator<S>) {
  return { ...g, run: (options: unknown, ctx: GeneratorContext) => g.generate(g.options.parse(options), ctx) };
}

/** Offsets in ms; test files write them as relative times (the loader converts them). */
const span = { from: z.number(), to: z.number() };
const seed = z.number().int().min(0).default(1);

interface ServerProfile {
  endpoint: string;
  tools: readonly string[];
}

/** The servers the shipped stacks approve, with the tools each offers, as a gateway registers them. */
export const SERVER_PROFILES: Record<string, ServerProfile> = {
  github: { endpoint: "https://mcp-github.internal.contoso.com/mcp", tools: ["search_repositories", "get_file_contents", "list_issues", "create_issue"] },
  "azure-devops": { endpoint: "https://mcp-ado.internal.contoso.com/mcp", tools: ["list_work_items", "get_work_item"] },
  filesystem: { endpoint: "https://mcp-fs.internal.contoso.com/mcp", tools: ["read_file", "list_directory"] },
  database: { endpoint: "https://mcp-db.internal.contoso.com/mcp", tools: ["query"] },
};

/**
 * The approval registry the generated logs assume, in the parameters' encodings (src/kql/parameters.ts):
 * the four servers above with their tools and endpoints, none always-on (the benign team uses them in
 * office hours). Detection tests state these values rather than rely on a stack's registry.
 */
export const GENERATED_APPROVALS = {
  approvedServers: Object.keys(SERVER_PROFILES),
  approvedServerTools: Object.entries(SERVER_PROFILES).flatMap(([server, p]) => p.tools.map((t) => `${server}/${t}`)),
  approvedServerEndpoints: Object.entries(SERVER_PROFILES).map(([server, p]) => `${server}/${p.endpoint.toLowerCase()}`),
  alwaysOnServers: new Array<string>(),
};

const CLIENTS = [
  { name: "Visual Studio Code", version: "1.96.2", appId: "aebc6443-996d-45c2-90f0-388ff96faa56" },
  { name: "Cursor", version: "0.44.11", appId: "0f2d4b3c-6a1e-4c8b-9d57-3e1a2b4c5d6e" },
  { name: "claude-code", version: "1.0.31", appId: "7c3e9a1d-2b5f-4e8a-b6c4-1d9f0e2a3b4c" },
] as const;

/** How busy a developer is in each UTC hour of a working day: office hours, a lunch dip, quiet nights. */
const HOURLY_ACTIVITY = [0.02, 0.02, 0.02, 0.02, 0.02, 0.03, 0.08, 0.3, 0.8, 1, 1, 0.9, 0.45, 0.8, 1, 1, 0.85, 0.5, 0.25, 0.1, 0.06, 0.04, 0.03, 0.02];
const WEEKEND_FACTOR = 0.05;

function activity(ms: number): number {
  const d = new Date(ms);
  const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
  return HOURLY_ACTIVITY[d.getUTCHours()] * (weekend ? WEEKEND_FACTOR : 1);
}

interface Person {
  user: string;
  objectId: string;
  ip: string;
}

const guid = (r: Random) => `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-a${r.hex(3)}-${r.hex(12)}`;

function people(count: number, prefix: string, r: Random): Person[] {
  return Array.from({ length: count }, (_, i) => ({
    user: `${prefix}${String(i + 1).padStart(2, "0")}@contoso.com`,
    objectId: guid(r),
    ip: `10.20.${r.int(1, 40)}.${r.int(2, 250)}`,
  }));
}

function toolsetHash(server: string): string {
  let h = 2166136261;
  for (const c of server) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h.toString(16).padStart(8, "0").repeat(8);
}

/** One MCP call through the gateway, with the columns every emitter fills. */
function mcpCall(ms: number, p: Person, server: string, session: string, r: Random, fields: Partial<McpAuditRecord>): GeneratedRecord {
  const client = CLIENTS[p.objectId.charCodeAt(0) % CLIENTS.length];
  const record: McpAuditRecord = {
    TimeGenerated: isoUtc(Math.round(ms)),
    ServerName: server,
    Operation: "tools/call",
    ResultType: "Success",
    ErrorMessage: "",
    User: p.user,
    UserObjectId: p.objectId,
    ClientAppId: client.appId,
    ClientName: client.name,
    ClientVersion: client.version,
    ToolName: "",
    SessionId: session,
    CorrelationId: r.hex(32),
    JsonRpcId: String(r.int(1, 5000)),
    HttpStatus: 200,
    DurationMs: Math.round(r.exponential(180) + 20),
    RequestBytes: r.int(150, 900),
    ResponseBytes: r.int(400, 60_000),
    CallerIpAddress: p.ip,
    ServerEndpoint: SERVER_PROFILES[server]?.endpoint ?? `https://${server}.example.net/mcp`,
    AuthMethod: "oauth2",
    ProtocolVersion: "2025-11-25",
    Transport: "streamable-http",
    Properties: { gatewayInstance: "gw-0" },
    ...fields,
  };
  return { table: MCP_SERVER_LOGS_TABLE, record };
}

/** A tool call's outcome in normal use: mostly success, some tool errors, rare failures, throttling and expired tokens. */
function outcome(r: Random): Partial<McpAuditRecord> {
  const x = r.next();
  if (x < 0.955) return {};
  if (x < 0.98) return { ResultType: "ToolError", ErrorMessage: "tool returned an error: resource not found", JsonRpcErrorCode: -32603 };
  if (x < 0.99) return { ResultType: "Failure", HttpStatus: 502, ErrorMessage: "upstream server closed the connection" };
  if (x < 0.996) return { ResultType: "Throttled", HttpStatus: 429, ErrorMessage: "rate limit exceeded; retry after 20 s" };
  return { ResultType: "Denied", HttpStatus: 401, ErrorMessage: "token expired" };
}

interface SessionOptions {
  servers: readonly string[];
  /** Also write the client's notifications/initialized after initialize (the baseline week's chatter). */
  notifications: boolean;
}

/** One developer's session at `t`: initialize, one tools/list, 4 to 24 tool calls with pings between. */
function session(out: GeneratedRecord[], p: Person, start: number, end: number, at: number, r: Random, o: SessionOptions): void {
  let t = at;
  const server = r.pick(o.servers);
  const id = r.hex(64);
  const add = (fields: Partial<McpAuditRecord>) => {
    if (t >= start && t < end) out.push(mcpCall(t, p, server, id, r, fields));
  };
  add({ Operation: "initialize", ToolName: "" });
  if (o.notifications) add({ Operation: "notifications/initialized", ResponseBytes: 0, HttpStatus: 202 });
  t += r.int(100, 900);
  add({ Operation: "tools/list", ToolCount: SERVER_PROFILES[server]?.tools.length ?? 3, ToolsetHash: toolsetHash(server) });
  const calls = r.int(4, 24);
  for (let c = 0; c < calls; c++) {
    t += r.exponential(90_000) + 2000;
    add({ ToolName: r.pick(SERVER_PROFILES[server]?.tools ?? ["call"]), ...outcome(r) });
    if (r.chance(0.15)) add({ Operation: "ping", ResponseBytes: 60 });
  }
}

/** Every hour of [start, end), each person opens Poisson(sessionsPerHour x activity) sessions. */
function officeSessions(people: readonly Person[], start: number, end: number, sessionsPerHour: number, r: Random, o: SessionOptions): GeneratedRecord[] {
  const out: GeneratedRecord[] = [];
  for (const p of people) {
    for (let hour = start; hour < end; hour += 3_600_000) {
      const sessions = r.poisson(sessionsPerHour * activity(hour));
      for (let s = 0; s < sessions; s++) session(out, p, start, end, hour + r.next() * 3_600_000, r, o);
    }
  }
  return out;
}

const byTime = (records: GeneratedRecord[]) => sortByTime(records, (g) => g.record.TimeGenerated);

const normalUse = defineGenerator({
  description: "a team's everyday use through the gateway: sessions in office hours (initialize, tools/list, tool calls, pings), quiet nights and weekends, occasional errors, throttling and expired tokens",
  options: z.strictObject({
    ...span,
    seed,
    users: z.number().int().min(1).max(500).default(20),
    userPrefix: z.string().regex(/^[a-z][a-z0-9.-]*$/).default("dev"),
    servers: z.array(z.string()).min(1).default(["github", "azure-devops"]),
    /** Sessions one developer opens in a busy hour. */
    sessionsPerHour: z.number().positive().max(20).default(1),
  }),
  generate(o, ctx): GeneratedRecord[] {
    const r = seeded(o.seed);
    const team = people(o.users, o.userPrefix, r);
    return byTime(officeSessions(team, ctx.anchorMs + o.from, ctx.anchorMs + o.to, o.sessionsPerHour, r, { servers: o.servers, notifications: false }));
  },
});

/** The CI service identities of the baseline week, and the two runner addresses they share every night. */
const CI_BOTS = ["svc-ci-build@contoso.com", "svc-ci-release@contoso.com", "svc-dependency-bot@contoso.com"];
const CI_RUNNERS = ["10.30.1.10", "10.30.1.11"];
/** The secrets the gateway reads from Key Vault (one per approved server). */
const GATEWAY_SECRETS = ["github-mcp-token", "ado-mcp-pat", "fs-mcp-key", "db-mcp-connection"];

const baselineWeek = defineGenerator({
  description:
    "the benign baseline: a working week of a 50-developer team on the 4 approved servers (office hours, lunch dips, quiet weekends, notifications and one tools/list per session, occasional failures, throttling and expired tokens), CI bots at night from two shared runners, and the gateway reading its secrets from Key Vault every hour (half the records with the long objectidentifier claim)",
  options: z.strictObject({
    ...span,
    seed,
    users: z.number().int().min(1).max(500).default(50),
    /** The gateway's object id in the Key Vault records; omit: no Key Vault records. */
    gatewayObjectId: z.string().optional(),
  }),
  generate(o, ctx): GeneratedRecord[] {
    const r = seeded(o.seed);
    const start = ctx.anchorMs + o.from;
    const end = ctx.anchorMs + o.to;
    const servers = Object.keys(SERVER_PROFILES);
    const out = officeSessions(people(o.users, "dev", r), start, end, 1, r, { servers, notifications: true });
    // CI bots: every night from 01:00 UTC each opens a few sessions on github and azure-devops, from
    // whichever runner picked the job up.
    const bots = CI_BOTS.map((user) => ({ user, objectId: guid(r), ip: CI_RUNNERS[0] }));
    for (let day = Math.floor(start / 86_400_000) * 86_400_000; day < end; day += 86_400_000) {
      for (const bot of bots) {
        for (const ip of CI_RUNNERS) {
          const at = day + 3_600_000 + r.next() * 3 * 3_600_000;
          session(out, { ...bot, ip }, start, end, at, r, { servers: ["github", "azure-devops"], notifications: true });
        }
      }
    }
    if (o.gatewayObjectId !== undefined) {
      for (let hour = Math.ceil(start / 3_600_000) * 3_600_000; hour < end; hour += 3_600_000) {
        for (const secret of GATEWAY_SECRETS) {
          out.push(keyVaultRead(hour + r.int(0, 120_000), r, { oid: o.gatewayObjectId, claim: r.chance(0.5) ? "oid" : "objectidentifier", secret, vault: "kv-mcp-guard", callerIp: "10.20.250.4" }));
        }
      }
    }
    return byTime(out);
  },
});

const attacker = z.strictObject({
  ...span,
  seed,
  user: z.string().min(1),
  count: z.number().int().min(1).max(100_000),
  callerIp: z.string().default("198.51.100.23"),
  servers: z.array(z.string()).min(1).default(["github", "azure-devops"]),
});

/** Events at random times in [from, to), sorted: attacks are bursty, not evenly spaced. */
function times(r: Random, count: number, start: number, end: number): number[] {
  return Array.from({ length: count }, () => start + r.next() * (end - start)).sort((a, b) => a - b);
}

/** `count` tool calls by one identity from one address in one session, each shaped by `fields`. */
function attackerCalls(o: z.output<typeof attacker>, ctx: GeneratorContext, fields: (r: Random, server: string) => Partial<McpAuditRecord>): GeneratedRecord[] {
  const r = seeded(o.seed);
  const p: Person = { user: o.user, objectId: guid(r), ip: o.callerIp };
  const id = r.hex(64);
  return times(r, o.count, ctx.anchorMs + o.from, ctx.anchorMs + o.to).map((t) => {
    const server = r.pick(o.servers);
    return mcpCall(t, p, server, id, r, { ToolName: r.pick(SERVER_PROFILES[server]?.tools ?? ["call"]), ...fields(r, server) });
  });
}

const deniedBurst = defineGenerator({
  description: "a stolen or expired token replayed: calls from one identity and address denied with 401 or 403 across servers and tools",
  options: attacker,
  generate: (o, ctx) =>
    attackerCalls(o, ctx, (r) => {
      const forbidden = r.chance(0.5);
      return {
        ResultType: "Denied",
        HttpStatus: forbidden ? 403 : 401,
        ErrorMessage: forbidden ? "caller is not allowed to use this tool" : "invalid token",
        ResponseBytes: 120,
        ClientName: "python-httpx",
        ClientVersion: "0.27.0",
      };
    }),
});

const requestSpike = defineGenerator({
  description: "one identity suddenly calling tools far above its usual rate (a runaway agent, a script scraping repositories, a stolen token)",
  options: attacker.extend({ callerIp: z.string().default("10.20.7.77") }),
  generate: (o, ctx) => attackerCalls(o, ctx, (r) => ({ ResponseBytes: r.int(20_000, 400_000) })),
});

const identitySpray = defineGenerator({
  description: "one caller address presenting many identities (credential stuffing, a token broker): each identity a few tool calls, most denied",
  options: z.strictObject({
    ...span,
    seed,
    identities: z.number().int().min(1).max(1000),
    callsPerIdentity: z.number().int().min(1).max(100).default(3),
    /** Share of the calls the gateway denies. */
    denied: z.number().min(0).max(1).default(0.8),
    callerIp: z.string().default("198.51.100.77"),
    userPrefix: z.string().regex(/^[a-z][a-z0-9.-]*$/).default("dev"),
    servers: z.array(z.string()).min(1).default(["github", "azure-devops"]),
  }),
  generate(o, ctx): GeneratedRecord[] {
    const r = seeded(o.seed);
    const victims = people(o.identities, o.userPrefix, r).map((p) => ({ ...p, ip: o.callerIp }));
    const ts = times(r, o.identities * o.callsPerIdentity, ctx.anchorMs + o.from, ctx.anchorMs + o.to);
    return ts.map((t, i) => {
      const p = victims[i % victims.length];
      const server = r.pick(o.servers);
      const denied = r.chance(o.denied);
      return mcpCall(t, p, server, r.hex(64), r, {
        ToolName: r.pick(SERVER_PROFILES[server]?.tools ?? ["call"]),
        ClientName: "python-httpx",
        ClientVersion: "0.27.0",
        ...(denied ? { ResultType: "Denied" as const, HttpStatus: 401, ErrorMessage: "invalid token", ResponseBytes: 120 } : {}),
      });
    });
  },
});

const shadowServer = defineGenerator({
  description: "developers' tool calls routed to a server registered in the gateway under a name and upstream endpoint of the test's choosing (a shadow server)",
  options: z.strictObject({
    ...span,
    seed,
    server: z.string().min(1),
    endpoint: z.string().min(1),
    count: z.number().int().min(1).max(100_000),
    users: z.number().int().min(1).max(500).default(5),
    tools: z.array(z.string()).min(1).default(["get_file_contents", "search_repositories"]),
  }),
  generate(o, ctx): GeneratedRecord[] {
    const r = seeded(o.seed);
    const team = people(o.users, "dev", r);
    return times(r, o.count, ctx.anchorMs + o.from, ctx.anchorMs + o.to).map((t) => mcpCall(t, r.pick(team), o.server, r.hex(64), r, { ToolName: r.pick(o.tools), ServerEndpoint: o.endpoint }));
  },
});

/** The claim a Key Vault record carries the caller's object id under, or none. */
const CLAIM_FORMS = ["oid", "objectidentifier", "none"] as const;
const OBJECT_ID_CLAIM = "http://schemas.microsoft.com/identity/claims/objectidentifier";

function keyVaultRead(t: number, r: Random, o: { oid: string; claim: (typeof CLAIM_FORMS)[number]; secret: string; vault: string; callerIp: string }): GeneratedRecord {
  const claim: Record<string, string> = { appid: guid(r), upn: "" };
  if (o.claim === "oid") claim.oid = o.oid;
  if (o.claim === "objectidentifier") claim[OBJECT_ID_CLAIM] = o.oid;
  return {
    table: KEY_VAULT_AUDIT_TABLE,
    record: {
      TimeGenerated: isoUtc(Math.round(t)),
      OperationName: "SecretGet",
      OperationVersion: "7.5",
      ResultType: "Success",
      ResultSignature: "OK",
      ResultDescription: "",
      HttpStatusCode: 200,
      DurationMs: r.int(3, 40),
      CallerIpAddress: o.callerIp,
      ClientInfo: "azsdk-net-Security.KeyVault.Secrets/4.6.0",
      CorrelationId: guid(r),
      Identity: { claim },
      Id: `https://${o.vault}.vault.azure.net/secrets/${o.secret}/${r.hex(32)}`,
      RequestUri: `https://${o.vault}.vault.azure.net/secrets/${o.secret}/?api-version=7.5`,
      _ResourceId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg-mcp-guard/providers/microsoft.keyvault/vaults/${o.vault}`,
    },
  };
}

const secretReads = defineGenerator({
  description: "SecretGet calls on the MCP secrets vault (AZKVAuditLogs) by the given identities, their object id under the oid claim, the long objectidentifier claim, or neither",
  options: z.strictObject({
    ...span,
    seed,
    count: z.number().int().min(1).max(100_000),
    callerObjectIds: z.array(z.string()).min(1),
    claim: z.enum(CLAIM_FORMS).default("oid"),
    secrets: z.array(z.string()).min(1).default(["github-mcp-token"]),
    vault: z.string().default("kv-mcp-guard"),
    callerIp: z.string().default("10.20.250.4"),
  }),
  generate(o, ctx): GeneratedRecord[] {
    const r = seeded(o.seed);
    return times(r, o.count, ctx.anchorMs + o.from, ctx.anchorMs + o.to).map((t) =>
      keyVaultRead(t, r, { oid: r.pick(o.callerObjectIds), claim: o.claim, secret: r.pick(o.secrets), vault: o.vault, callerIp: o.callerIp }),
    );
  },
});

/** Every generator, by the name test files use (`generate: normal-use`). */
export const GENERATORS = {
  "normal-use": normalUse,
  "denied-burst": deniedBurst,
  "request-spike": requestSpike,
  "secret-reads": secretReads,
  "baseline-week": baselineWeek,
  "identity-spray": identitySpray,
  "shadow-server": shadowServer,
} as const;
export type GeneratorName = keyof typeof GENERATORS;

export function isGeneratorName(name: string): name is GeneratorName {
  return Object.hasOwn(GENERATORS, name);
}

/** Runs one generator; throws zod's error on options outside its schema. */
export function generate(name: GeneratorName, options: unknown, ctx: GeneratorContext): GeneratedRecord[] {
  return GENERATORS[name].run(options, ctx);
}
