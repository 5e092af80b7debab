import { randomUUID } from "node:crypto";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import * as path from "node:path";
import { z } from "zod";
import { audited, AuditSink, createTokenValidator, mcpHttpFrontDoor, PRM_PATH, RATE_LIMITED, RateLimiter } from "../../src/audit";
import { deployedRule } from "../../src/detections/rule";
import { simulateAlert } from "../../src/detections/simulate";
import { stackDetections } from "../../src/detections/stacks";
import { loadAlertFiles } from "../../src/kql/alerts";
import { loadQueryCatalog } from "../../src/kql/catalog";
import { runQuery } from "../../src/kql/engine";
import { auditRecordProblems, MCP_SERVER_LOGS_TABLE } from "../../src/schema/mcpServerLogs";
import { ROOT } from "../helpers";
import { AUDIENCE, ingestionServer, ISSUER, staticCredential, testIssuer, tls } from "./fixtures";

const RULE = "dcr-00112233445566778899aabbccddeeff";
type Row = Record<string, unknown>;
const HOUR = 3_600_000;

/**
 * A shipped alert as the prod stack deploys it, evaluated at its own frequency over the table from just
 * after the last call until two hours later (long enough for every window to have passed the calls).
 */
function simulateShipped(name: string, table: Row[]) {
  const alert = loadAlertFiles(path.join(ROOT, "alerts"), loadQueryCatalog(path.join(ROOT, "queries"))).find((a) => a.name === name);
  if (!alert) throw new Error(`alerts/: no alert ${name}`);
  const stack = stackDetections(ROOT, "prod");
  const from = Math.max(...table.map((r) => Date.parse(String(r.TimeGenerated)))) + 1000;
  return simulateAlert(deployedRule(alert, stack.environment, stack.parameters, stack.thresholds), { [MCP_SERVER_LOGS_TABLE]: table }, { from, to: from + 2 * HOUR });
}

/** Per dimension value: the states it went through, in order, and the largest value the rule measured for it. */
function timelines(sim: ReturnType<typeof simulateAlert>, dimension: string) {
  const out: Record<string, { states: string[]; max: number }> = {};
  for (const e of sim.evaluations) {
    for (const s of e.series) {
      const key = String(s.dimensions[dimension]);
      const t = (out[key] ??= { states: [], max: 0 });
      if (s.state !== "ok" && s.state !== "still-fired") t.states.push(s.state);
      t.max = Math.max(t.max, s.value ?? 0);
    }
  }
  return out;
}

/**
 * The rate limiters' clock. It stands still while a burst runs, so the burst is one instant however slow
 * the machine is, and the test moves it on a minute where a user's calls spread over the hour.
 */
const limiterClock = { now: 0 };
const aMinuteLater = () => void (limiterClock.now += 60_000);

