import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { InputError } from "../src/errors";
import { CatalogQuery, loadQueryCatalog, parseQueryFile } from "../src/kql/catalog";
import { kqlLet, parameterValues, renderQuery } from "../src/kql/parameters";
import { WORKBOOK_PANELS } from "../src/kql/workbook";
import { Plan } from "../src/plan/offlinePlan";
import { queryId } from "../src/components/savedQueries";
import { parseServerFile } from "../src/registry/load";
import { PROJECT, ROOT, ofType, one, planStack, runCli } from "./helpers";

const QUERY = "azure-native:operationalinsights:Query";
const catalog = loadQueryCatalog(path.join(ROOT, "queries"));
const byName = (name: string): CatalogQuery => {
  const q = catalog.find((c) => c.name === name);
  if (!q) throw new Error(`no query ${name}`);
  return q;
};


describe("the query catalog", () => {
  it("ships the guide's three queries exactly as the guide writes them", () => {
    expect(byName("mcp-usage-by-operation").body).toBe("MCPServerLogs\n| where TimeGenerated > ago(24h)\n| summarize Count = count() by Operation, ServerName\n| order by Count desc");
    expect(byName("mcp-failed-operations").body).toBe('MCPServerLogs\n| where TimeGenerated > ago(24h)\n| where ResultType != "Success"\n| project TimeGenerated, ServerName, Operation, ErrorMessage, User\n| order by TimeGenerated desc');
    expect(byName("mcp-unusual-activity").body).toBe(
      "MCPServerLogs\n| where TimeGenerated > ago(7d)\n| summarize RequestCount = count() by User, bin(TimeGenerated, 1h)\n| where RequestCount > 100 // Threshold for unusual activity\n| order by TimeGenerated desc",
    );
  });

  it("ships every detection the research calls for", () => {
    expect(catalog.map((q) => q.name).sort()).toEqual([
      "kv-secret-reads-not-gateway", "mcp-calls-over-time", "mcp-denied-spike-by-ip", "mcp-denied-spike-by-user", "mcp-failed-operations", "mcp-failure-burst",
      "mcp-failures-over-time", "mcp-large-responses", "mcp-latency-percentiles", "mcp-session-shared", "mcp-silent-servers", "mcp-tool-inventory-drift",
      "mcp-top-users-and-tools", "mcp-unapproved-servers", "mcp-unlisted-endpoints", "mcp-unusual-activity", "mcp-usage-by-operation", "mcp-user-anomalies", "mcp-user-request-series",
    ]);
    expect(byName("mcp-user-anomalies").body).toMatch(/make-series[\s\S]*series_decompose_anomalies/);
    expect(byName("kv-secret-reads-not-gateway").tables).toEqual(["AZKVAuditLogs"]);
    expect(byName("mcp-unapproved-servers").parameters).toEqual(["approvedServers"]);
  });

  it("every shipped query analyzes with zero errors against the schema (loadQueryCatalog throws otherwise)", async () => {
    expect(catalog).toHaveLength(19);
    const r = await runCli("validate", "--cwd", ROOT);
    expect(r).toEqual({ code: 0, out: "19 queries and 10 alerts checked against the workspace schema, 4 servers against the REG checks: no errors.\n", err: "" });
  });

  it("mcp-guard validate runs the REG checks over servers/ for every environment, naming where a finding is an error", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-validate-"));
    for (const d of ["queries", "alerts", "servers"]) fs.cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
    const github = path.join(dir, "servers/github.yaml");
    fs.writeFileSync(github, fs.readFileSync(github, "utf8").replace('date: "2026-10-14"', 'date: "2026-05-23"'));
    const r = await runCli("validate", "--cwd", dir);
    expect(r.code).toBe(1);
    expect(r.err.split("\n")).toEqual([
      "error: invalid server registry",
      expect.stringMatching(/^ {2}prod: servers\/github\.yaml:\d+: review\.date: "2026-05-23" is more than 6 months before today \(2026-11-24\): the review is stale; .* \(REG-04\)$/),
      "",
    ]);
  });

  it("names the file and line for missing, unknown and bad metadata", () => {
    expect(parseQueryFile("queries/x.kql", "// @displayName: X\n// @color: red\nMCPServerLogs").problems).toEqual([
      "queries/x.kql:2: unknown metadata key @color; allowed @displayName, @description, @category, @tags, @tables, @parameters",
      "queries/x.kql:1: missing metadata @description",
      "queries/x.kql:1: missing metadata @category",
      "queries/x.kql:1: missing metadata @tags",
      "queries/x.kql:1: missing metadata @tables",
    ]);
    expect(parseQueryFile("queries/y.kql", "// @displayName: Y\n// @description: d\n// @category: monitor\n// @tags: t\n// @tables: SigninLogs\n// @parameters: approvedUsers\nMCPServerLogs").problems).toEqual([
      'queries/y.kql:5: @tables: "SigninLogs" is not allowed; allowed MCPServerLogs_CL, AZKVAuditLogs',
      'queries/y.kql:6: @parameters: "approvedUsers" is not allowed; allowed approvedServers, approvedServerTools, approvedServerEndpoints, alwaysOnServers, gatewayPrincipalIds',
    ]);
  });

  it("mcp-guard validate fails on each broken fixture with its located message", async () => {
    const r = await runCli("validate", "--cwd", path.join(ROOT, "test/fixtures/broken-queries"));
    expect(r.code).toBe(1);
    expect(r.err.split("\n")).toEqual([
      "error: invalid query catalog",
      "  queries/bad-metadata.kql:4: unknown metadata key @owner; allowed @displayName, @description, @category, @tags, @tables, @parameters",
      '  queries/bad-metadata.kql:3: @category: "alerts" is not allowed; allowed security, audit, monitor',
      "  queries/bad-metadata.kql:1: missing metadata @tables",
      "  queries/syntax-error.kql:7:23: KS006 Missing expression",
      "  queries/type-mismatch.kql:7:20: KS106 The operator '>' is not defined for the operand types real and string.",
      "  queries/typo-column.kql:8:9: KS142 The name 'Sever' does not refer to any known column, table, variable or function.",
      "  queries/undeclared-parameter.kql:7:25: KS142 The name 'approvedServers' does not refer to any known column, table, variable or function.",
      "  queries/undeclared-parameter.kql:1: the query uses approvedServers; declare it with @parameters: approvedServers",
      "  queries/unknown-function.kql:7:16: KS211 The name 'tolowercase' does not refer to any known function.",
      "  queries/wrong-tables.kql:1: @tables is AZKVAuditLogs; the query reads MCPServerLogs_CL",
      "",
    ]);
    expect(() => loadQueryCatalog(path.join(ROOT, "test/fixtures/broken-queries/queries"))).toThrow(InputError);
  });

  it("exits 2 when there is no queries/ directory", async () => {
    const r = await runCli("validate", "--cwd", path.join(ROOT, "test/fixtures"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: no queries\/ directory in /);
  });
});

