import * as path from "node:path";
import { Plan, runPlan } from "../src/plan/offlinePlan";
import { ingestionTransformKql } from "../src/schema/redaction";
import { ofType, one, planMap, planStack, problemsOf, ROOT, stackMap } from "./helpers";

const WORKSPACE = "azure-native:operationalinsights:Workspace";
const TABLE = "azure-native:operationalinsights:Table";
const DCE = "azure-native:monitor:DataCollectionEndpoint";
const DCR = "azure-native:monitor:DataCollectionRule";
const AMPLS = "azure-native:monitor:PrivateLinkScope";
const SCOPED = "azure-native:monitor:PrivateLinkScopedResource";
const DIAG = "azure-native:monitor:DiagnosticSetting";
const ROLE = "azure-native:authorization:RoleAssignment";
const MMP = "3913510d-42f4-4e42-8a64-420c390055eb";

describe("McpAuditLogs in the shipped stacks", () => {
  const plans: Record<string, Plan> = {};
  beforeAll(async () => {
    for (const stack of ["dev", "staging", "prod"]) plans[stack] = await planStack(stack);
  });

  it.each([
    ["dev", 30, 30, 1],
    ["staging", 90, 365, 5],
    ["prod", 365, 730, -1],
  ])("%s: PerGB2018, Entra-only, retention %i days (table total %i), daily cap %i GB (-1: none)", (stack, retention, total, cap) => {
    const ws = one(plans[stack], WORKSPACE).inputs;
    expect(ws).toEqual(expect.objectContaining({
      workspaceName: `law-cursor-audit-${stack}`,
      sku: { name: "PerGB2018" },
      retentionInDays: retention,
      workspaceCapping: { dailyQuotaGb: cap },
      features: { disableLocalAuth: true, enableLogAccessUsingOnlyResourcePermissions: false },
    }));
    expect(one(plans[stack], TABLE).inputs).toEqual(expect.objectContaining({ tableName: "MCPServerLogs_CL", plan: "Analytics", retentionInDays: retention, totalRetentionInDays: total }));
  });

  it("prod: no public ingestion or query anywhere, behind a PrivateOnly private link scope holding the workspace and the DCE", () => {
    const ws = one(plans.prod, WORKSPACE);
    expect(ws.inputs).toEqual(expect.objectContaining({ publicNetworkAccessForIngestion: "Disabled", publicNetworkAccessForQuery: "Disabled" }));
    expect(one(plans.prod, DCE).inputs.networkAcls).toEqual({ publicNetworkAccess: "Disabled" });
    expect(one(plans.prod, AMPLS).inputs).toEqual(expect.objectContaining({ scopeName: "ampls-cursor-prod", location: "global", accessModeSettings: { ingestionAccessMode: "PrivateOnly", queryAccessMode: "PrivateOnly" } }));
    expect(ofType(plans.prod, SCOPED).map((s) => s.inputs.linkedResourceId).sort()).toEqual([
      expect.stringMatching(/\/dataCollectionEndpoints\/dce-cursor-audit-prod$/),
      expect.stringMatching(/\/workspaces\/law-cursor-audit-prod$/),
    ]);
  });

  it.each(["dev", "staging"])("%s: public Azure Monitor access, with the written exception on each resource", (stack) => {
    const ws = one(plans[stack], WORKSPACE).inputs;
    expect(ws).toEqual(expect.objectContaining({ publicNetworkAccessForIngestion: "Enabled", publicNetworkAccessForQuery: "Enabled" }));
    expect(ws.tags).toEqual(expect.objectContaining({ "mcp-guard-exception-LAW-02": expect.stringMatching(new RegExp(`^${stack}: no Azure Monitor private link`)) }));
    expect(one(plans[stack], DCE).inputs.tags).toEqual(expect.objectContaining({ "mcp-guard-exception-DCE-02": expect.any(String) }));
    expect(ofType(plans[stack], AMPLS)).toEqual([]);
    expect(plans[stack].violations.filter((v) => v.exception === undefined)).toEqual([]);
    expect(plans[stack].violations.map((v) => v.ruleId).filter((id) => !id.startsWith("SQR")).sort()).toEqual(["DCE-02", "LAW-02", "LAW-03"]);
  });

  it("prod: protects the workspace and the table and locks the workspace; dev does neither", () => {
    expect(one(plans.prod, WORKSPACE).protect).toBe(true);
    expect(one(plans.prod, TABLE).protect).toBe(true);
    expect(ofType(plans.prod, "azure-native:authorization:ManagementLockByScope").map((l) => l.inputs.scope)).toContainEqual(expect.stringMatching(/\/workspaces\/law-cursor-audit-prod$/));
    expect(one(plans.dev, WORKSPACE).protect).toBe(false);
  });

  it("declares the MCPServerLogs function over the table, after the table exists", () => {
    const fn = one(plans.prod, "azure-native:operationalinsights:SavedSearch");
    expect(fn.inputs).toEqual(expect.objectContaining({ functionAlias: "MCPServerLogs", query: "MCPServerLogs_CL", category: "MCP audit", version: 2 }));
    expect(fn.dependencies).toContain(one(plans.prod, TABLE).urn);
  });

  it("routes the stream through the DCE, the redacting transform and one flow to the workspace", () => {
    const dcr = one(plans.prod, DCR);
    expect(dcr.inputs).toEqual(expect.objectContaining({
      dataCollectionRuleName: "dcr-cursor-mcp-audit-prod",
      location: "westeurope",
      dataCollectionEndpointId: expect.stringMatching(/\/dataCollectionEndpoints\/dce-cursor-audit-prod$/),
      destinations: { logAnalytics: [{ name: "audit-workspace", workspaceResourceId: expect.stringMatching(/\/workspaces\/law-cursor-audit-prod$/) }] },
      dataFlows: [{ streams: ["Custom-MCPServerLogs_CL"], destinations: ["audit-workspace"], outputStream: "Custom-MCPServerLogs_CL", transformKql: ingestionTransformKql() }],
    }));
    expect(dcr.dependencies).toContain(one(plans.prod, TABLE).urn);
    expect(one(plans.prod, DCE).inputs.location).toBe("westeurope");
  });

  it("audits who queries the workspace and collects the DCR's error logs, into the workspace", () => {
    const settings = ofType(plans.prod, DIAG).filter((d) => /\/(workspaces|dataCollectionRules)\//.test(String(d.inputs.resourceUri)));
    expect(settings.map((d) => [String(d.inputs.resourceUri).split("/").slice(-2).join("/"), d.inputs.logs])).toEqual([
      ["dataCollectionRules/dcr-cursor-mcp-audit-prod", [{ categoryGroup: "allLogs", enabled: true }]],
      ["workspaces/law-cursor-audit-prod", [{ categoryGroup: "audit", enabled: true }]],
    ]);
    for (const d of settings) expect(d.inputs.workspaceId).toMatch(/\/workspaces\/law-cursor-audit-prod$/);
  });

  it("sends the vault's audit log to the audit workspace", () => {
    const vaultDiag = ofType(plans.prod, DIAG).find((d) => String(d.inputs.resourceUri).includes("/vaults/"));
    expect(vaultDiag?.inputs.workspaceId).toMatch(/\/workspaces\/law-cursor-audit-prod$/);
  });

  it("staging: grants its external sender and the gateway Monitoring Metrics Publisher on the DCR, and nothing else", () => {
    const grants = ofType(plans.staging, ROLE).filter((r) => String(r.inputs.scope).includes("/dataCollectionRules/"));
    expect(grants).toHaveLength(2);
    for (const g of grants) expect(g.inputs.roleDefinitionId).toMatch(new RegExp(`${MMP}$`));
    expect(grants.map((g) => g.inputs.principalId)).toEqual(expect.arrayContaining(["5d1e7a93-2c4b-4f86-b0e3-9a7c6d2f1e48", plans.staging.outputs.gatewayPrincipalId]));
  });

  it("exports what a gateway needs to send records", () => {
    expect(plans.prod.outputs).toEqual(expect.objectContaining({
      auditTableName: "MCPServerLogs_CL",
      auditStreamName: "Custom-MCPServerLogs_CL",
      auditWorkspaceId: expect.stringMatching(/\/workspaces\/law-cursor-audit-prod$/),
      auditWorkspaceCustomerId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      logsIngestionEndpoint: expect.stringMatching(/^https:\/\/dce-cursor-audit-prod-[0-9a-f]{4}\.westeurope-1\.ingest\.monitor\.azure\.com$/),
      dataCollectionRuleImmutableId: expect.stringMatching(/^dcr-[0-9a-f]{32}$/),
    }));
  });
});

describe("audit log config", () => {
  it("lets a stack cap prod's ingestion and lengthen retention", async () => {
    const plan = await planMap({ ...stackMap("prod"), "mcp-guard:logDailyQuotaGb": 20, "mcp-guard:logRetentionDays": 400, "mcp-guard:auditLogTotalRetentionDays": 2555 }, "prod");
    expect(one(plan, WORKSPACE).inputs).toEqual(expect.objectContaining({ workspaceCapping: { dailyQuotaGb: 20 }, retentionInDays: 400 }));
    expect(one(plan, TABLE).inputs.totalRetentionInDays).toBe(2555);
  });

  it("refuses total retention below interactive retention, bad caps and bad sender ids, naming each key", () => {
    expect(problemsOf({ ...stackMap("dev"), "mcp-guard:logRetentionDays": 90 })).toEqual([
      "mcp-guard:auditLogTotalRetentionDays: 30 is less than logRetentionDays (90); allowed 90 to 4383",
    ]);
    expect(problemsOf({ ...stackMap("dev"), "mcp-guard:logDailyQuotaGb": 0, "mcp-guard:logRetentionDays": 7, "mcp-guard:auditLogSenderPrincipalIds": ["gateway"] })).toEqual([
      "mcp-guard:logRetentionDays: 7 is out of range; allowed 30 to 730",
      "mcp-guard:logDailyQuotaGb: 0 is not allowed; allowed a positive number of GB, or -1 for none",
      'mcp-guard:auditLogSenderPrincipalIds[0]: "gateway" is not a GUID; allowed the form 00000000-0000-0000-0000-000000000000',
    ]);
  });
});

describe("McpAuditLogs reused by another stack", () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await runPlan({ projectDir: path.join(ROOT, "test/fixtures/audit-reuse"), stack: "test" });
  });

  it("is private by default, with the scope's private endpoint in all five Azure Monitor zones", () => {
    expect(one(plan, WORKSPACE).inputs.publicNetworkAccessForIngestion).toBe("Disabled");
    expect(one(plan, "azure-native:network:PrivateEndpoint").inputs.privateLinkServiceConnections).toEqual([expect.objectContaining({ groupIds: ["azuremonitor"] })]);
    expect((one(plan, "azure-native:network:PrivateDnsZoneGroup").inputs.privateDnsZoneConfigs as unknown[]).length).toBe(5);
  });

  it("grants the gateway ingestion through grantIngestion and sends diagnostics to a central workspace", () => {
    const grant = ofType(plan, ROLE).find((r) => String(r.inputs.scope).includes("/dataCollectionRules/"));
    expect(grant?.inputs.roleDefinitionId).toMatch(new RegExp(`${MMP}$`));
    for (const d of ofType(plan, DIAG)) expect(d.inputs.workspaceId).toMatch(/\/workspaces\/law-soc-central$/);
  });

  it("passes every rule", () => {
    expect(plan.violations).toEqual([]);
  });
});
