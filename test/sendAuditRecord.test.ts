import * as fs from "node:fs";
import * as https from "node:https";
import { AddressInfo } from "node:net";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { AccessToken, TokenCredential } from "@azure/identity";
import { buildAuditRecord, McpCall, sendAuditRecords } from "../examples/send-audit-record";
import { auditRecordProblems, MCP_SERVER_LOGS_COLUMNS } from "../src/schema/mcpServerLogs";

const tls = (f: string) => fs.readFileSync(path.join(__dirname, "fixtures/tls", f));
const RULE_ID = "dcr-00112233445566778899aabbccddeeff";
const TOKEN = "test-token-not-a-secret";

interface Received {
  method?: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/**
 * A stand-in for the Logs Ingestion API on 127.0.0.1 over HTTPS: it records each request and answers
 * 204 as the documented API does for an accepted upload.
 */
function ingestionServer(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = https.createServer({ key: tls("localhost.key.pem"), cert: tls("localhost.cert.pem") }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const text = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
      const url = new URL(req.url ?? "/", "https://127.0.0.1");
      received.push({ method: req.method, path: url.pathname, query: url.searchParams, headers: req.headers, body: JSON.parse(text) });
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `https://127.0.0.1:${port}`, received, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

const scopes: string[] = [];
const credential: TokenCredential = {
  getToken: async (scope): Promise<AccessToken> => {
    scopes.push(...[scope].flat());
    return { token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};

const call: McpCall = {
  startedAt: new Date("2026-11-24T10:00:00Z"),
  serverName: "github",
  method: "tools/call",
  result: "ToolError",
  user: "dev@contoso.com",
  userObjectId: "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b",
  clientName: "Cursor",
  toolName: "create_issue",
  sessionId: "mcp-session-1234",
  httpStatus: 200,
  durationMs: 231.5,
  error: `upstream rejected token ghp_${"x1Y2".repeat(9)}`,
};

describe("examples/send-audit-record.ts", () => {
  it("builds a record from the schema: session id hashed, credentials redacted", () => {
    const record = buildAuditRecord(call, "salt");
    expect(auditRecordProblems(record)).toEqual([]);
    expect(record.SessionId).toMatch(/^[0-9a-f]{64}$/);
    expect(record.ErrorMessage).toBe("upstream rejected token [REDACTED]");
    expect(JSON.stringify(record)).not.toContain("mcp-session-1234");
  });

  it("sends it as the Logs Ingestion API documents: path, api-version, Entra bearer token for monitor.azure.com, a JSON array matching the stream", async () => {
    const server = await ingestionServer();
    try {
      await sendAuditRecords(
        { endpoint: server.url, ruleId: RULE_ID, credential, clientOptions: { tlsOptions: { ca: tls("localhost.cert.pem") }, retryOptions: { maxRetries: 0 } } },
        [buildAuditRecord(call, "salt"), buildAuditRecord({ ...call, result: "Success", error: undefined }, "salt")],
      );
      expect(server.received).toHaveLength(1);
      const [req] = server.received;
      expect(req.method).toBe("POST");
      expect(req.path).toBe(`/dataCollectionRules/${RULE_ID}/streams/Custom-MCPServerLogs_CL`);
      expect(req.query.get("api-version")).toBe("2023-01-01");
      expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(req.headers["content-type"]).toMatch(/^application\/json/);
      expect(scopes).toEqual(["https://monitor.azure.com/.default"]);
      expect(Array.isArray(req.body)).toBe(true);
      const columns = new Set<string>(MCP_SERVER_LOGS_COLUMNS.map((c) => c.name));
      for (const record of req.body as Record<string, unknown>[]) {
        for (const key of Object.keys(record)) expect(columns).toContain(key);
        expect(auditRecordProblems(record)).toEqual([]);
      }
      expect(req.body).toEqual([expect.objectContaining({ ResultType: "ToolError", ToolName: "create_issue" }), expect.objectContaining({ ResultType: "Success", ErrorMessage: "" })]);
    } finally {
      await server.close();
    }
  });
});
