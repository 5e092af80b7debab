import { parseAlertTestFile, parseQueryTestFile } from "../../src/detections/testFile";
import { materialize } from "../../src/detections/records";

const FILE = "alerts/tests/alert-mcp-denied-spike.yaml";
const problems = (src: string) => parseAlertTestFile(FILE, src, ["User"]).problems;
const test = (records: string, expect = "never fires") => `tests:\n  - name: one scenario\n    records:\n${records}\n    expect: ${expect}\n`;

describe("detection test files", () => {
  it("reads relative times, repeats, generators and per-file defaults into records", () => {
    const src = `now: 2026-12-02T14:00:00Z\ndefaults:\n  ServerName: github\n  ResultType: Denied\n${test("      - at: -12m\n        User: a@contoso.com\n      - repeat: 3 between -15m and -11m\n        User: b@contoso.com\n        delay: 4m\n      - generate: denied-burst\n        from: -5m\n        to: 0\n        user: c@contoso.com\n        count: 4")}`;
    const { parsed, problems: p } = parseAlertTestFile(FILE, src, ["User"]);
    expect(p).toEqual([]);
    const records = materialize(parsed?.tests[0].records ?? [], Date.parse("2026-12-02T14:00:00Z"), 0);
    const rows = records.tables.MCPServerLogs_CL;
    expect(rows.filter((r) => r.User !== "c@contoso.com").map((r) => [r.TimeGenerated, r.User, r.ServerName, r.ResultType])).toEqual([
      ["2026-12-02T13:45:00Z", "b@contoso.com", "github", "Denied"],
      ["2026-12-02T13:47:00Z", "b@contoso.com", "github", "Denied"],
      ["2026-12-02T13:48:00Z", "a@contoso.com", "github", "Denied"],
      ["2026-12-02T13:49:00Z", "b@contoso.com", "github", "Denied"],
    ]);
    expect(rows.filter((r) => r.User === "c@contoso.com")).toHaveLength(4);
    expect(rows.map((r) => records.delayOf(r))).toEqual(rows.map((r) => (r.User === "b@contoso.com" ? 240_000 : 0)));
    expect(records.earliest).toBe(-15 * 60_000);
  });

  it("gives the same generator entry twice (even across tests) as separate records, each with its own delay", () => {
    const burst = (delay: string) => `      - generate: denied-burst\n        from: -5m\n        to: 0\n        user: c@contoso.com\n        count: 2\n        delay: ${delay}`;
    const { parsed } = parseAlertTestFile(FILE, test(`${burst("1m")}\n${burst("3m")}`), ["User"]);
    const entries = parsed?.tests[0].records ?? [];
    const anchor = Date.parse("2026-12-02T14:00:00Z");
    for (const records of [materialize(entries, anchor, 0), materialize(entries, anchor, 0)]) {
      const rows = records.tables.MCPServerLogs_CL;
      expect(new Set(rows).size).toBe(4);
      expect(rows.map((r) => records.delayOf(r)).sort((x, y) => x - y)).toEqual([60_000, 60_000, 180_000, 180_000]);
    }
  });

  it("names the file, line and field of every problem", () => {
    const src = test("      - at: -12x\n        User: a@contoso.com\n      - repeat: six between -15m and -11m\n      - at: -1m\n        Usr: a@contoso.com\n      - generate: port-scan\n      - generate: denied-burst\n        from: -5m\n        to: 0\n        user: c@contoso.com\n        count: many\n      - User: d@contoso.com");
    expect(problems(src)).toEqual([
      'alerts/tests/alert-mcp-denied-spike.yaml:4: tests[0].records[0].at: "-12x" is not a relative time; write it like -12m, -1h30m, 2d or 0',
      'alerts/tests/alert-mcp-denied-spike.yaml:6: tests[0].records[1].repeat: "six between -15m and -11m" is not a repeat; write it like "11 between -15m and -11m"',
      expect.stringMatching(/^alerts\/tests\/alert-mcp-denied-spike\.yaml:8: tests\[0\]\.records\[2\]\.Usr: is not a column of MCPServerLogs_CL; allowed TimeGenerated, ServerName, /),
      'alerts/tests/alert-mcp-denied-spike.yaml:9: tests[0].records[3].generate: "port-scan" is not a generator; allowed normal-use, denied-burst, request-spike, secret-reads, baseline-week, identity-spray, shadow-server',
      "alerts/tests/alert-mcp-denied-spike.yaml:14: tests[0].records[4].count: Invalid input: expected number, received string",
      "alerts/tests/alert-mcp-denied-spike.yaml:15: tests[0].records[5]: needs one of at (one record), repeat (several) or generate (a generator)",
    ]);
  });

  it("checks expectations against the alert's dimensions and the file's shape", () => {
    expect(problems(test("      - at: -1m", "\n      fires:\n        - at: -5m\n          Server: github"))).toEqual([
      "alerts/tests/alert-mcp-denied-spike.yaml:8: tests[0].expect.fires[0].Server: is not a dimension of the alert; allowed User",
      "alerts/tests/alert-mcp-denied-spike.yaml:7: tests[0].expect.fires[0]: needs User (the alert splits by User)",
    ]);
    expect(problems(`${test("      - at: -1m", "sometimes")}colour: red\n`)).toEqual([
      'alerts/tests/alert-mcp-denied-spike.yaml:5: tests[0].expect: is not allowed; allowed "never fires" or a mapping of fires and resolves',
      'alerts/tests/alert-mcp-denied-spike.yaml:1: (file): unknown field "colour"; allowed now, defaults, table, gatewayPrincipalIds, parameters, ingestionDelay, tests',
    ]);
    expect(problems("tests:\n  - name: x\n    records: [\n")).toEqual([expect.stringMatching(/^alerts\/tests\/alert-mcp-denied-spike\.yaml:4: /)]);
  });

  it("reads a query test's expected rows", () => {
    const { parsed, problems: p } = parseQueryTestFile("queries/tests/mcp-denied-spike-by-user.yaml", "tests:\n  - name: a burst\n    timeRange: -1h to 0\n    records:\n      - at: -2m\n    expect:\n      rows:\n        - User: a@contoso.com\n          Denied: 6\n");
    expect(p).toEqual([]);
    expect(parsed?.tests[0]).toMatchObject({ timeRange: { from: -3_600_000, to: 0 }, expect: { rows: [{ User: "a@contoso.com", Denied: 6 }] } });
    expect(parseQueryTestFile("queries/tests/q.yaml", "tests:\n  - name: a burst\n    timeRange: 0 to -1h\n    records:\n      - at: -2m\n    expect: no rows\n").problems).toEqual([
      'queries/tests/q.yaml:3: tests[0].timeRange: "0 to -1h" is not a range; write it like "-1h to 0" (earlier first)',
    ]);
  });
});