describe("query parameters", () => {
  it("renders config values as a KQL let of string literals", () => {
    expect(renderQuery("T | where S !in (approvedServers)", ["approvedServers"], parameterValues({ approvedServers: ["github", "azure-devops"] }))).toBe(
      'let approvedServers = dynamic(["github", "azure-devops"]);\nT | where S !in (approvedServers)',
    );
  });

  it("never pastes a value that could break out of its literal", () => {
    expect(() => kqlLet("approvedServers", ['github"]); MCPServerLogs_CL | take 1; let x = dynamic(["'])).toThrow(/query parameter approvedServers: .* is not allowed/);
    const github = fs.readFileSync(path.join(ROOT, "servers/github.yaml"), "utf8");
    const bad = github.replace("  - create_issue\n", '  - \'evil") | take 1\'\n');
    const line = bad.split("\n").indexOf("  - 'evil\") | take 1'") + 1;
    expect(parseServerFile("servers/github.yaml", bad).problems).toEqual([`servers/github.yaml:${line}: tools[3]: "evil\\") | take 1" is not allowed; allowed a tool name of letters, digits, _ . - (at most 64)`]);
  });
});

describe("McpSavedQueries in the shipped stacks", () => {
  const plans: Record<string, Plan> = {};
  beforeAll(async () => {
    for (const stack of ["dev", "prod"]) plans[stack] = await planStack(stack);
  });

  it("publishes one query pack with every catalog query, each named for its file, with categories and tags", () => {
    expect(one(plans.prod, "azure-native:operationalinsights:QueryPack").inputs).toEqual(expect.objectContaining({ queryPackName: "pack-cursor-mcp-queries-prod", location: "westeurope" }));
    const queries = ofType(plans.prod, QUERY);
    expect(queries.map((q) => q.inputs.displayName).sort()).toEqual(catalog.map((q) => q.displayName).sort());
    const failed = queries.find((q) => q.inputs.displayName === "Failed MCP operations (24h)");
    expect(failed?.inputs).toEqual(expect.objectContaining({
      body: byName("mcp-failed-operations").body,
      description: byName("mcp-failed-operations").description,
      related: { categories: ["monitor"], resourceTypes: ["microsoft.operationalinsights/workspaces"] },
      tags: { labels: ["guide", "failures"], tables: ["MCPServerLogs_CL"], source: ["queries/mcp-failed-operations.kql"] },
    }));
  });

  it("gives every query a GUID in its ARM path, the same on every deploy and different per stack (azure-native copies the logical name into queries/{id})", () => {
    const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    // What reaches the path: the provider's "copy" autoname of the URN's name, since the SDK drops an `id` input.
    const pathIds = (plan: Plan) => ofType(plan, QUERY).map((q) => ({ file: String((q.inputs.tags as { source: string[] }).source[0]), urnName: q.urn.split("::").pop(), sentId: q.inputs.id }));
    for (const stack of ["dev", "prod"]) {
      const ids = pathIds(plans[stack]);
      expect(ids).toHaveLength(catalog.length);
      for (const q of ids) {
        expect(q.sentId).toBeUndefined();
        expect(q.urnName).toMatch(GUID);
        const name = catalog.find((c) => c.file === q.file)?.name;
        expect(q.urnName).toBe(queryId(PROJECT.name, stack, `queries-query-${name}`));
      }
      expect(new Set(ids.map((q) => q.urnName)).size).toBe(catalog.length);
    }
    const devIds = new Set(pathIds(plans.dev).map((q) => q.urnName));
    expect(pathIds(plans.prod).filter((q) => devIds.has(q.urnName))).toEqual([]);
    // RFC 4122 v5 is deterministic: the same seed gives the same id on every run and machine.
    expect(queryId("mcp-guard", "prod", "queries-query-mcp-failed-operations")).toBe(queryId("mcp-guard", "prod", "queries-query-mcp-failed-operations"));
  });

  it("injects the servers servers/ approves for each stack's environment, and their tools, as parameters", () => {
    const body = (plan: Plan, name: string) => String(ofType(plan, QUERY).find((q) => q.inputs.displayName === byName(name).displayName)?.inputs.body);
    expect(body(plans.prod, "mcp-unapproved-servers").split("\n")[0]).toBe('let approvedServers = dynamic(["azure-devops", "github"]);');
    expect(body(plans.dev, "mcp-unapproved-servers").split("\n")[0]).toBe('let approvedServers = dynamic(["azure-devops", "database", "filesystem", "github"]);');
    // Per-server allowlists: the approval registry (servers/) fills them per stack.
    expect(body(plans.prod, "mcp-tool-inventory-drift").split("\n")[0]).toMatch(/^let approvedServerTools = dynamic\(\[.*\]\);$/);
    expect(body(plans.prod, "kv-secret-reads-not-gateway").split("\n")[0]).toBe(`let gatewayPrincipalIds = dynamic(["${plans.prod.outputs.gatewayPrincipalId}"]);`);
  });

  it("generates the workbook from the catalog: linked to the workspace, one chart per panel", () => {
    const wb = one(plans.prod, "azure-native:applicationinsights:Workbook").inputs;
    expect(wb).toEqual(expect.objectContaining({ kind: "shared", category: "workbook", displayName: "MCP gateway activity (prod)", sourceId: expect.stringMatching(/\/workspaces\/law-cursor-audit-prod$/) }));
    expect(wb.resourceName).toMatch(/^[0-9a-f-]{36}$/);
    const data = JSON.parse(String(wb.serializedData));
    expect(data.version).toBe("Notebook/1.0");
    expect(data.fallbackResourceIds).toEqual([wb.sourceId]);
    const charts = data.items.filter((i: { type: number }) => i.type === 3);
    expect(charts.map((c: { name: string }) => c.name)).toEqual(WORKBOOK_PANELS.map((p) => p.query));
    for (const c of charts) {
      expect(c.content.query).toBe(byName(c.name).body);
      expect(c.content).toEqual(expect.objectContaining({ version: "KqlItem/1.0", queryType: 0, resourceType: "microsoft.operationalinsights/workspaces" }));
    }
    expect(charts.map((c: { content: { visualization: string } }) => c.content.visualization)).toEqual(["timechart", "areachart", "timechart", "table", "timechart"]);
  });
});

