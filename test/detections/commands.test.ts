import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generate } from "../../src/detections/generators";
import { ROOT, runCli } from "../helpers";

/** A copy of the project's data (stacks, queries, alerts and their tests) to change without touching the checkout. */
function projectCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-detections-"));
  for (const f of ["Pulumi.yaml", "index.ts"]) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  for (const d of ["stacks", "queries", "alerts", "servers"]) fs.cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
  return dir;
}

const replace = (file: string, from: RegExp, to: string) => {
  const text = fs.readFileSync(file, "utf8");
  if (!from.test(text)) throw new Error(`${file}: ${from} not found`);
  fs.writeFileSync(file, text.replace(from, to));
};

const T0 = Date.parse("2026-12-01T10:00:00Z");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-logs-"));
/** Quiet use by 15 developers for two hours, and eight denials for mallory straddling 09:00. */
const records = [
  ...generate("normal-use", { from: -2 * 3_600_000, to: 0, users: 15 }, { anchorMs: T0 }),
  ...generate("denied-burst", { from: -62 * 60_000, to: -58 * 60_000, user: "mallory@contoso.com", count: 8, seed: 3 }, { anchorMs: T0 }),
].map((g) => g.record);

/** The rows `az monitor log-analytics query -o json` writes: a TableName and every value through Python's str(). */
const azJson = path.join(tmp, "export.json");
fs.writeFileSync(azJson, JSON.stringify(records.map((r) => ({ TableName: "PrimaryResult", ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "object" ? JSON.stringify(v) : String(v)])) })), null, 2));

describe("mcp-guard test", () => {
  it("passes every shipped detection test in a stack, and says why a test disabled there is skipped", async () => {
    const r = await runCli("test", "--stack", "dev", "--cwd", ROOT);
    expect(r.err).toBe("");
    expect(r.out).toMatch(/^PASS {2}dev {2}alerts\/tests\/alert-mcp-denied-spike\.yaml:\d+ {2}six denials straddling a quarter hour page once/m);
    expect(r.out).toMatch(/^SKIP {2}dev {2}alerts\/tests\/alert-mcp-user-anomaly\.yaml:\d+ {2}a spike in the last hour pages for that user only\n {8}the rule is disabled in dev \(dev: a dev workspace has too little history for a baseline\)$/m);
    expect(r.out).toMatch(/test runs in dev: \d+ passed, 0 failed, \d+ skipped\n$/);
    expect(r.out).not.toMatch(/^FAIL/m);
    expect(r.code).toBe(0);
  });

  it("fails the two rules' tests on their text before this fix, naming the evaluations that differed", async () => {
    const dir = projectCopy();
    // The shipped text before: the denied spike counted the saved query's clock-aligned 15-minute bins,
    // and the anomaly rule selected bins after ago(1h) from a series whose last bin starts at it.
    replace(path.join(dir, "alerts/alert-mcp-denied-spike.yaml"), /kql: \|\n( {2}.*\n)+/, "query: mcp-denied-spike-by-user\n");
    replace(path.join(dir, "alerts/alert-mcp-denied-spike.yaml"), /measure:\n {2}column: Denied\n {2}aggregation: Total\n/, "measure: rows\n");
    replace(path.join(dir, "alerts/alert-mcp-denied-spike.yaml"), /threshold: 5/, "threshold: 0");
    replace(
      path.join(dir, "alerts/alert-mcp-user-anomaly.yaml"),
      /kql: \|\n( {2}.*\n)+/,
      "kql: |\n  MCPServerLogs_CL\n  | make-series Requests = count() default = 0 on TimeGenerated from ago(2d) to now() step 1h by User\n  | extend (Anomalies, Score, Baseline) = series_decompose_anomalies(Requests, 2.5)\n  | mv-expand TimeGenerated to typeof(datetime), Requests to typeof(long), Anomalies to typeof(int), Baseline to typeof(real)\n  | where Anomalies > 0 and TimeGenerated > ago(1h)\n  | project TimeGenerated, User, Requests, Baseline\n",
    );
    const r = await runCli("test", "--stack", "staging", "--cwd", dir);
    expect(r.out).toMatch(/^FAIL {2}staging {2}alerts\/tests\/alert-mcp-denied-spike\.yaml:\d+ {2}six denials straddling a quarter hour page once and resolve after three clean evaluations\n {8}evaluation -25m \(2026-12-02T13:35:00Z\): expected fired for User=mallory@contoso\.com; got no rows for it$/m);
    expect(r.out).toMatch(/^FAIL {2}staging {2}alerts\/tests\/alert-mcp-user-anomaly\.yaml:\d+ {2}a spike in the last hour pages for that user only\n {8}evaluation 0 \(2026-12-02T14:00:00Z\): expected fired for User=dev03@contoso\.com; got no rows for it$/m);
    expect(r.out).toMatch(/^PASS {2}staging {2}.*never pages?$/m);
    expect(r.code).toBe(1);
  });

  it("refuses a broken test file with one line per problem, naming file and line", async () => {
    const dir = projectCopy();
    fs.writeFileSync(path.join(dir, "alerts/tests/alert-mcp-nothing.yaml"), "tests: []\n");
    fs.appendFileSync(path.join(dir, "alerts/tests/alert-mcp-denied-spike.yaml"), "  - name: late\n    records:\n      - at: yesterday\n    expect: never fires\n");
    const r = await runCli("test", "--cwd", dir);
    expect(r.err).toBe(
      [
        "error: invalid detection tests",
        "  alerts/tests/alert-mcp-denied-spike.yaml:120: tests[7].records[0].at: \"yesterday\" is not a relative time; write it like -12m, -1h30m, 2d or 0",
        "  alerts/tests/alert-mcp-nothing.yaml:1: tests no alert: there is no alerts/alert-mcp-nothing.yaml; name the file after the alert it tests",
        "",
      ].join("\n"),
    );
    expect(r.code).toBe(1);
  });
});

