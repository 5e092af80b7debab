import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { alertDefinition, alertRuleArgs } from "../src/components/alerts";
import { lintAlert, loadCheckedAlerts } from "../src/kql/alertLint";
import { AlertDefinition, durationMinutes, parseAlertFile } from "../src/kql/alerts";
import { loadQueryCatalog } from "../src/kql/catalog";
import { isSecret } from "../src/plan/digest";
import { Plan } from "../src/plan/offlinePlan";
import { ROOT, ofType, planMap, planStack, problemsOf, runCli, secure, stackMap } from "./helpers";

const RULE = "azure-native:monitor:ScheduledQueryRule";
const LOG_ANALYTICS_READER = "73c42c96-874c-492b-b04d-ab87d138a893";
const catalog = loadQueryCatalog(path.join(ROOT, "queries"));


const yamlAlert = (fields: string, name = "x") =>
  `name: ${name}\ndescription: An alert written inside a test to exercise one check.\nseverity: 3\n${fields}\n`;
const parse = (src: string, name = "x") => parseAlertFile(`alerts/${name}.yaml`, src, catalog);
const definition = (src: string): AlertDefinition => {
  const { alert, problems } = parse(src);
  if (!alert) throw new Error(problems.join("\n"));
  return alert;
};
const BASE = "evaluationFrequency: PT5M\nwindowSize: PT15M\nmeasure: rows\noperator: GreaterThan\nthreshold: 0\nactionGroups: [security-team]";

