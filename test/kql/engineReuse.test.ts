import { RecordSet, runQuery } from "../../src/kql/engine";
import { generate } from "../../src/detections/generators";

/**
 * The engine keeps the rows a row-pure extend builds (by operator and input row) for the next run of the
 * same query over the same records, as the simulator runs one alert at every evaluation. What reads the
 * clock, a let value or a parameter must still be computed per run.
 */
describe("running one query again over the same records", () => {
  const records = [{ TimeGenerated: "2026-12-01T00:00:00Z", User: "Alice", ServerName: "github" }];
  const tables = { MCPServerLogs_CL: records };
  const at = (hour: number) => new Date(`2026-12-01T0${hour}:00:00Z`);
  const run = (kql: string, now: Date, parameters?: Record<string, unknown>) =>
    runQuery(kql, { tables, now, ...(parameters ? { parameters } : {}) }).rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => ["U", "T", "N", "P"].includes(k))));

  it("gives the same rows for an extend of columns and pure functions", () => {
    const kql = "MCPServerLogs_CL | where isnotempty(User) | extend U = strcat(tolower(User), '@', ServerName)";
    expect(run(kql, at(1))).toEqual([{ U: "alice@github" }]);
    expect(run(kql, at(2))).toEqual([{ U: "alice@github" }]);
  });

  it("recomputes an extend that reads now() through ago() at each run", () => {
    const kql = "MCPServerLogs_CL | extend U = tolower(User), T = ago(1h)";
    expect(run(kql, at(1))).toEqual([{ U: "alice", T: "2026-12-01T00:00:00Z" }]);
    expect(run(kql, at(2))).toEqual([{ U: "alice", T: "2026-12-01T01:00:00Z" }]);
  });

  it("recomputes an extend that reads a let value computed from now()", () => {
    const kql = "let since = ago(1h); MCPServerLogs_CL | extend N = TimeGenerated >= since";
    expect(run(kql, at(1))).toEqual([{ N: true }]);
    expect(run(kql, at(2))).toEqual([{ N: false }]);
  });

  it("recomputes an extend that reads a parameter, whose value is not part of the analysed text", () => {
    const kql = "MCPServerLogs_CL | extend P = strcat(User, suffix)";
    expect(run(kql, at(1), { suffix: "-a" })).toEqual([{ P: "Alice-a" }]);
    expect(run(kql, at(1), { suffix: "-b" })).toEqual([{ P: "Alice-b" }]);
  });
});

describe("a record set (the simulator's windows over one week of records)", () => {
  const hour = (h: number) => `2026-12-01T${String(h).padStart(2, "0")}:00:00Z`;
  // Out of time order on purpose, with users repeating: the set is put in order by reorder().
  const records = [5, 1, 3, 0, 4, 2, 6, 1].map((h, i) => ({ TimeGenerated: hour(h), User: `u${i % 3}`, ServerName: "github" }));
  const kql = "MCPServerLogs_CL | summarize Calls = count(), First = min(TimeGenerated) by User | order by User asc";
  const now = new Date(hour(7));
  const timeRange = { from: new Date(hour(1)), to: new Date(hour(5)) };
  const byArray = (rs: readonly Record<string, unknown>[]) => runQuery(kql, { tables: { MCPServerLogs_CL: rs }, now, timeRange }).rows;

  it("gives what the same records as an array give, whether or not the set is in time order", () => {
    const set = RecordSet.of(records);
    const ordered = set.reorder(records.map((_, i) => i).sort((a, b) => Date.parse(records[a].TimeGenerated) - Date.parse(records[b].TimeGenerated)));
    const expected = byArray(records);
    expect(expected.map((r) => [r.User, r.Calls])).toEqual([["u1", 3], ["u2", 2]]);
    expect(runQuery(kql, { tables: { MCPServerLogs_CL: set }, now, timeRange }).rows).toEqual(expected);
    expect(runQuery(kql, { tables: { MCPServerLogs_CL: ordered }, now, timeRange }).rows).toEqual(expected);
    const part = ordered.slice(2, 8, (i) => i % 2 === 0);
    const partRecords = [2, 4, 6].map((i) => records[ordered.positions[i]]);
    expect(runQuery(kql, { tables: { MCPServerLogs_CL: part }, now, timeRange }).rows).toEqual(byArray(partRecords));
  });

  it("names a bad record by its index in the records it was made from", () => {
    const bad = [...records.slice(0, 3), { TimeGenerated: "yesterday", User: "x" }];
    expect(() => runQuery(kql, { tables: { MCPServerLogs_CL: RecordSet.of(bad).reorder([3, 0, 1, 2]).slice(0, 2) }, now })).toThrow(/MCPServerLogs_CL record 3: TimeGenerated/);
  });
});

describe("a summarize over the windows of a week (kept chunks of rows, merged)", () => {
  const T0 = Date.parse("2026-12-03T00:00:00Z");
  // Two days of 15 developers, with late records: each window sees only what arrived by its end.
  const records = generate("normal-use", { from: -2 * 86_400_000, to: 0, users: 15, seed: 7 }, { anchorMs: T0 }).map((g) => g.record);
  const times = records.map((r) => Date.parse(String(r.TimeGenerated)));
  const order = records.map((_, i) => i).sort((a, b) => times[a] - times[b]);
  const set = RecordSet.of(records).reorder(order);
  const aggregates = "Calls = count(), Failed = countif(ResultType != 'Success'), Users = dcount(User), Servers = make_set(ServerName, 3), Tools = make_list(ToolName, 5), First = min(TimeGenerated), Last = max(TimeGenerated), Bytes = sum(ResponseBytes), Status = sum(HttpStatus), Mean = avg(HttpStatus), arg_max(TimeGenerated, ToolName), Any = take_any(ClientName), P90 = percentile(HttpStatus, 90), Spread = stdev(HttpStatus)";
  const windows = Array.from({ length: 40 }, (_, i) => T0 - 36 * 3_600_000 + i * 3_600_000);
  const run = (kql: string, t: number) => {
    const visible = set.slice(0, order.length, (i) => times[order[i]] <= t - ((i * 7) % 5) * 60_000);
    return runQuery(kql, { tables: { MCPServerLogs_CL: visible }, now: new Date(t), timeRange: { from: new Date(t - 12 * 3_600_000), to: new Date(t) } }).rows;
  };

  it.each([
    ["by columns", `MCPServerLogs_CL | summarize ${aggregates} by User, Operation`],
    ["after a filter that reads the clock and a kept extend", `MCPServerLogs_CL | where TimeGenerated > ago(10h) | extend U = tolower(User) | summarize ${aggregates} by U`],
    ["without by", `MCPServerLogs_CL | summarize ${aggregates}`],
    ["of a double total, which chunks cannot merge exactly", "MCPServerLogs_CL | summarize Total = sum(DurationMs), Mean = avg(DurationMs) by ServerName"],
  ])("gives at every window what feeding its rows one by one gives: %s", (_name, kql) => {
    // An extend that reads now() makes rows no run keeps, so the second query's summarize is fed row by row.
    const oneByOne = kql.replace("MCPServerLogs_CL", "MCPServerLogs_CL | extend Clock = now()");
    expect(run(kql, windows[0]).length).toBeGreaterThan(0);
    for (const t of windows) expect(run(kql, t)).toEqual(run(oneByOne, t));
  });
});
