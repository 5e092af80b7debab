import { createHash } from "node:crypto";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { audited, RATE_LIMITED, RateLimiter, toolsetHash } from "../../src/audit";
import { auditRecordProblems, McpAuditRecord, MCP_SERVER_LOGS_COLUMNS } from "../../src/schema/mcpServerLogs";

/** The server side of a connection the test drives message by message. */
class Pipe implements Transport {
  sent: JSONRPCMessage[] = [];
  sessionId: string | undefined = "session-abc-123";
  onmessage?: (m: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  async start(): Promise<void> {}
  async send(m: JSONRPCMessage): Promise<void> {
    this.sent.push(m);
  }
  async close(): Promise<void> {
    this.onclose?.();
  }
}

const identity = { user: "dev@contoso.com", objectId: "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b", clientAppId: "5e2a9c41-7b3d-4e8f-a160-2d9f8b7c6a54" };
const extra: MessageExtraInfo = {
  authInfo: { token: "t", clientId: identity.clientAppId, scopes: ["user_impersonation"], extra: { identity, callerIp: "10.60.0.70" } },
  requestInfo: { headers: { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" } },
};

function server(): McpServer {
  const s = new McpServer({ name: "github", version: "1.0.0" });
  s.registerTool("create_issue", { description: "Create an issue", inputSchema: { title: z.string() } }, async ({ title }) => ({ content: [{ type: "text", text: `created ${title}` }] }));
  s.registerTool("fail", { description: "Always fails", inputSchema: {} }, async () => {
    throw new Error(`upstream refused ghp_${"a1B2".repeat(9)}\n    at Object.handler (/srv/app/tools.js:12:9)`);
  });
  return s;
}

async function connect(options: { limiter?: RateLimiter | false } = {}) {
  const pipe = new Pipe();
  const records: McpAuditRecord[] = [];
  const transport = audited(pipe, { sink: { add: (r) => records.push(r) > 0 }, serverName: "github", serverEndpoint: "https://api.github.com", sessionSalt: "salt", rateLimiter: options.limiter, properties: { instance: "i-1" } }, "streamable-http");
  await server().connect(transport);
  let next = 1;
  const call = async (method: string, params: Record<string, unknown> = {}) => {
    const id = next++;
    const before = pipe.sent.length;
    pipe.onmessage?.({ jsonrpc: "2.0", id, method, params }, extra);
    for (let i = 0; i < 200 && !pipe.sent.slice(before).some((m) => "id" in m && m.id === id); i++) await new Promise((r) => setTimeout(r, 2));
    return pipe.sent.find((m) => "id" in m && m.id === id) as JSONRPCMessage & { result?: Record<string, unknown>; error?: { code: number; message: string; data?: unknown } };
  };
  await call("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "Cursor", version: "1.7.2" } });
  pipe.onmessage?.({ jsonrpc: "2.0", method: "notifications/initialized" }, extra);
  return { pipe, records, call, transport };
}

describe("mcp-guard/audit transport", () => {
  it("writes one schema-valid record per request with every field the issue lists, from the validated token and never from the client", async () => {
    const { records, call } = await connect();
    const list = await call("tools/list");
    await call("tools/call", { name: "create_issue", arguments: { title: "secret plans" } });
    await call("no/such/method");
    expect(records).toHaveLength(4);
    for (const r of records) expect(auditRecordProblems(r)).toEqual([]);
    const [init, listed, called] = records;
    const columns = new Set(records.flatMap((r) => Object.keys(r)));
    expect(MCP_SERVER_LOGS_COLUMNS.map((c) => c.name).filter((c) => !columns.has(c))).toEqual([]);
    expect(init).toEqual(expect.objectContaining({ Operation: "initialize", ProtocolVersion: "2025-06-18", ClientName: "Cursor", ClientVersion: "1.7.2" }));
    const tools = (list.result as { tools: unknown[] }).tools;
    expect(listed).toEqual(expect.objectContaining({ Operation: "tools/list", ToolCount: 2, ToolsetHash: toolsetHash(tools) }));
    expect(listed.ToolsetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(called).toEqual({
      TimeGenerated: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      ServerName: "github",
      Operation: "tools/call",
      ResultType: "Success",
      ErrorMessage: "",
      User: "dev@contoso.com",
      UserObjectId: identity.objectId,
      ClientAppId: identity.clientAppId,
      ClientName: "Cursor",
      ClientVersion: "1.7.2",
      ToolName: "create_issue",
      ResourceUri: "",
      SessionId: createHash("sha256").update("salt:session-abc-123").digest("hex"),
      CorrelationId: "4bf92f3577b34da6a3ce929d0e0e4736",
      JsonRpcId: "3",
      HttpStatus: 200,
      DurationMs: expect.any(Number),
      RequestBytes: Buffer.byteLength(JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "create_issue", arguments: { title: "secret plans" } } })),
      ResponseBytes: expect.any(Number),
      CallerIpAddress: "10.60.0.70",
      ServerEndpoint: "https://api.github.com",
      AuthMethod: "oauth2",
      ProtocolVersion: "2025-06-18",
      Transport: "streamable-http",
      Properties: { instance: "i-1" },
    });
    expect(called.DurationMs).toBeGreaterThanOrEqual(0);
    expect(called.ResponseBytes).toBeGreaterThan(20);
    // Arguments and results never reach the record.
    expect(JSON.stringify(records)).not.toMatch(/secret plans|created/);
    expect(JSON.stringify(records)).not.toContain("session-abc-123");
  });

  it("a failing tool is a ToolError row; the client sees no stack frame or credential, the row a redacted message", async () => {
    const { records, call } = await connect();
    const res = await call("tools/call", { name: "fail", arguments: {} });
    const text = JSON.stringify(res.result);
    expect(res.result?.isError).toBe(true);
    expect(text).not.toMatch(/tools\.js|\bat Object|ghp_/);
    expect(text).toContain("[REDACTED]");
    expect(records[1]).toEqual(expect.objectContaining({ ResultType: "ToolError", ToolName: "fail", ErrorMessage: "" }));
  });

  it("a JSON-RPC error is a Failure row with its code; internal errors reach the client as a generic message", async () => {
    const { records, call } = await connect();
    const res = await call("no/such/method");
    expect(res.error).toEqual({ code: -32601, message: "Method not found" });
    expect(records[1]).toEqual(expect.objectContaining({ Operation: "no/such/method", ResultType: "Failure", JsonRpcErrorCode: -32601, ErrorMessage: "Method not found" }));
  });

  it("hides an internal error's detail from the client but keeps the redacted text in the row", async () => {
    const inner = new Pipe();
    inner.sessionId = undefined;
    const records: McpAuditRecord[] = [];
    const t = audited(inner, { sink: { add: (r) => records.push(r) > 0 }, serverName: "db", sessionSalt: "s", rateLimiter: false }, "stdio");
    await t.start();
    t.onmessage = () => undefined;
    inner.onmessage?.({ jsonrpc: "2.0", id: 7, method: "resources/read", params: { uri: "db://orders" } });
    await t.send({ jsonrpc: "2.0", id: 7, error: { code: -32603, message: "connect ECONNREFUSED 10.0.0.5:5432 password=hunter2", data: { stack: "Error at pg.js:1" } } });
    expect(inner.sent).toEqual([{ jsonrpc: "2.0", id: 7, error: { code: -32603, message: expect.stringMatching(/^Internal error \(reference [0-9a-f-]{36}\)$/) } }]);
    expect(records).toEqual([expect.objectContaining({ ResultType: "Failure", JsonRpcErrorCode: -32603, ResourceUri: "db://orders", ErrorMessage: "connect ECONNREFUSED 10.0.0.5:5432 [REDACTED]", Transport: "stdio", AuthMethod: "none", SessionId: "" })]);
    expect(records[0]).not.toHaveProperty("HttpStatus");
  });

  it("answers the 101st call in a minute with a JSON-RPC rate-limit error and a Throttled row, and lets the user back in as the bucket refills", async () => {
    let now = 0;
    const { records, call } = await connect({ limiter: new RateLimiter({ limit: 100, now: () => now }) });
    for (let i = 0; i < 99; i++) await call("tools/list");
    const throttled = await call("tools/call", { name: "create_issue", arguments: { title: "x" } });
    expect(throttled.error).toEqual({ code: RATE_LIMITED, message: "Rate limit exceeded: 100 requests per minute; retry in 1 s" });
    expect(records.at(-1)).toEqual(expect.objectContaining({ ResultType: "Throttled", JsonRpcErrorCode: RATE_LIMITED, ToolName: "create_issue", UserObjectId: identity.objectId }));
    expect(records.filter((r) => r.ResultType === "Throttled")).toHaveLength(1);
    now += 600;
    expect((await call("tools/list")).result).toBeDefined();
  });

  it("records a cancelled request and requests left open when the connection closes", async () => {
    const inner = new Pipe();
    const records: McpAuditRecord[] = [];
    const t = audited(inner, { sink: { add: (r) => records.push(r) > 0 }, serverName: "s", sessionSalt: "s" }, "stdio");
    await t.start();
    t.onmessage = () => undefined;
    inner.onmessage?.({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "slow" } });
    inner.onmessage?.({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "slower" } });
    inner.onmessage?.({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 1 } });
    await inner.close();
    expect(records.map((r) => [r.ToolName, r.ResultType, r.ErrorMessage])).toEqual([
      ["slow", "Failure", "cancelled by the client"],
      ["slower", "Failure", "connection closed before the response"],
    ]);
  });

  it("never fails the call when the sink throws", async () => {
    const inner = new Pipe();
    const errors: Error[] = [];
    const t = audited(inner, { sink: { add: () => { throw new Error("sink down"); } }, serverName: "s", sessionSalt: "s" }, "stdio");
    t.onerror = (e) => errors.push(e);
    await t.start();
    t.onmessage = () => undefined;
    inner.onmessage?.({ jsonrpc: "2.0", id: 1, method: "ping" });
    await t.send({ jsonrpc: "2.0", id: 1, result: {} });
    expect(inner.sent).toEqual([{ jsonrpc: "2.0", id: 1, result: {} }]);
    expect(errors.map((e) => e.message)).toEqual(["sink down"]);
  });
});
