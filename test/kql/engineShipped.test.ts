import * as path from "node:path";
import { loadAlertFiles } from "../../src/kql/alerts";
import { loadQueryCatalog } from "../../src/kql/catalog";
import { KqlInputError, KqlUnsupportedError, runQuery } from "../../src/kql/engine";
import { parameterValues } from "../../src/kql/parameters";
import { APPROVED_SERVERS, GATEWAY_OID, GENERATED_TOOLS, generateLogs } from "./generateLogs";

const ROOT = path.resolve(__dirname, "../..");
const catalog = loadQueryCatalog(path.join(ROOT, "queries"));
const alerts = loadAlertFiles(path.join(ROOT, "alerts"), catalog);
const now = new Date("2026-12-01T12:00:00Z");
const logs = generateLogs({ count: 4000, now, days: 3 });
/** Placeholder values for every parameter a query may take (src/kql/parameters.ts). */
const parameters = parameterValues({ approvedServers: APPROVED_SERVERS, approvedServerTools: GENERATED_TOOLS.slice(0, 3).map((t) => `github/${t}`), gatewayPrincipalIds: [GATEWAY_OID] });

function run(text: string, names: readonly string[]) {
  return runQuery(text, { tables: logs, now, parameters: Object.fromEntries(names.map((n) => [n, parameters[n as keyof typeof parameters]])) });
}

describe("every shipped detection runs on generated logs", () => {
  test.each(catalog.map((q) => [q.name, q] as const))("query %s", (_name, q) => {
    const result = run(q.body, q.parameters);
    expect(result.columns.length).toBeGreaterThan(0);
  });

  test.each(alerts.map((a) => [a.name, a] as const))("alert %s", (_name, a) => {
    const result = runQuery(a.queryText, { tables: logs, now, parameters: Object.fromEntries(a.parameters.map((n) => [n, parameters[n]])), timeRange: { from: new Date(now.getTime() - 2 * 86_400_000), to: now } });
    if (a.measure !== "rows") expect(result.columns.map((c) => c.name)).toContain(a.measure.column);
    for (const d of a.dimensions) expect(result.columns.map((c) => c.name)).toContain(d);
  });

  test("the generated logs make the row-producing detections return rows", () => {
    expect(run(catalog.find((q) => q.name === "mcp-unapproved-servers")?.body ?? "", ["approvedServers"]).rows.map((r) => r.ServerName)).toEqual(["shadow-notes"]);
    const reads = run(catalog.find((q) => q.name === "kv-secret-reads-not-gateway")?.body ?? "", ["gatewayPrincipalIds"]);
    expect(reads.rows.map((r) => r.CallerObjectId)).toEqual(["oid-operator"]);
  });
});

describe("the engine fails loudly", () => {
  test("an operator it does not implement names itself and where it is", () => {
    const text = "MCPServerLogs_CL\n| where User != ''\n| evaluate bag_unpack(Properties)";
    expect(() => runQuery(text, { tables: logs, now })).toThrow(KqlUnsupportedError);
    try {
      runQuery(text, { tables: logs, now });
    } catch (e) {
      expect(e).toMatchObject({ line: 3, col: 3 });
      expect((e as Error).message).toMatch(/^3:3: evaluate/);
    }
  });

  test("a function it does not implement is named", () => {
    expect(() => runQuery("print x = base64_encode_tostring('a')", { tables: {}, now })).toThrow(/1:11: function base64_encode_tostring\(\)/);
  });

  test("a record that does not match the schema names the table, the record and the column", () => {
    expect(() => runQuery("MCPServerLogs_CL | count", { tables: { MCPServerLogs_CL: [{ TimeGenerated: "2026-12-01T00:00:00Z" }, { TimeGenerated: "yesterday" }] }, now })).toThrow(/MCPServerLogs_CL record 1: TimeGenerated: "yesterday" is not an ISO 8601 datetime/);
    expect(() => runQuery("MCPServerLogs_CL | count", { tables: { MCPServerLogs_CL: [{ TimeGenerated: "2026-12-01T00:00:00Z", Usr: "a" }] }, now })).toThrow(KqlInputError);
  });

  test("a query the analyzer rejects is an input error located in the query", () => {
    expect(() => runQuery("MCPServerLogs_CL\n| where NoSuchColumn == 1", { tables: logs, now })).toThrow(/^2:9: .*NoSuchColumn/);
  });
});

describe("the contract's options", () => {
  test("timeRange hides records outside from <= TimeGenerated < to", () => {
    const records = ["2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z", "2026-12-01T12:00:00Z"].map((t) => ({ TimeGenerated: t }));
    const r = runQuery("MCPServerLogs_CL | count", { tables: { MCPServerLogs_CL: records }, now, timeRange: { from: new Date("2026-12-01T11:00:00Z"), to: new Date("2026-12-01T12:00:00Z") } });
    expect(r.rows).toEqual([{ Count: 1 }]);
  });

  test("parameters bind as lets before the query; now() and ago() use the given now", () => {
    const r = runQuery("print n = now(), a = ago(1h), limit = threshold * 2, names = approved", { tables: {}, now, parameters: { threshold: 5, approved: ["a", "b"] } });
    expect(r.rows).toEqual([{ n: "2026-12-01T12:00:00Z", a: "2026-12-01T11:00:00Z", limit: 10, names: ["a", "b"] }]);
    expect(r.columns).toEqual([{ name: "n", type: "datetime" }, { name: "a", type: "datetime" }, { name: "limit", type: "long" }, { name: "names", type: "dynamic" }]);
  });

  test("the MCPServerLogs function reads the table", () => {
    const r = runQuery("MCPServerLogs | summarize c = count()", { tables: logs, now });
    expect(r.rows).toEqual([{ c: logs.MCPServerLogs_CL.length }]);
  });
});