describe("alert definitions", () => {
  it("ships the ten rules, every one linting clean (no errors, no warnings)", () => {
    const { alerts, warnings } = loadCheckedAlerts(path.join(ROOT, "alerts"), catalog);
    expect(alerts.map((a) => a.name)).toEqual([
      "alert-kv-secret-read-not-gateway", "alert-mcp-denied-spike", "alert-mcp-high-failure-rate", "alert-mcp-identities-per-address",
      "alert-mcp-new-caller-address", "alert-mcp-silent-server", "alert-mcp-unapproved-server", "alert-mcp-unlisted-endpoint",
      "alert-mcp-unusual-activity", "alert-mcp-user-anomaly",
    ]);
    expect(warnings).toEqual([]);
    for (const a of alerts) expect(a.queryText).not.toMatch(/^MCPServerLogs\b(?!_CL)/m);
  });

  it("reports schema problems as alerts/<file>.yaml: <field>: <problem>", () => {
    const src = yamlAlert("kql: MCPServerLogs_CL\nevaluationFrequency: PT5M\nwindowSize: P3D\nmeasure: sum\noperator: Above\nthreshold: 1\nactionGroups: [security-team]\ncolour: red").replace("severity: 3", "severity: 7");
    expect(parse(src).problems).toEqual([
      "alerts/x.yaml: severity: is out of range; allowed 0 (critical) to 4 (verbose)",
      'alerts/x.yaml: windowSize: "P3D" is out of range; allowed PT1M to P2D (the longest time range a log alert can query)',
      'alerts/x.yaml: measure: is not allowed; allowed "rows" or {column, aggregation}',
      'alerts/x.yaml: operator: "Above" is not allowed; allowed GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual, Equal',
      'alerts/x.yaml: (file): unknown field "colour"; allowed name, description, severity, query, kql, parameters, evaluationFrequency, windowSize, measure, dimensions, operator, threshold, failingPeriods, autoMitigate, muteActionsDuration, actionGroups, environments',
    ]);
  });

  it("names the action group that does not exist, the file-name mismatch and a missing or doubled query", () => {
    expect(parse(yamlAlert(`${BASE.replace("[security-team]", "[soc-team]")}\nkql: MCPServerLogs_CL`)).problems).toEqual([
      'alerts/x.yaml: actionGroups.0: "soc-team" is not allowed; allowed security-team, oncall',
    ]);
    expect(parse(yamlAlert(`${BASE}\nkql: MCPServerLogs_CL\nquery: mcp-failure-burst`, "y"), "x").problems).toEqual([
      'alerts/x.yaml: name: "y" must equal the file name "x"',
      "alerts/x.yaml: query: give exactly one of query (a queries/ file) or kql (inline)",
    ]);
    expect(parse(yamlAlert(`${BASE}\nquery: mcp-nothing`)).problems).toEqual([
      expect.stringMatching(/^alerts\/x\.yaml: query: "mcp-nothing" is not in queries\/; allowed kv-secret-reads-not-gateway, /),
    ]);
  });

  it("needs a written reason to turn a rule off in an environment", () => {
    expect(parse(yamlAlert(`kql: MCPServerLogs_CL\n${BASE}\nenvironments:\n  dev:\n    enabled: false`)).problems).toEqual([
      "alerts/x.yaml: environments.dev.reason: enabled: false needs a reason (it becomes the rule's written policy exception)",
    ]);
  });

  it("points a YAML syntax error at its line and column", () => {
    expect(parse(yamlAlert("kql: [MCPServerLogs_CL\n" + BASE)).problems).toEqual(["alerts/x.yaml:5:1: Flow sequence in block collection must be sufficiently indented and end with a ]"]);
  });

  it("fails mcp-guard validate on each broken fixture with its located message", async () => {
    const r = await runCli("validate", "--cwd", path.join(ROOT, "test/fixtures/broken-alerts"));
    expect(r.code).toBe(1);
    expect(r.err.split("\n")).toEqual([
      "error: invalid alert definitions",
      "  alerts/calls-function.yaml: query: calls the MCPServerLogs function; alert queries read MCPServerLogs_CL directly (one-minute rules reject functions that read tables, and editing the function would silently change the alert)",
      "  alerts/count-of-count.yaml: measure: counting rows of a query that ends in a summarize without by always counts 1; drop the summarize and count rows, or name the count (FailedCount = count() by ...) and measure that column with Total",
      "  alerts/dimension-problems.yaml: dimensions[1]: Tool is not a column of the query's result (ServerName:string, Calls:long, Bag:dynamic)",
      "  alerts/dimension-problems.yaml: dimensions[2]: Bag is dynamic; dimensions must be strings or numbers",
      "  alerts/failing-periods-without-time.yaml: failingPeriods: evaluating 3 periods needs a datetime column in the query's result (keep TimeGenerated or bin it)",
      "  alerts/forbidden-operators.yaml:5:3: search is not allowed in a log alert query",
      "  alerts/forbidden-operators.yaml:6:5: take is not allowed in a log alert query",
      "  alerts/forbidden-operators.yaml:7:14: bag_unpack is not supported in log alert queries",
      "  alerts/frequency-over-window.yaml: evaluationFrequency: PT30M is longer than windowSize PT15M; records between windows would never be evaluated",
      "  alerts/frequency-over-window.yaml: evaluationFrequency: PT1H is longer than windowSize PT15M; records between windows would never be evaluated",
      "  alerts/frequency-over-window.yaml: muteActionsDuration: PT10M is shorter than evaluationFrequency PT30M",
      "  alerts/kql-error.yaml:6:11: KS142 The name 'Sever' does not refer to any known column, table, variable or function.",
      "  alerts/measure-not-in-result.yaml: measure.column: FailedCount is not a column of the query's result (ServerName:string, Failures:long)",
      "  alerts/measure-not-numeric.yaml: measure.column: LastUser is string; the measure must be numeric (int, long, real)",
      "  alerts/union-and-reserved.yaml:5:3: union is not allowed in a log alert query",
      "  alerts/union-and-reserved.yaml:6:15: AggregatedValue is reserved in log alerts; name the column something else",
      "",
    ]);
  });

  it("locates an inline query's error at the same line and column when the file's value comes from the YAML cache", () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-alert-cache-"));
    const configured = process.env.MCP_GUARD_CACHE;
    process.env.MCP_GUARD_CACHE = cache;
    try {
      const src = yamlAlert(`kql: |\n  MCPServerLogs_CL\n  | where Sever == "x"\n${BASE}`);
      const lint = (file: string) => {
        const { alert, problems } = parseAlertFile(file, src, catalog);
        if (!alert) throw new Error(problems.join("\n"));
        return lintAlert(alert).map((f) => f.message);
      };
      // Parsed once per label and text: the first writes the value to the cache, the second reads it without the document.
      const fresh = lint("alerts/x.yaml");
      expect(fs.readdirSync(path.join(cache, "yaml")).length).toBeGreaterThan(0);
      expect(fresh).toEqual([expect.stringMatching(/^alerts\/x\.yaml:6:11: KS142 /)]);
      expect(lint("other/x.yaml")).toEqual(fresh.map((m) => m.replace("alerts/", "other/")));
      // A kql field given as an alias has no position of its own in the file: located in the KQL.
      const aliased = definition(`name: x\ndescription: &q "MCPServerLogs_CL | where Sever == 1"\nseverity: 3\nkql: *q\n${BASE}\n`);
      expect(lintAlert(aliased).map((f) => f.message)).toEqual([expect.stringMatching(/^alerts\/x\.yaml: kql:1:26: KS142 /)]);
    } finally {
      if (configured === undefined) delete process.env.MCP_GUARD_CACHE;
      else process.env.MCP_GUARD_CACHE = configured;
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });

  it("warns when ago() reaches further back than the window, without failing", () => {
    const a = definition(yamlAlert(`kql: |\n  MCPServerLogs_CL\n  | where TimeGenerated > ago(24h)\n${BASE}`));
    expect(lintAlert(a)).toEqual([
      { severity: "warning", message: "alerts/x.yaml:6:27: ago(24h) reaches further back than windowSize PT15M; the rule's time range wins, so the query sees less than it says" },
    ]);
  });

  it("refuses muting a stateful rule and rule properties over 64 KB", () => {
    expect(lintAlert(definition(yamlAlert(`kql: MCPServerLogs_CL\n${BASE}\nmuteActionsDuration: PT1H`)))).toEqual([
      { severity: "error", message: "alerts/x.yaml: muteActionsDuration: needs autoMitigate: false (Azure rejects muting a stateful rule)" },
    ]);
    const users = Array.from({ length: 4000 }, (_, i) => `"user${i}@contoso.com"`).join(", ");
    expect(lintAlert(definition(yamlAlert(`kql: 'MCPServerLogs_CL | where User in (${users})'\n${BASE}`)))).toEqual([
      { severity: "error", message: expect.stringMatching(/^alerts\/x\.yaml: query: the rule's properties are \d{5,} bytes; Azure allows 65536$/) },
    ]);
  });

  it("still lints a rule over AZKVAuditLogs offline, though Azure skips its validation", () => {
    const kql = "kql: |\n  AZKVAuditLogs\n  | where OperationNam == \"SecretGet\"\n  | project TimeGenerated, CallerIpAddress";
    const findings = lintAlert(definition(yamlAlert(`${kql}\n${BASE}`)));
    expect(findings.filter((f) => f.severity === "error").map((f) => f.message).join("\n")).toMatch(/OperationNam/);
  });

  it("reads ISO 8601 durations", () => {
    expect([durationMinutes("PT5M"), durationMinutes("PT1H"), durationMinutes("P1DT12H"), durationMinutes("P2D"), durationMinutes("5m"), durationMinutes("PT")]).toEqual([5, 60, 2160, 2880, undefined, undefined]);
  });
});

describe("alerts as McpAlerts takes them (AlertRuleArgs, portable to every Pulumi language)", () => {
  const { alerts } = loadCheckedAlerts(path.join(ROOT, "alerts"), catalog);

  it("carry every shipped alert as plain data, and convert back to the same definition (less its locating function)", () => {
    for (const a of alerts) {
      const args = alertRuleArgs(a);
      expect(JSON.parse(JSON.stringify(args))).toEqual(args);
      const { locate: _locate, ...definition } = a;
      expect(alertDefinition(args)).toEqual(definition);
    }
    expect(alerts.some((a) => a.measure !== "rows") && alerts.some((a) => a.measure === "rows")).toBe(true);
  });

  it("count rows when no measure is given, and locate an inline query's errors in the KQL itself", () => {
    const inline = definition(yamlAlert(`${BASE}\nkql: MCPServerLogs_CL | where NoSuchColumn > 1`));
    const args = alertRuleArgs(inline);
    expect(args.measure).toBeUndefined();
    expect(lintAlert(alertDefinition(args)).map((f) => f.message)[0]).toMatch(/^alerts\/x\.yaml: kql:1:\d+: /);
  });
});

describe("McpAlerts in the shipped stacks", () => {
  const plans: Record<string, Plan> = {};
  const rule = (stack: string, name: string) => {
    const r = ofType(plans[stack], RULE).find((x) => x.inputs.ruleName === name);
    if (!r) throw new Error(`no rule ${name} in ${stack}`);
    return r;
  };
  const criteria = (stack: string, name: string) => (rule(stack, name).inputs.criteria as { allOf: Record<string, unknown>[] }).allOf[0];
  beforeAll(async () => {
    for (const stack of ["dev", "staging", "prod"]) plans[stack] = await planStack(stack);
  });

  it("implements the guide's failure alert so it measures failures: FailedCount, Total, > 10 in 15 min every 5 min, severity 2, per ServerName", () => {
    const r = rule("prod", "alert-mcp-high-failure-rate").inputs;
    expect(r).toEqual(expect.objectContaining({ severity: 2, evaluationFrequency: "PT5M", windowSize: "PT15M", enabled: true }));
    expect(criteria("prod", "alert-mcp-high-failure-rate")).toEqual({
      criterionType: "StaticThresholdCriterion",
      // The saved query mcp-failure-burst, the one definition of a failed call (Failure or ToolError).
      query: 'MCPServerLogs_CL\n| where ResultType in ("Failure", "ToolError")\n| summarize FailedCount = count(), Users = dcount(User), SampleError = take_any(ErrorMessage) by ServerName = tolower(ServerName)\n| where FailedCount > 10\n| order by FailedCount desc',
      timeAggregation: "Total",
      metricMeasureColumn: "FailedCount",
      dimensions: [{ name: "ServerName", operator: "Include", values: ["*"] }],
      operator: "GreaterThan",
      threshold: 10,
      failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
    });
  });

  it("every rule: LogAlert on the audit workspace only, its own identity, stateful, query validation on except over Azure-owned tables, the table not the function", () => {
    const rules = ofType(plans.prod, RULE);
    expect(rules).toHaveLength(10);
    for (const r of rules) {
      expect(r.inputs).toEqual(expect.objectContaining({
        kind: "LogAlert",
        scopes: [expect.stringMatching(/\/workspaces\/law-cursor-audit-prod$/)],
        autoMitigate: true,
        // AZKVAuditLogs exists only after the vault's first audit records arrive, so Azure cannot validate against it at creation.
        skipQueryValidation: r.inputs.ruleName === "alert-kv-secret-read-not-gateway",
        location: "westeurope",
      }));
      expect(String((r.inputs.criteria as { allOf: { query: string }[] }).allOf[0].query)).toMatch(/\b(MCPServerLogs_CL|AZKVAuditLogs)\b/);
      expect(String((r.inputs.criteria as { allOf: { query: string }[] }).allOf[0].query)).not.toMatch(/\bMCPServerLogs\b(?!_CL)/);
      expect(String(r.inputs.description).length).toBeGreaterThan(60);
    }
  });

  it("runs every rule as one user-assigned identity with one Log Analytics Reader grant on the workspace, made before any rule", () => {
    const rules = ofType(plans.prod, RULE);
    const identities = ofType(plans.prod, "azure-native:managedidentity:UserAssignedIdentity").filter((i) => i.inputs.resourceName === "id-cursor-mcp-alerts-prod");
    expect(identities).toHaveLength(1);
    const readers = ofType(plans.prod, "azure-native:authorization:RoleAssignment").filter((r) => String(r.inputs.roleDefinitionId).endsWith(LOG_ANALYTICS_READER));
    expect(readers).toHaveLength(1);
    expect(readers[0].inputs).toEqual(expect.objectContaining({ scope: expect.stringMatching(/\/workspaces\/law-cursor-audit-prod$/), principalType: "ServicePrincipal", principalId: expect.stringMatching(/^[0-9a-f-]{36}$/) }));
    expect(readers[0].dependencies).toContain(identities[0].urn);
    for (const r of rules) {
      expect(r.inputs.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: [expect.stringMatching(/\/userAssignedIdentities\/id-cursor-mcp-alerts-prod$/)] });
      expect(r.dependencies).toContain(readers[0].urn);
    }
  });

  it("pages the security team, and in prod the on-call group for severity 0-1", () => {
    const groups = (stack: string, name: string) => (rule(stack, name).inputs.actions as { actionGroups: string[] }).actionGroups.map((g) => g.split("/").pop());
    expect(groups("prod", "alert-mcp-high-failure-rate")).toEqual(["ag-cursor-security-team-prod"]);
    expect(groups("prod", "alert-kv-secret-read-not-gateway")).toEqual(["ag-cursor-oncall-prod", "ag-cursor-security-team-prod"]);
    expect(groups("staging", "alert-kv-secret-read-not-gateway")).toEqual(["ag-cursor-security-team-staging"]);
  });

  it("applies per-environment overrides: dev's higher failure threshold and rules it keeps off", () => {
    expect(criteria("dev", "alert-mcp-high-failure-rate").threshold).toBe(50);
    for (const name of ["alert-mcp-user-anomaly", "alert-kv-secret-read-not-gateway", "alert-mcp-silent-server"]) {
      expect(rule("dev", name).inputs.enabled).toBe(false);
      expect(rule("prod", name).inputs.enabled).toBe(true);
    }
  });

  it("renders the servers servers/ approves for prod into the unapproved-server rule as a parameter", () => {
    expect(String(criteria("prod", "alert-mcp-unapproved-server").query).split("\n")[0]).toBe('let approvedServers = dynamic(["azure-devops", "github"]);');
    expect(criteria("prod", "alert-mcp-unapproved-server")).toEqual(expect.objectContaining({ timeAggregation: "Count", operator: "GreaterThan", threshold: 0 }));
    expect(criteria("prod", "alert-mcp-unapproved-server").metricMeasureColumn).toBeUndefined();
  });
});

describe("alert receivers from config", () => {
  const webhook = { name: "soc-intake", serviceUri: "https://soc-intake.contoso.com/alerts", objectId: "6c1f3a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b", identifierUri: "api://soc-intake" };
  const logicApp = { name: "ticketing", resourceId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-soc/providers/Microsoft.Logic/workflows/la-ticketing" };

  it("adds Entra-secured webhooks and Logic Apps whose callback URL stays secret", async () => {
    const plan = await planMap({
      ...stackMap("staging"),
      "mcp-guard:alertWebhooks": [webhook],
      "mcp-guard:alertLogicApps": [logicApp],
      "mcp-guard:alertLogicAppCallbackUrls": { ticketing: secure() },
    }, "staging");
    const group = ofType(plan, "azure-native:monitor:ActionGroup")[0].inputs;
    expect(group.webhookReceivers).toEqual([{ ...webhook, useAadAuth: true, tenantId: "00000000-0000-0000-0000-000000000001", useCommonAlertSchema: true }]);
    const la = (group.logicAppReceivers as Record<string, unknown>[])[0];
    expect(la).toEqual(expect.objectContaining({ name: "ticketing", resourceId: logicApp.resourceId, useCommonAlertSchema: true }));
    expect(isSecret(la.callbackUrl)).toBe(true);
  });

  it("refuses plain-HTTP, credential-bearing and private webhooks, and a Logic App without its callback URL", () => {
    expect(problemsOf({
      ...stackMap("dev"),
      "mcp-guard:alertWebhooks": [
        { ...webhook, serviceUri: "http://soc-intake.contoso.com/alerts" },
        { ...webhook, serviceUri: "https://user:hunter2@soc-intake.contoso.com/alerts" },
        { ...webhook, serviceUri: "https://10.1.2.3/alerts" },
      ],
      "mcp-guard:alertLogicApps": [logicApp],
    })).toEqual([
      'mcp-guard:alertWebhooks[0].serviceUri: "http://soc-intake.contoso.com/alerts" is not HTTPS',
      "mcp-guard:alertWebhooks[1].serviceUri: the URI carries credentials (user info or a query string); use an Entra-secured webhook and keep secrets out of URIs (value not shown)",
      'mcp-guard:alertWebhooks[2].serviceUri: "10.1.2.3" is in 10.0.0.0/8 (private), not a public host; action groups call webhooks from Azure Monitor\'s public service',
    ]);
    expect(problemsOf({ ...stackMap("dev"), "mcp-guard:alertLogicApps": [logicApp] })).toEqual([
      "mcp-guard:alertLogicApps[0]: \"ticketing\" has no callback URL; set it with pulumi config set --secret --path 'alertLogicAppCallbackUrls.ticketing' <url>",
    ]);
  });
});
