import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import { AddressInfo } from "node:net";
import * as path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { gunzipSync } from "node:zlib";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { audited, AuditSink, CallerIdentity } from "../src/audit";

/*
 * One configuration of the audit middleware bench, in its own process so its memory is its own:
 * `tsx bench/auditLoad.ts bare|audited` prints one JSON line. An SDK client calls an SDK server over the
 * SDK's in-memory transport at RATE calls per second, paced, for SECONDS after a warm-up. "audited" wraps
 * the server's transport with mcp-guard/audit, its rate limiter on (1,000 users, none over the limit),
 * uploading through the real LogsIngestionClient to a Logs Ingestion API stand-in on 127.0.0.1 (its own
 * process, as the API is), at the sink's default batch bounds. The middleware's own time per call is measured around its
 * two hooks (request in, response out), minus the time spent in the server's handler and in the inner
 * transport, so it is the wrapper's work alone, with uploads running on the same event loop.
 */
const RATE = Number(process.env.MCP_GUARD_BENCH_AUDIT_RATE ?? 1000);
const SECONDS = Number(process.env.MCP_GUARD_BENCH_AUDIT_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const USERS = 1000;
const config = process.argv[2];
if (config !== "bare" && config !== "audited" && config !== "ingestion") throw new Error("usage: tsx bench/auditLoad.ts bare|audited");

const tls = (f: string) => fs.readFileSync(path.join(__dirname, "../test/fixtures/tls", f));

/**
 * `auditLoad.ts ingestion`: the Logs Ingestion API's accepting answer (204) for every upload. Prints its
 * URL, counts records (keeps none), and prints the count and exits when its stdin closes.
 */
function ingestionStandIn(): void {
  let records = 0;
  const server = https.createServer({ key: tls("localhost.key.pem"), cert: tls("localhost.cert.pem") }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      records += (JSON.parse((req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8")) as unknown[]).length;
      res.writeHead(204).end();
    });
  });
  server.listen(0, "127.0.0.1", () => process.stdout.write(`https://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
  process.stdin.resume();
  process.stdin.on("end", () => {
    process.stdout.write(`${records}\n`);
    process.exit(0);
  });
}

/** Starts the stand-in in a child process; `close` resolves with the records it received. */
function startIngestion(): Promise<{ url: string; close: () => Promise<number> }> {
  const child = spawn(process.execPath, ["--import", "tsx", __filename, "ingestion"], { stdio: ["pipe", "pipe", "inherit"] });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let partial = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    const parts = (partial + d).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
    waiters.splice(0).forEach((w) => w());
  });
  const line = (n: number) => new Promise<string>((resolve) => {
    const check = () => (lines.length > n ? resolve(lines[n]) : waiters.push(check));
    check();
  });
  return line(0).then((url) => ({ url, close: () => (child.stdin.end(), line(1).then(Number)) }));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 0.5), p99: percentile(s, 0.99), max: s[s.length - 1] };
};

async function main(): Promise<void> {
  const ingestion = config === "audited" ? await startIngestion() : undefined;
  const credential = { getToken: async () => ({ token: "bench-token-not-a-secret", expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const sink = ingestion ? AuditSink.forEndpoint(ingestion.url, "dcr-00112233445566778899aabbccddeeff", credential, { clientOptions: { tlsOptions: { ca: tls("localhost.cert.pem") } } }) : undefined;

  const server = new McpServer({ name: "bench", version: "1.0.0" });
  server.registerTool("search_issues", { description: "Search issues", inputSchema: { q: z.string() } }, async ({ q }) => ({ content: [{ type: "text", text: `3 issues for ${q}` }] }));
  const [clientSide, inner] = InMemoryTransport.createLinkedPair();
  const wrapper = sink ? audited(inner, { sink, serverName: "bench", serverEndpoint: "https://api.github.com", sessionSalt: "bench-salt" }, "streamable-http") : undefined;
  await server.connect(wrapper ?? inner);

  // What the HTTP front door would carry from a validated token: one of USERS callers per request.
  const auth = Array.from({ length: USERS }, (_, i) => {
    const identity: CallerIdentity = { user: `user${i}@contoso.com`, objectId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, clientAppId: "5e2a9c41-7b3d-4e8f-a160-2d9f8b7c6a54" };
    return { token: "-", clientId: "bench", scopes: [], extra: { identity, callerIp: "10.0.0.4" } };
  });
  const own: number[] = [];
  let measuring = false;
  if (wrapper) {
    // Time inside the wrapper, minus the server's handler and the inner transport (which, in memory,
    // delivers to the client synchronously).
    let excluded = 0;
    const handler = wrapper.onmessage;
    const receive = inner.onmessage;
    const send = wrapper.send.bind(wrapper);
    const innerSend = inner.send.bind(inner);
    if (!handler || !receive) throw new Error("the server did not connect its handlers");
    let n = 0;
    const pendingOwn = new Map<string, number>();
    wrapper.onmessage = <T extends JSONRPCMessage>(m: T, e?: MessageExtraInfo) => {
      const t = performance.now();
      handler(m, e);
      excluded += performance.now() - t;
    };
    inner.onmessage = (m: JSONRPCMessage, e?: MessageExtraInfo) => {
      const extra = { ...e, authInfo: auth[n++ % USERS] };
      excluded = 0;
      const t = performance.now();
      receive(m, extra);
      if ("id" in m && "method" in m) pendingOwn.set(String(m.id), performance.now() - t - excluded);
    };
    inner.send = (m, o) => {
      const t = performance.now();
      const p = innerSend(m, o);
      excluded += performance.now() - t;
      return p;
    };
    wrapper.send = ((m, o) => {
      excluded = 0;
      const t = performance.now();
      const p = send(m, o);
      const id = "id" in m && !("method" in m) ? String(m.id) : undefined;
      const before = id === undefined ? undefined : pendingOwn.get(id);
      if (id !== undefined && before !== undefined) {
        pendingOwn.delete(id);
        if (measuring) own.push(before + performance.now() - t - excluded);
      }
      return p;
    }) satisfies Transport["send"];
  }
  const client = new Client({ name: "bench-client", version: "1.0.0" });
  await client.connect(clientSide);

  const rtt: number[] = [];
  const memory = { rss: 0, heap: 0 };
  const sampleMemory = () => {
    const m = process.memoryUsage();
    memory.rss = Math.max(memory.rss, m.rss);
    memory.heap = Math.max(memory.heap, m.heapUsed);
  };
  const call = (i: number) => {
    const t = performance.now();
    return client.callTool({ name: "search_issues", arguments: { q: `q${i}` } }).then(() => {
      if (measuring) rtt.push(performance.now() - t);
    });
  };
  /** Issues calls at RATE per second for `seconds`, catching up each tick with what the clock says is due. */
  const paced = async (seconds: number) => {
    const start = performance.now();
    const total = Math.round(RATE * seconds);
    const inFlight: Promise<void>[] = [];
    let issued = 0;
    while (issued < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE));
      for (; issued < due; issued++) inFlight.push(call(issued));
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(inFlight);
    return (performance.now() - start) / 1000;
  };

  await paced(WARMUP_SECONDS);
  global.gc?.();
  const before = process.memoryUsage();
  const sampler = setInterval(sampleMemory, 20);
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  measuring = true;
  const elapsed = await paced(SECONDS);
  measuring = false;
  loopDelay.disable();
  clearInterval(sampler);
  sampleMemory();
  const flushStart = performance.now();
  await sink?.close();
  const flushMs = performance.now() - flushStart;
  await client.close();
  const received = await ingestion?.close();

  const mb = (b: number) => b / 2 ** 20;
  process.stdout.write(
    `${JSON.stringify({
      config,
      calls: rtt.length,
      rate: rtt.length / elapsed,
      rttMs: summary(rtt),
      loopDelayMs: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
      ...(own.length > 0 ? { ownMs: summary(own) } : {}),
      rssMb: { before: mb(before.rss), peak: mb(memory.rss) },
      heapMb: { before: mb(before.heapUsed), peak: mb(memory.heap) },
      ...(sink ? { sink: sink.stats(), received, flushMs } : {}),
    })}\n`,
  );
}

(config === "ingestion" ? Promise.resolve(ingestionStandIn()) : main()).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
