import { runQuery } from "../../src/kql/engine";

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