describe("mcp-guard simulate and query", () => {
  it("replays an az monitor log-analytics export through an alert as a timeline of fires and resolves", async () => {
    const r = await runCli("simulate", "--alert", "alert-mcp-denied-spike", "--logs", azJson, "--stack", "staging");
    expect(r.out).toBe(
      [
        "alert-mcp-denied-spike as staging deploys it: every PT5M over PT15M, Total of Denied GreaterThan 5 per User",
        `${records.length} records from ${azJson}; 30 evaluations from 2026-12-01T08:05:00Z to 2026-12-01T10:30:00Z`,
        "",
        "2026-12-01T09:05:00Z  fired     User=mallory@contoso.com  value 8",
        "2026-12-01T09:25:00Z  resolved  User=mallory@contoso.com",
        "",
        "1 fired, 1 resolved",
        "",
      ].join("\n"),
    );
    expect(r.code).toBe(0);
  });

  it("prints one JSON object per evaluation with its query range and every combination's value and state", async () => {
    const r = await runCli("simulate", "--alert", "alert-mcp-denied-spike", "--logs", azJson, "--from", "2026-12-01T09:00:00Z", "--to", "2026-12-01T09:10:00Z", "--format", "json");
    expect(r.out.trim().split("\n").map((l) => JSON.parse(l))).toEqual([
      { time: "2026-12-01T09:00:00Z", queryRange: { from: "2026-12-01T08:45:00Z", to: "2026-12-01T09:00:00Z" }, series: [{ dimensions: { User: "mallory@contoso.com" }, value: 3, state: "ok" }] },
      { time: "2026-12-01T09:05:00Z", queryRange: { from: "2026-12-01T08:50:00Z", to: "2026-12-01T09:05:00Z" }, series: [{ dimensions: { User: "mallory@contoso.com" }, value: 8, state: "fired", actions: "sent" }] },
      { time: "2026-12-01T09:10:00Z", queryRange: { from: "2026-12-01T08:55:00Z", to: "2026-12-01T09:10:00Z" }, series: [{ dimensions: { User: "mallory@contoso.com" }, value: 8, state: "still-fired" }] },
    ]);
  });

  it("reads the portal's CSV export and runs a saved query over it", async () => {
    const csv = path.join(tmp, "export.csv");
    const denials = records.filter((x) => x.User === "mallory@contoso.com");
    const usTime = (iso: string) => {
      const d = new Date(iso);
      const h = d.getUTCHours();
      return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}, ${h % 12 || 12}:${String(d.getUTCMinutes()).padStart(2, "0")}:${String(d.getUTCSeconds()).padStart(2, "0")}.${String(d.getUTCMilliseconds()).padStart(3, "0")} ${h < 12 ? "AM" : "PM"}`;
    };
    fs.writeFileSync(csv, ["TenantId,TimeGenerated [UTC],User,ResultType,HttpStatus,ServerName,ToolName,CallerIpAddress", ...denials.map((d) => `00000000-0000-0000-0000-000000000000,"${usTime(String(d.TimeGenerated))}",${d.User},Denied,${d.HttpStatus},${d.ServerName},${d.ToolName},${d.CallerIpAddress}`)].join("\n"));
    const r = await runCli("query", "mcp-denied-spike-by-user", "--logs", csv);
    // The saved query's clock-aligned bins split the burst at 09:00: neither half has more than five.
    expect(r.out).toMatch(/^User +TimeGenerated +Denied +Servers +Tools +CallerIps\n[- ]+\n\n0 rows \(now\(\) = 2026-12-01T09:0\d:\d\d(\.\d+)?Z\)\n$/);
    const failed = await runCli("query", path.join(ROOT, "queries/mcp-failed-operations.kql"), "--logs", csv, "--format", "json");
    expect(JSON.parse(failed.out).rows).toHaveLength(8);
  });

  it("stops at the first bad record with one line naming the file, the line and the problem", async () => {
    const bad = path.join(tmp, "bad.jsonl");
    fs.writeFileSync(bad, `${JSON.stringify({ TimeGenerated: "2026-12-01T09:00:00Z", User: "a" })}\n${JSON.stringify({ TimeGenerated: "yesterday", User: "a" })}\n`);
    const r = await runCli("simulate", "--alert", "alert-mcp-denied-spike", "--logs", bad);
    expect(r.err).toBe(`error: ${bad}:2: TimeGenerated: "yesterday" is not a time; write it in ISO 8601 with a zone (2026-12-01T10:00:00Z)\n`);
    expect(r.code).toBe(2);
    fs.writeFileSync(bad, `${JSON.stringify({ TimeGenerated: "2026-12-01T09:00:00Z", Usr: "a" })}\n`);
    expect((await runCli("query", "mcp-failed-operations", "--logs", bad)).err).toMatch(/^error: .*bad\.jsonl:1: Usr: not a column of MCPServerLogs_CL; allowed TimeGenerated, /);
    expect((await runCli("simulate", "--alert", "alert-nope", "--logs", azJson)).err).toMatch(/^error: --alert alert-nope: no such alert; allowed alert-kv-secret-read-not-gateway, /);
  });
});
