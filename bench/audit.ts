import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/*
 * The audit middleware's share of `npm run bench` (issue 20): its overhead per MCP call at the 99th
 * percentile with uploads running (goal: under 1 ms), and memory under a 1,000-calls-per-second burst.
 * Each configuration runs in its own process (bench/auditLoad.ts), so memory figures are its own.
 * `npx tsx bench/audit.ts` runs this part alone and replaces its section in results.md.
 */
interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

interface LoadResult {
  config: "bare" | "audited";
  calls: number;
  rate: number;
  rttMs: Percentiles;
  loopDelayMs: Percentiles;
  ownMs?: Percentiles;
  rssMb: { before: number; peak: number };
  heapMb: { before: number; peak: number };
  sink?: { accepted: number; uploaded: number; overflowed: number; rejected: number; retries: number; buffered: number };
  received?: number;
  flushMs?: number;
}

const SECTION = "## Audit middleware";

function load(config: "bare" | "audited"): LoadResult {
  const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", path.join(__dirname, "auditLoad.ts"), config], { cwd: path.resolve(__dirname, ".."), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) throw new Error(`bench/auditLoad.ts ${config} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as LoadResult;
}

const ms = (p: Percentiles) => `${p.p50.toFixed(3)} / ${p.p99.toFixed(3)} / ${p.max.toFixed(1)}`;

export function auditBench(): string[] {
  const loadAverage = os.loadavg()[0];
  const bare = load("bare");
  const audited = load("audited");
  const own = audited.ownMs;
  if (!own || !audited.sink) throw new Error("bench/auditLoad.ts audited reported no middleware time");
  const row = (r: LoadResult) => `| ${r.config} | ${r.calls.toLocaleString("en")} | ${r.rate.toFixed(0)} | ${ms(r.rttMs)} | ${ms(r.loopDelayMs)} | ${r.ownMs ? ms(r.ownMs) : "-"} | ${r.rssMb.before.toFixed(0)} -> ${r.rssMb.peak.toFixed(0)} | ${r.heapMb.before.toFixed(0)} -> ${r.heapMb.peak.toFixed(0)} |`;
  const s = audited.sink;
  process.stderr.write(`audit middleware: own time p99 ${own.p99.toFixed(3)} ms, peak RSS ${audited.rssMb.peak.toFixed(0)} MB (bare ${bare.rssMb.peak.toFixed(0)} MB)\n`);
  return [
    SECTION,
    "",
    "An SDK client calls an SDK server (one tool) over the SDK's in-memory transport, paced at 1,000 calls per second for 10 s after a 2 s warm-up, 1,000 users in turn (bench/auditLoad.ts). *audited* wraps the server's transport with mcp-guard/audit (rate limiter on) and uploads through @azure/monitor-ingestion to a Logs Ingestion API stand-in on 127.0.0.1 (its own process), at the sink's default bounds (500 records or 2 s). *Middleware time* is the wrapper's own synchronous work per call (request in, response out, minus the server's handler and the inner transport), with uploads running on the same event loop; *round trip* is what the client waits, scheduling and uploads included; *event loop delay* is how late the process's timers ran (Node's monitorEventLoopDelay), i.e. how long something held the loop. Milliseconds p50 / p99 / max; memory in MB, before the burst -> peak during it.",
    "",
    "| configuration | calls | calls/s | round trip (ms) | event loop delay (ms) | middleware time (ms) | RSS (MB) | heap used (MB) |",
    "|---|---|---|---|---|---|---|---|",
    row(bare),
    row(audited),
    "",
    `Goal (issue 20): middleware time under 1 ms at p99: ${own.p99.toFixed(3)} ms, ${own.p99 < 1 ? "met" : "NOT met"}. Peak RSS over the bare server: ${(audited.rssMb.peak - bare.rssMb.peak).toFixed(0)} MB. Sink: ${s.accepted.toLocaleString("en")} records accepted, ${s.uploaded.toLocaleString("en")} uploaded (${audited.received?.toLocaleString("en")} received), ${s.overflowed} overflowed, ${s.rejected} rejected, ${s.retries} retries; the shutdown flush took ${audited.flushMs?.toFixed(0)} ms. The round trip's tail follows the event loop's delay, not the middleware's time: the uploads (serialising 500 records, TLS) run on the same loop as the calls, and the machine's load average was ${loadAverage.toFixed(1)} on ${os.cpus().length} cores when this ran.`,
    "",
  ];
}

if (require.main === module) {
  const file = path.join(__dirname, "results.md");
  const lines = auditBench();
  const previous = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n";
  const start = previous.indexOf(`${SECTION}\n`);
  const next = start < 0 ? -1 : previous.indexOf("\n## ", start + SECTION.length);
  const kept = start < 0 ? previous : previous.slice(0, start) + (next < 0 ? "" : previous.slice(next + 1));
  fs.writeFileSync(file, `${kept.replace(/\n*$/, "\n\n")}${lines.join("\n")}\n`);
  process.stdout.write("wrote bench/results.md (audit middleware section)\n");
}
