import { LogsUploadFailure } from "@azure/monitor-ingestion";
import { AuditSink, LogsUploader } from "../../src/audit";
import { McpAuditRecord } from "../../src/schema/mcpServerLogs";
import { ingestionServer, staticCredential, tls } from "./fixtures";

const RULE = "dcr-00112233445566778899aabbccddeeff";
const record = (i: number): McpAuditRecord => ({ TimeGenerated: new Date(Date.UTC(2026, 11, 1, 10, 0, i % 60)).toISOString(), ServerName: "github", Operation: "tools/call", ResultType: "Success", JsonRpcId: String(i) });

/** An uploader that records batches, optionally failing the first calls with a status. */
function fakeUploader(failures: number[] = []) {
  const batches: Record<string, unknown>[][] = [];
  const uploader: LogsUploader = {
    upload: async (_rule, _stream, logs, options) => {
      const status = failures.shift();
      if (status !== undefined) {
        const failure: LogsUploadFailure = { failedLogs: logs, cause: Object.assign(new Error("upload failed"), { name: "RestError", statusCode: status }) };
        options?.onError?.(failure);
        return;
      }
      batches.push([...logs]);
    },
  };
  return { uploader, batches };
}

describe("AuditSink", () => {
  it("sends a batch when it reaches the size bound, and a partial one when the time bound passes", async () => {
    const { uploader, batches } = fakeUploader();
    const sink = new AuditSink({ ruleId: RULE, uploader, maxBatchSize: 3, maxBatchDelayMs: 30 });
    for (let i = 0; i < 4; i++) sink.add(record(i));
    await new Promise((r) => setTimeout(r, 5));
    expect(batches.map((b) => b.length)).toEqual([3]);
    await new Promise((r) => setTimeout(r, 60));
    expect(batches.map((b) => b.length)).toEqual([3, 1]);
    expect(sink.stats()).toEqual({ accepted: 4, uploaded: 4, overflowed: 0, rejected: 0, retries: 0, buffered: 0 });
  });

  it("never starts an upload inside the add that fills a batch: the call path only queues", async () => {
    const calls: number[] = [];
    const uploader: LogsUploader = { upload: async (_rule, _stream, logs) => void calls.push(logs.length) };
    const sink = new AuditSink({ ruleId: RULE, uploader, maxBatchSize: 3, maxBatchDelayMs: 60_000 });
    for (let i = 0; i < 3; i++) sink.add(record(i));
    expect(calls).toEqual([]);
    await new Promise((r) => setTimeout(r, 5));
    expect(calls).toEqual([3]);
    await sink.close();
  });

  it("sends the next full batch as soon as the one in flight is done, whatever the time bound", async () => {
    let release = () => undefined as void;
    const sizes: number[] = [];
    const uploader: LogsUploader = { upload: (_rule, _stream, logs) => (sizes.push(logs.length), sizes.length === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve()) };
    const sink = new AuditSink({ ruleId: RULE, uploader, maxBatchSize: 3, maxBatchDelayMs: 60_000 });
    sink.add(record(0));
    for (let i = 1; i < 3; i++) sink.add(record(i));
    await new Promise((r) => setTimeout(r, 5));
    for (let i = 3; i < 6; i++) sink.add(record(i));
    release();
    await new Promise((r) => setTimeout(r, 5));
    expect(sizes).toEqual([3, 3]);
    await sink.close();
  });

  it("drops records beyond the bounded buffer, counts them, and says so in a log line without record content", async () => {
    const lines: string[] = [];
    const never: LogsUploader = { upload: () => new Promise(() => undefined) };
    const sink = new AuditSink({ ruleId: RULE, uploader: never, maxBatchSize: 10, maxBufferedRecords: 25, log: (l) => lines.push(l) });
    const add = (from: number, n: number) => Array.from({ length: n }, (_, i) => sink.add(record(from + i))).filter(Boolean).length;
    const first = add(0, 10);
    await new Promise((r) => setTimeout(r, 5));
    // 10 are in flight (the upload never returns), 25 wait; the rest overflow.
    expect(first + add(10, 130)).toBe(35);
    expect(sink.stats()).toEqual(expect.objectContaining({ accepted: 35, overflowed: 105, buffered: 25 }));
    expect(lines).toEqual(["mcp-guard audit: buffer full (25 records), 1 record(s) dropped so far", "mcp-guard audit: buffer full (25 records), 10 record(s) dropped so far", "mcp-guard audit: buffer full (25 records), 100 record(s) dropped so far"]);
    expect(lines.join()).not.toContain("github");
  });

  it("retries 429 and 5xx with backoff and keeps the batch; gives up on a 400 and counts the loss", async () => {
    const { uploader, batches } = fakeUploader([429, 503]);
    const sink = new AuditSink({ ruleId: RULE, uploader, retryDelayMs: 5 });
    sink.add(record(1));
    await sink.flush();
    expect(batches).toEqual([[record(1)]]);
    expect(sink.stats()).toEqual(expect.objectContaining({ uploaded: 1, retries: 2, rejected: 0 }));

    const lines: string[] = [];
    const bad = fakeUploader([400]);
    const strict = new AuditSink({ ruleId: RULE, uploader: bad.uploader, retryDelayMs: 5, log: (l) => lines.push(l) });
    strict.add(record(2));
    await strict.flush();
    expect(strict.stats()).toEqual(expect.objectContaining({ uploaded: 0, retries: 0, rejected: 1 }));
    expect(lines).toEqual(["mcp-guard audit: dropped 1 records after 1 attempt(s): RestError status 400"]);
  });

  it("stops retrying after maxAttempts", async () => {
    const { uploader } = fakeUploader([503, 503, 503]);
    const sink = new AuditSink({ ruleId: RULE, uploader, retryDelayMs: 1, maxAttempts: 3, log: () => undefined });
    sink.add(record(1));
    await sink.flush();
    expect(sink.stats()).toEqual(expect.objectContaining({ retries: 2, rejected: 1, uploaded: 0 }));
  });

  it("flushes what is buffered on shutdown and refuses records afterwards", async () => {
    const { uploader, batches } = fakeUploader();
    const sink = new AuditSink({ ruleId: RULE, uploader, maxBatchSize: 100, maxBatchDelayMs: 60_000 });
    for (let i = 0; i < 7; i++) sink.add(record(i));
    expect(batches).toEqual([]);
    await sink.close();
    expect(batches.map((b) => b.length)).toEqual([7]);
    expect(sink.add(record(8))).toBe(false);
  });

  it("uploads through @azure/monitor-ingestion to a local Logs Ingestion API, retrying its 429 and 503 answers", async () => {
    const server = await ingestionServer([429, 503]);
    try {
      const sink = AuditSink.forEndpoint(server.url, RULE, staticCredential, { retryDelayMs: 5, clientOptions: { tlsOptions: { ca: tls("localhost.cert.pem") } } });
      for (let i = 0; i < 3; i++) sink.add(record(i));
      await sink.close();
      expect(server.attempts()).toBe(3);
      expect(server.received).toHaveLength(1);
      expect(server.received[0].path).toBe(`/dataCollectionRules/${RULE}/streams/Custom-MCPServerLogs_CL`);
      expect(server.received[0].headers.authorization).toBe("Bearer test-token-not-a-secret");
      expect(server.received[0].body).toEqual([record(0), record(1), record(2)]);
      expect(sink.stats()).toEqual(expect.objectContaining({ uploaded: 3, retries: 2 }));
    } finally {
      await server.close();
    }
  });
});