/** A small MCP server behind the middleware, over streamable HTTP on 127.0.0.1, one transport per session. */
async function mcpServer(serverName: string, sink: AuditSink, validate: ReturnType<typeof createTokenValidator>) {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  // One limiter for every session: the limit is per user, however many sessions they open.
  const rateLimiter = new RateLimiter({ now: () => limiterClock.now });
  const front = mcpHttpFrontDoor({
    validate,
    sink,
    serverName,
    resource: "http://127.0.0.1/mcp",
    authorizationServers: [ISSUER],
    scopes: [`api://${AUDIENCE}/user_impersonation`],
    handle: async (req, res, body) => {
      const id = req.headers["mcp-session-id"];
      let transport = typeof id === "string" ? sessions.get(id) : undefined;
      if (!transport) {
        const t = new StreamableHTTPServerTransport({ sessionIdGenerator: randomUUID, onsessioninitialized: (sid) => void sessions.set(sid, t) });
        const server = new McpServer({ name: serverName, version: "1.0.0" });
        server.registerTool("search_issues", { description: "Search issues", inputSchema: { q: z.string() } }, async ({ q }) => ({ content: [{ type: "text", text: `3 issues for ${q}` }] }));
        server.registerTool("create_issue", { description: "Create an issue (its upstream token expired)", inputSchema: { title: z.string() } }, async () => ({ isError: true, content: [{ type: "text", text: "upstream: 401 Bad credentials" }] }));
        await server.connect(audited(t, { sink, serverName, serverEndpoint: "https://api.github.com", sessionSalt: "e2e-salt", rateLimiter }));
        transport = t;
      }
      await transport.handleRequest(req, res, body);
    },
  });
  const server = http.createServer((req, res) => void front(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  return { url, close: () => new Promise<void>((r) => server.close(() => r())), closeAll: () => server.closeAllConnections() };
}

async function client(url: string, token: string, name = "Cursor") {
  const c = new Client({ name, version: "1.7.2" });
  await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return c;
}

describe("end to end: SDK client -> MCP server with mcp-guard/audit -> Logs Ingestion API", () => {
  let rows: Row[] = [];
  let denied: { status: number; challenge: string | null; prm: unknown };

  beforeAll(async () => {
    const issuer = await testIssuer();
    const ingestion = await ingestionServer();
    const sink = AuditSink.forEndpoint(ingestion.url, RULE, staticCredential, { maxBatchSize: 50, maxBatchDelayMs: 50, clientOptions: { tlsOptions: { ca: tls("localhost.cert.pem") } } });
    const validate = createTokenValidator({ issuer: ISSUER, audiences: [AUDIENCE], jwks: issuer.jwks, requiredScopes: ["user_impersonation"] });
    const github = await mcpServer("github", sink, validate);
    const devops = await mcpServer("azure-devops", sink, validate);
    const files = await mcpServer("filesystem", sink, validate);
    try {
      const token = (user: string, oid: string) => issuer.sign({ preferred_username: user, oid });
      // A developer: a few good calls, then eleven failing ones on github within a minute.
      const dev = await client(github.url, await token("dev@contoso.com", "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b"));
      await dev.listTools();
      for (let i = 0; i < 3; i++) await dev.callTool({ name: "search_issues", arguments: { q: `bug ${i}` } });
      for (let i = 0; i < 11; i++) await dev.callTool({ name: "create_issue", arguments: { title: `t${i}` } });
      await dev.close();
      // Ten failures on another server: under the threshold.
      const quiet = await client(files.url, await token("quiet@contoso.com", "11111111-2222-4333-8444-555555555555"), "Visual Studio Code");
      for (let i = 0; i < 10; i++) await quiet.callTool({ name: "create_issue", arguments: { title: `q${i}` } });
      await quiet.close();
      // A script: 104 calls in a burst on azure-devops; the limiter throttles what exceeds 100 a minute
      // (initialize included). A minute on, two more pass: 101 answered tool calls in the hour.
      const burst = await client(devops.url, await token("ci-bot@contoso.com", "99999999-8888-4777-8666-555555555555"));
      for (let i = 0; i < 104; i++) await burst.callTool({ name: "search_issues", arguments: { q: `${i}` } }).catch(() => undefined);
      aMinuteLater();
      for (let i = 0; i < 2; i++) await burst.callTool({ name: "search_issues", arguments: { q: `late ${i}` } });
      await burst.close();
      // An agent: 101 tool calls within the hour, paced under the rate limit (its clock moves on a minute
      // halfway), so none is throttled and the hourly count alone must page.
      const agent = await client(devops.url, await token("agent@contoso.com", "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"), "claude-code");
      for (let i = 0; i < 101; i++) {
        if (i === 50) aMinuteLater();
        await agent.callTool({ name: "search_issues", arguments: { q: `a${i}` } });
      }
      await agent.close();
      // A steady user just under the unusual-activity limit: 99 tool calls, 100 requests with initialize.
      const steady = await client(devops.url, await token("steady@contoso.com", "12121212-3434-4565-8787-909090909090"), "Visual Studio Code");
      for (let i = 0; i < 99; i++) await steady.callTool({ name: "search_issues", arguments: { q: `s${i}` } });
      await steady.close();
      // Someone on the network without a token.
      const anonymous = await fetch(github.url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }) });
      const prm = await (await fetch(new URL(PRM_PATH, github.url))).json();
      denied = { status: anonymous.status, challenge: anonymous.headers.get("www-authenticate"), prm };
      await sink.close();
      rows = ingestion.received.flatMap((r) => r.body);
    } finally {
      for (const s of [github, devops, files]) {
        s.closeAll();
        await s.close();
      }
      await ingestion.close();
    }
  });

  it("every record reached the Logs Ingestion API and matches the table's schema", () => {
    expect(rows.length).toBe(16 + 11 + (107 + 102 + 100) + 1);
    for (const r of rows) expect(auditRecordProblems(r)).toEqual([]);
    expect(new Set(rows.map((r) => r.ServerName))).toEqual(new Set(["github", "filesystem", "azure-devops"]));
  });

  it("names the caller from the validated token, the client from initialize, and never stores arguments, results or the session id", () => {
    const github = rows.filter((r) => r.ServerName === "github" && r.ResultType !== "Denied");
    expect(new Set(github.map((r) => `${r.User}|${r.UserObjectId}|${r.ClientName}|${r.Transport}|${r.HttpStatus}`))).toEqual(new Set(["dev@contoso.com|6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b|Cursor|streamable-http|200"]));
    expect(github.filter((r) => r.ResultType === "ToolError")).toHaveLength(11);
    expect(github.find((r) => r.Operation === "tools/list")).toEqual(expect.objectContaining({ ToolCount: 2, ToolsetHash: expect.stringMatching(/^[0-9a-f]{64}$/) }));
    expect(new Set(github.map((r) => r.CallerIpAddress))).toEqual(new Set(["127.0.0.1"]));
    expect(JSON.stringify(rows)).not.toMatch(/bug 0|3 issues|Bad credentials/);
  });

  it("answers a call without a token with 401 and the PRM pointer, records it as Denied, and serves the PRM document", () => {
    expect(denied.status).toBe(401);
    expect(denied.challenge).toMatch(/^Bearer error="invalid_token", resource_metadata="http:\/\/127\.0\.0\.1\/\.well-known\/oauth-protected-resource"$/);
    expect(denied.prm).toEqual({ resource: "http://127.0.0.1/mcp", authorization_servers: [ISSUER], scopes_supported: [`api://${AUDIENCE}/user_impersonation`], bearer_methods_supported: ["header"] });
    expect(rows.filter((r) => r.ResultType === "Denied").map((r) => r.User)).toEqual([undefined]);
    expect(rows.filter((r) => r.ResultType === "Denied")).toEqual([expect.objectContaining({ ServerName: "github", Operation: "tools/list", HttpStatus: 401, ErrorMessage: "invalid_token: token missing" })]);
  });

  it("shows the throttled burst as Throttled rows for the one user", () => {
    const throttled = rows.filter((r) => r.ResultType === "Throttled");
    expect(throttled).toHaveLength(5);
    expect(new Set(throttled.map((r) => r.User))).toEqual(new Set(["ci-bot@contoso.com"]));
  });

  describe("the captured records in the workspace, under the shipped alerts as prod deploys them", () => {
    // The uploads go in as they are: the middleware already redacted and capped ErrorMessage, which is
    // all the DCR transform changes. (The engine cannot run that transform yet: its RE2 `(?i:...)`
    // groups are no JavaScript regular expression on Node 20.)
    it("loads every upload into the table, typed by its schema", () => {
      expect(runQuery(`${MCP_SERVER_LOGS_TABLE} | summarize Calls = count() by ServerName | order by ServerName asc`, { tables: { [MCP_SERVER_LOGS_TABLE]: rows }, now: new Date() }).rows).toEqual([
        { ServerName: "azure-devops", Calls: 309 },
        { ServerName: "filesystem", Calls: 11 },
        { ServerName: "github", Calls: 17 },
      ]);
    });

    it("pages on eleven failing tool calls on one server within minutes, and stays quiet on ten", () => {
      const servers = timelines(simulateShipped("alert-mcp-high-failure-rate", rows), "ServerName");
      expect(servers.github.states).toEqual(["fired", "resolved"]);
      expect(servers.github.max).toBeGreaterThanOrEqual(11);
      // Ten failing tool calls on filesystem, as recorded; the rule never pages on them.
      expect(rows.filter((r) => r.ServerName === "filesystem" && r.ResultType === "ToolError")).toHaveLength(10);
      expect(servers.filesystem?.states ?? []).toEqual([]);
      expect(Object.entries(servers).filter(([, t]) => t.states.includes("fired")).map(([server]) => server)).toEqual(["github"]);
    });

    it("pages on a hundred and one tool calls by one user in an hour, and stays quiet under the limit", () => {
      const users = timelines(simulateShipped("alert-mcp-unusual-activity", rows), "User");
      expect(users["agent@contoso.com"].states).toEqual(["fired", "resolved"]);
      expect(users["ci-bot@contoso.com"].states).toEqual(["fired", "resolved"]);
      expect(users["steady@contoso.com"]?.states ?? []).toEqual([]);
      expect(users["steady@contoso.com"]?.max ?? 0).toBeLessThanOrEqual(100);
      expect(Object.entries(users).filter(([, t]) => t.states.includes("fired")).map(([user]) => user).sort()).toEqual(["agent@contoso.com", "ci-bot@contoso.com"]);
    });

    it("shows the throttled burst in the table: Throttled rows for the one user, with the rate-limit code", () => {
      const throttled = `${MCP_SERVER_LOGS_TABLE} | where ResultType == "Throttled" | summarize Rows = count(), Codes = make_set(JsonRpcErrorCode) by User, ServerName, ToolName`;
      expect(runQuery(throttled, { tables: { [MCP_SERVER_LOGS_TABLE]: rows }, now: new Date() }).rows).toEqual([
        { User: "ci-bot@contoso.com", ServerName: "azure-devops", ToolName: "search_issues", Rows: 5, Codes: [RATE_LIMITED] },
      ]);
    });
  });
});
