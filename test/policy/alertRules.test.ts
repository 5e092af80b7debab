import { ResourceUnderCheck } from "../../src/policy/types";
import { UNKNOWN } from "../../src/plan/digest";
import { Plan } from "../../src/plan/offlinePlan";
import { clone, ofType, planMap, planStack, ruleById, stackMap } from "../helpers";

const rule = ruleById;
type Bag = Record<string, unknown>;
const asCheck = (s: { type: string; urn: string; inputs: Bag }): ResourceUnderCheck => ({ type: s.type, name: "x", urn: s.urn, inputs: s.inputs });

describe("action group, alert rule and diagnostic setting rules", () => {
  let prod: Plan;
  const base: Record<string, ResourceUnderCheck> = {};
  beforeAll(async () => {
    prod = await planStack("prod");
    const withWebhook = await planMap({
      ...stackMap("prod"),
      "mcp-guard:alertWebhooks": [{ name: "soc", serviceUri: "https://soc.contoso.com/hook", objectId: "6c1f3a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b", identifierUri: "api://soc" }],
    }, "prod");
    const group = ofType(withWebhook, "azure-native:monitor:ActionGroup").find((g) => g.inputs.actionGroupName === "ag-cursor-security-team-prod");
    if (!group) throw new Error("no group");
    base.group = asCheck(group);
    const rules = ofType(prod, "azure-native:monitor:ScheduledQueryRule");
    const failure = rules.find((r) => r.inputs.ruleName === "alert-mcp-high-failure-rate");
    if (!failure) throw new Error("no failure rule");
    base.rule = asCheck(failure);
    const kv = rules.find((r) => r.inputs.ruleName === "alert-kv-secret-read-not-gateway");
    if (!kv) throw new Error("no Key Vault read rule");
    base.kvRule = asCheck(kv);
    const diag = (pattern: RegExp) => {
      const d = ofType(prod, "azure-native:monitor:DiagnosticSetting").find((x) => pattern.test(String(x.inputs.resourceUri)));
      if (!d) throw new Error(`no diagnostic setting for ${pattern}`);
      return asCheck(d);
    };
    base.vaultDiag = diag(/\/vaults\//);
    base.workspaceDiag = diag(/\/workspaces\//);
    base.dcrDiag = diag(/\/dataCollectionRules\//);
  });

  const weaken = (r: ResourceUnderCheck, edit: (i: Bag) => void): ResourceUnderCheck => {
    const inputs = clone(r.inputs);
    edit(inputs);
    return { ...r, inputs };
  };
  const hook = (i: Bag) => (i.webhookReceivers as Bag[])[0];

  const cases: [string, string, (i: Bag) => void, string[]][] = [
    ["AG-01", "group", (i) => ((i.location = "westeurope"), (i.enabled = false)), ['location is "westeurope"; set it to "global"', "enabled is false; set it to true, or the group pages nobody"]],
    ["AG-02", "group", (i) => (i.groupShortName = "cursor-security"), ['groupShortName is "cursor-security"; use 1 to 12 characters (it prefixes every SMS and email subject)']],
    ["AG-03", "group", (i) => delete (i.emailReceivers as Bag[])[0].useCommonAlertSchema, ["emailReceivers[0].useCommonAlertSchema is not true; set it so every alert arrives in one format"]],
    ["AG-04", "group", (i) => (hook(i).useAadAuth = false), ["webhookReceivers[0].useAadAuth is not true; make it a secure webhook so Azure Monitor presents an Entra token instead of a secret in the URI"]],
    ["AG-05", "group", (i) => (hook(i).serviceUri = "https://soc.contoso.com/hook?code=abc"), ["webhookReceivers[0].serviceUri carries credentials (user info or a query string); use a secure webhook (value not shown)"]],
    ["AG-06", "group", (i) => (hook(i).serviceUri = "http://10.0.0.4/hook"), ['webhookReceivers[0].serviceUri: "http://10.0.0.4/hook" is not HTTPS']],
    ["SQR-01", "rule", (i) => (i.kind = "SimpleLogAlert"), ['kind is "SimpleLogAlert"; set it to "LogAlert"']],
    ["SQR-02", "rule", (i) => delete i.identity, ["identity.type is unset; give the rule a SystemAssigned or UserAssigned identity with Log Analytics Reader on the workspace (without one it runs with the last deployer's permissions)"]],
    ["SQR-03", "rule", (i) => (i.ruleName = "mcp;failures"), ['ruleName "mcp;failures" contains ";"; Azure rejects it on a rule with a managed identity']],
    ["SQR-04", "rule", (i) => (i.evaluationFrequency = "PT1M"), ['evaluationFrequency is "PT1M"; use PT5M or more unless one-minute detection is worth its cost, quota and query restrictions']],
    ["SQR-05", "rule", (i) => (i.windowSize = "PT1M"), ["windowSize PT1M is shorter than evaluationFrequency PT5M; records between windows are never evaluated"]],
    ["SQR-06", "rule", (i) => (i.autoMitigate = false), ["autoMitigate is false; set it to true so a fired alert resolves when the condition clears"]],
    ["SQR-07", "rule", (i) => (i.muteActionsDuration = "PT1M"), ["muteActionsDuration is set on a stateful rule; set autoMitigate to false or remove the mute (Azure rejects the combination)", "muteActionsDuration PT1M is shorter than evaluationFrequency PT5M"]],
    ["SQR-08", "rule", (i) => (i.skipQueryValidation = true), ["skipQueryValidation is true; remove it so Azure checks the query when the rule is saved"]],
    ["SQR-08", "kvRule", (i) => (i.skipQueryValidation = false), ["skipQueryValidation is false; the query reads AZKVAuditLogs, which Azure creates only once data flows, so set it to true (the offline alert lint checks the query)"]],
    ["SQR-09", "rule", (i) => (((i.actions as Bag).actionGroups = []), (i.enabled = false)), ["actions.actionGroups is empty; a rule that pages nobody is not an alert", "enabled is false; set it to true (a rule turned off for an environment needs a written reason)"]],
    ["DIAG-01", "vaultDiag", (i) => (i.logs = [{ category: "AzurePolicyEvaluationDetails", enabled: true }]), ["logs collect no audit events; enable the audit (or allLogs) category group, or the AuditEvent category, so every secret read is recorded"]],
    ["DIAG-04", "workspaceDiag", (i) => (i.logs = [{ categoryGroup: "audit", enabled: false }]), ["logs do not include the audit category group; enable it to record who queried the MCP audit data"]],
    ["DIAG-05", "dcrDiag", (i) => (i.logs = []), ["logs do not include allLogs; enable it so records the rule drops or rejects are visible"]],
  ];

  it.each(cases)("%s passes the shipped %s and fails a weakened one with its message", (id, which, edit, messages) => {
    expect(rule(id).check(base[which])).toEqual([]);
    expect(rule(id).check(weaken(base[which], edit))).toEqual(messages);
  });

  it("DIAG rules leave settings on other resource types alone, and unknown values alone", () => {
    expect(rule("DIAG-01").check(weaken(base.workspaceDiag, (i) => (i.logs = [])))).toEqual([]);
    expect(rule("DIAG-01").check(weaken(base.vaultDiag, (i) => (i.resourceUri = UNKNOWN)))).toEqual([]);
    expect(rule("SQR-05").check(weaken(base.rule, (i) => (i.windowSize = UNKNOWN)))).toEqual([]);
  });

  it("the shipped stacks pass every mandatory rule; dev lists the rules it turns off with their reasons", async () => {
    expect(prod.violations).toEqual([]);
    const dev = await planStack("dev");
    expect(dev.violations.filter((v) => v.ruleId === "SQR-09").map((v) => v.exception)).toEqual([
      "dev: developers read dev secrets directly while building the gateway",
      "dev: a dev workspace has too little history for a per-user baseline",
      "dev: dev servers start and stop all day",
      "dev: a dev workspace has too little history for a baseline",
    ]);
    expect(dev.violations.filter((v) => v.exception === undefined)).toEqual([]);
  });
});
