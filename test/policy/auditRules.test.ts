import { ALL_RULES } from "../../src/policy/rules";
import { blocking, evaluate } from "../../src/policy/runner";
import { ResourceUnderCheck } from "../../src/policy/types";
import { PreviewDigest, UNKNOWN } from "../../src/plan/digest";
import { Plan } from "../../src/plan/offlinePlan";
import { clone, ofType, one, planStack, ruleById } from "../helpers";

const rule = ruleById;

type Edit = (inputs: Record<string, unknown>) => void;
type Bag = Record<string, unknown>;

describe("audit log rules", () => {
  let prod: Plan;
  let staging: Plan;
  const base: Record<string, ResourceUnderCheck> = {};
  beforeAll(async () => {
    prod = await planStack("prod");
    staging = await planStack("staging");
    const as = (plan: Plan, type: string, pick = 0): ResourceUnderCheck => {
      const s = ofType(plan, type)[pick];
      return { type: s.type, name: "x", urn: s.urn, inputs: s.inputs };
    };
    base.workspace = as(prod, "azure-native:operationalinsights:Workspace");
    base.table = as(prod, "azure-native:operationalinsights:Table");
    base.search = as(prod, "azure-native:operationalinsights:SavedSearch");
    base.dce = as(prod, "azure-native:monitor:DataCollectionEndpoint");
    base.dcr = as(prod, "azure-native:monitor:DataCollectionRule");
    base.ampls = as(prod, "azure-native:monitor:PrivateLinkScope");
    base.diag = as(prod, "azure-native:monitor:DiagnosticSetting");
    const dcrRole = ofType(staging, "azure-native:authorization:RoleAssignment").findIndex((r) => String(r.inputs.scope).includes("/dataCollectionRules/"));
    base.dcrRole = as(staging, "azure-native:authorization:RoleAssignment", dcrRole);
  });

  const weaken = (r: ResourceUnderCheck, edit: Edit): ResourceUnderCheck => {
    const inputs = clone(r.inputs);
    edit(inputs);
    return { ...r, inputs };
  };
  const columns = (i: Bag) => (i.schema as { columns: Bag[] }).columns;
  const flow = (i: Bag) => (i.dataFlows as Bag[])[0];

  const cases: [string, string, Edit, string[]][] = [
    ["LAW-01", "workspace", (i) => ((i.features as Bag).disableLocalAuth = false), ["features.disableLocalAuth is false; set it to true so only Entra-authenticated callers can send or read audit records"]],
    ["LAW-02", "workspace", (i) => (i.publicNetworkAccessForIngestion = "Enabled"), ['publicNetworkAccessForIngestion is "Enabled"; set it to "Disabled" and ingest through a private link scope (the workspace ignores the scope\'s access modes for ingestion)']],
    ["LAW-03", "workspace", (i) => delete i.publicNetworkAccessForQuery, ["publicNetworkAccessForQuery is unset; set it to \"Disabled\" and query through the private link scope"]],
    ["LAW-06", "workspace", (i) => delete (i.features as Bag).enableLogAccessUsingOnlyResourcePermissions, ["features.enableLogAccessUsingOnlyResourcePermissions is unset; set it explicitly (false: custom _CL tables have no _ResourceId, so readers need workspace or table roles)"]],
    ["LAW-09", "workspace", (i) => (i.sku = { name: "Standalone" }), ['sku.name is "Standalone"; set it to "PerGB2018" (legacy tiers lack the table plans and features the audit table needs)']],
    ["LAW-11", "workspace", (i) => (i.workspaceName = "law_bad"), ['workspaceName: "law_bad" is not a valid name; allowed letters, digits and hyphens, starting and ending with a letter or digit']],
    ["TBL-01", "table", (i) => (i.tableName = "MCPServerLogs"), ['tableName is "MCPServerLogs"; a custom table\'s name must end in _CL', 'schema.name is "MCPServerLogs_CL"; it must equal tableName "MCPServerLogs"']],
    ["TBL-02", "table", (i) => (columns(i)[0].type = "string"), ['schema.columns has no {name: "TimeGenerated", type: "dateTime"}; every table needs it, and alerts window on it']],
    ["TBL-03", "table", (i) => (columns(i)[6].name = "TenantId"), ['schema.columns[6].name: "TenantId" is reserved by Log Analytics']],
    ["TBL-04", "table", (i) => (columns(i)[1].type = "text"), ['schema.columns[1].type is "text"; allowed string, int, long, real, boolean, dateTime, guid, dynamic']],
    ["TBL-05", "table", (i) => (i.plan = "Basic"), ['plan is "Basic"; set it to "Analytics" (Basic tables support only preview simple alerts, Auxiliary none, and Auxiliary is fixed at creation)']],
    ["TBL-06", "table", (i) => (i.totalRetentionInDays = -1), ["totalRetentionInDays is -1; set a number of days so the audit evidence's lifetime is explicit (-1 inherits silently)"]],
    ["SS-01", "search", (i) => (i.query = "AppTraces | where 1 == 1"), ['query starts from "AppTraces"; the MCPServerLogs function must read MCPServerLogs_CL']],
    ["SS-02", "search", (i) => (i.category = " "), ["category is empty; saved searches need a category, a display name and a query"]],
    ["SS-03", "search", (i) => (i.functionAlias = "_MCPServerLogs"), ['functionAlias "_MCPServerLogs" is not allowed; allowed a letter, then letters, digits and underscores (names starting with _ are reserved for solutions)']],
    ["SS-07", "search", (i) => delete i.version, ["version is unset; set it to 2"]],
    ["DCE-02", "dce", (i) => (i.networkAcls = { publicNetworkAccess: "Enabled" }), ['networkAcls.publicNetworkAccess is "Enabled"; set it to "Disabled" and reach the endpoint through the private link scope']],
    ["DCR-02", "dcr", (i) => delete i.dataCollectionEndpointId, ["dataCollectionEndpointId is unset; pin the rule to the endpoint the private link scope holds, so records cannot arrive another way"]],
    ["DCR-03", "dcr", (i) => (flow(i).outputStream = "Custom-MCPServerLogs"), ['dataFlows[0].outputStream is "Custom-MCPServerLogs"; a custom stream must flow to Custom-<table>_CL']],
    ["DCR-04", "dcr", (i) => (flow(i).transformKql = "source"), ['dataFlows[0].transformKql is "source"; transform the stream so credentials never reach the table (see src/schema/redaction.ts)']],
    ["DCR-05", "dcrRole", (i) => (i.roleDefinitionId = "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c"), [
      'roleDefinitionId "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c" on a data collection rule; grant only Monitoring Metrics Publisher, to the identity that sends audit records',
    ]],
    ["DCR-07", "dcr", (i) => ((i.destinations as Bag).azureMonitorMetrics = { name: "metrics" }), ["destinations has 1 Log Analytics workspace(s) and azureMonitorMetrics; send MCP audit records to the one audit workspace only"]],
    ["AMPLS-01", "ampls", (i) => ((i.accessModeSettings as Bag).ingestionAccessMode = "Open"), ['accessModeSettings.ingestionAccessMode is "Open"; set it to "PrivateOnly"']],
    ["AMPLS-02", "ampls", (i) => ((i.accessModeSettings as Bag).queryAccessMode = "Open"), ['accessModeSettings.queryAccessMode is "Open"; set it to "PrivateOnly" once every workspace the network queries is in the scope']],
    ["AMPLS-06", "ampls", (i) => (i.location = "westeurope"), ['location is "westeurope"; set it to "global"']],
    ["DIAG-07", "diag", (i) => delete i.workspaceId, ["workspaceId is unset; send resource logs to the audit workspace, where queries and alerts can see them"]],
    ["DIAG-08", "diag", (i) => ((i.logs as Bag[])[0].retentionPolicy = { enabled: true, days: 30 }), ["logs[0].retentionPolicy is set; remove it (deprecated) and keep retention on the workspace and table"]],
  ];

  it.each(cases)("%s passes the shipped %s and fails a weakened one with its message", (id, which, edit, messages) => {
    expect(rule(id).check(base[which])).toEqual([]);
    expect(rule(id).check(weaken(base[which], edit))).toEqual(messages);
  });

  it("DCR-04 checks the transform's KQL against the DCR subset and asks for ErrorMessage redaction", () => {
    const summarize = weaken(base.dcr, (i) => (flow(i).transformKql = "source | summarize count() by ServerName"));
    expect(rule("DCR-04").check(summarize)).toEqual([
      "dataFlows[0].transformKql:1:10: operator summarize is not supported in DCR transformations; allowed extend, project, print, where, parse, project-away, project-rename, datatable",
      "dataFlows[0].transformKql:1:20: function count() is not supported in DCR transformations",
      "dataFlows[0].transformKql: the output has no TimeGenerated datetime column",
      "dataFlows[0].transformKql stores ErrorMessage as sent; redact credential-shaped strings from it before storage",
    ]);
    const passthrough = weaken(base.dcr, (i) => (flow(i).transformKql = "source | where ResultType != 'Success'"));
    expect(rule("DCR-04").check(passthrough)).toEqual(["dataFlows[0].transformKql stores ErrorMessage as sent; redact credential-shaped strings from it before storage"]);
  });

  it("DCR-05 ignores role assignments on anything but a DCR", () => {
    expect(rule("DCR-05").check(weaken(base.dcrRole, (i) => ((i.scope = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"), (i.roleDefinitionId = "x"))))).toEqual([]);
  });

  it("tolerates values that are unknown until deployment", () => {
    const unknown = (r: ResourceUnderCheck, keys: string[]) => weaken(r, (i) => keys.forEach((k) => (i[k] = UNKNOWN)));
    for (const id of ["LAW-01", "LAW-02", "LAW-09"]) expect(rule(id).check(unknown(base.workspace, ["features", "publicNetworkAccessForIngestion", "sku"]))).toEqual([]);
    for (const id of ["TBL-01", "TBL-02", "TBL-03", "TBL-04"]) expect(rule(id).check(unknown(base.table, ["schema"]))).toEqual([]);
    for (const id of ["DCR-02", "DCR-03", "DCR-04", "DCR-07"]) expect(rule(id).check(unknown(base.dcr, ["dataCollectionEndpointId", "dataFlows", "destinations"]))).toEqual([]);
    expect(rule("DIAG-07").check(unknown(base.diag, ["workspaceId"]))).toEqual([]);
  });

  it("the shipped stacks break no mandatory rule; dev and staging list their public Azure Monitor access as written exceptions", async () => {
    expect(blocking(prod.violations)).toEqual([]);
    expect(prod.violations).toEqual([]);
    const excepted = staging.violations.map((v) => [v.ruleId, v.exception?.slice(0, 40)]);
    expect(excepted).toEqual([
      ["DCE-02", "staging: no Azure Monitor private link i"],
      ["LAW-02", "staging: no Azure Monitor private link i"],
      ["LAW-03", "staging: no Azure Monitor private link i"],
    ]);
    expect(blocking(staging.violations)).toEqual([]);
  });

  it("an exception needs its tag on the resource itself: without it, the violation blocks the plan", () => {
    const ws = one(prod, "azure-native:operationalinsights:Workspace");
    const open = { ...ws, inputs: { ...ws.inputs, publicNetworkAccessForIngestion: "Enabled" } as Record<string, unknown> };
    const digest: PreviewDigest = { steps: [{ op: "create", urn: ws.urn, newState: open }], changeSummary: { create: 1 } };
    expect(blocking(evaluate(digest, ALL_RULES, [])).map((v) => v.ruleId)).toEqual(["LAW-02"]);
    const excepted = { ...open, inputs: { ...open.inputs, tags: { ...(open.inputs.tags as Record<string, unknown>), "mcp-guard-exception-LAW-02": "lab workspace, no private network yet" } } };
    const withReason = evaluate({ ...digest, steps: [{ op: "create", urn: ws.urn, newState: excepted }] }, ALL_RULES, []);
    expect(withReason).toEqual([expect.objectContaining({ ruleId: "LAW-02", exception: "lab workspace, no private network yet" })]);
    expect(blocking(withReason)).toEqual([]);
  });
});

