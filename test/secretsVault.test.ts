import { Plan } from "../src/plan/offlinePlan";
import { isSecret } from "../src/plan/digest";
import * as path from "node:path";
import { runPlan } from "../src/plan/offlinePlan";
import { ofType, one, planMap, planStack, ROOT, secure, stackMap } from "./helpers";

const VAULT = "azure-native:keyvault:Vault";
const SECRET = "azure-native:keyvault:Secret";
const ROLE = "azure-native:authorization:RoleAssignment";

describe("McpSecretsVault in the shipped stacks", () => {
  const plans: Record<string, Plan> = {};
  beforeAll(async () => {
    for (const stack of ["dev", "staging", "prod"]) plans[stack] = await planStack(stack);
  });

  it.each([["dev", 7], ["staging", 7], ["prod", 90]])("%s: RBAC only, soft delete %d days, purge protection, no platform access", (stack, days) => {
    const p = one(plans[stack], VAULT).inputs.properties as Record<string, unknown>;
    expect(p).toEqual(expect.objectContaining({
      enableRbacAuthorization: true, enableSoftDelete: true, softDeleteRetentionInDays: days, enablePurgeProtection: true,
      enabledForDeployment: false, enabledForTemplateDeployment: false, enabledForDiskEncryption: false, sku: { family: "A", name: "standard" },
    }));
    expect(p.accessPolicies).toBeUndefined();
  });

  it("destroy and redeploy: dev and staging free the vault name in 7 days; a new name generation redeploys at once", async () => {
    // prod refuses destroy outright: the vault, workspace and resource group are protected.
    expect(one(plans.prod, VAULT).protect).toBe(true);
    for (const stack of ["dev", "staging"]) expect(one(plans[stack], VAULT).protect).toBe(false);
    const name = (p: Plan) => String(one(p, VAULT).inputs.vaultName);
    const again = await planMap({ ...stackMap("dev"), "mcp-guard:keyVaultNameGeneration": 2 }, "dev");
    expect(name(again)).toMatch(/^kv-cursor-secrets-d[0-9a-f]{4}$/);
    expect(name(again)).not.toBe(name(plans.dev));
    expect(name(await planMap({ ...stackMap("dev"), "mcp-guard:keyVaultNameGeneration": 2 }, "dev"))).toBe(name(again));
    // Only the vault moves: every other name stays.
    expect(one(again, "azure-native:operationalinsights:Workspace").inputs.workspaceName).toBe(one(plans.dev, "azure-native:operationalinsights:Workspace").inputs.workspaceName);
  });

  it.each(["staging", "prod"])("%s: no public network access, firewall deny with no bypass", (stack) => {
    const p = one(plans[stack], VAULT).inputs.properties as Record<string, unknown>;
    expect(p.publicNetworkAccess).toBe("Disabled");
    expect(p.networkAcls).toEqual({ defaultAction: "Deny", bypass: "None", ipRules: [] });
  });

  it("dev: private endpoint only as shipped; lets only configured ranges through a deny-by-default firewall", async () => {
    expect((one(plans.dev, VAULT).inputs.properties as Record<string, unknown>).publicNetworkAccess).toBe("Disabled");
    const opened = await planMap({ ...stackMap("dev"), "mcp-guard:keyVaultAllowedIpRanges": ["52.160.0.0/16"] }, "dev");
    const p = one(opened, VAULT).inputs.properties as Record<string, unknown>;
    expect(p.publicNetworkAccess).toBe("Enabled");
    expect(p.networkAcls).toEqual({ defaultAction: "Deny", bypass: "None", ipRules: [{ value: "52.160.0.0/16" }] });
  });

  it("prod: protects and locks the vault", () => {
    expect(one(plans.prod, VAULT).protect).toBe(true);
    const lock = ofType(plans.prod, "azure-native:authorization:ManagementLockByScope").find((l) => String(l.inputs.scope).includes("/vaults/"));
    expect(lock?.inputs.level).toBe("CanNotDelete");
    expect(ofType(plans.dev, "azure-native:authorization:ManagementLockByScope")).toEqual([]);
    expect(one(plans.dev, VAULT).protect).toBe(false);
  });

  it("manages each catalog secret's content type, owner and rotation tags, and expiry", () => {
    const gh = ofType(plans.prod, SECRET).find((s) => s.inputs.secretName === "github-mcp-token");
    expect(gh?.inputs.properties).toEqual({ contentType: "github-pat", attributes: { enabled: true, expires: 1800403200 } });
    expect(gh?.inputs.tags).toEqual(expect.objectContaining({ owner: "platform-team", "rotation-days": "30" }));
    expect(ofType(plans.prod, SECRET)).toHaveLength(4);
  });

  it("grants the operators group Key Vault Secrets Officer and nobody Key Vault Administrator", () => {
    const roles = ofType(plans.prod, ROLE).filter((r) => String(r.inputs.scope).includes("/vaults/") && r.inputs.principalType === "Group");
    expect(roles).toHaveLength(1);
    expect(ofType(plans.prod, ROLE).filter((r) => String(r.inputs.roleDefinitionId).endsWith("00482a5a-887f-4fb3-b363-3b7fe8e74483"))).toEqual([]);
    expect(roles[0].inputs).toEqual(expect.objectContaining({ principalType: "Group", principalId: "8d4b2e6a-1c3f-4a7e-9b52-0f6e8c2d4a19" }));
    expect(roles[0].inputs.roleDefinitionId).toMatch(/b86a8fe4-44ce-4948-aee5-eccb2c155cd7$/);
  });

  it("sends SecretNearExpiry and SecretExpired to the security action group", () => {
    const sub = one(plans.prod, "azure-native:eventgrid:SystemTopicEventSubscription").inputs;
    expect(sub.filter).toEqual(expect.objectContaining({ includedEventTypes: ["Microsoft.KeyVault.SecretNearExpiry", "Microsoft.KeyVault.SecretExpired"] }));
    const group = ofType(plans.prod, "azure-native:monitor:ActionGroup").find((g) => g.inputs.actionGroupName === "ag-cursor-security-team-prod");
    if (!group) throw new Error("no security team group");
    expect(sub.eventDeliverySchema).toBe("CloudEventSchemaV1_0");
    expect(sub.destination).toEqual(expect.objectContaining({ endpointType: "MonitorAlert", actionGroups: [expect.stringContaining("/actionGroups/ag-cursor-security-team-prod")] }));
    expect(group.inputs).toEqual(expect.objectContaining({ location: "global", enabled: true, groupShortName: "cursorsecp" }));
    expect(one(plans.prod, "azure-native:eventgrid:SystemTopic").inputs).toEqual(expect.objectContaining({ topicType: "Microsoft.KeyVault.vaults" }));
  });

  it("exports each secret's versionless URI for Key Vault references", () => {
    expect(plans.prod.outputs.secretUris).toEqual(expect.objectContaining({ "github-mcp-token": expect.stringMatching(/^https:\/\/kv-cursor-secrets-p[0-9a-f]{4}\.vault\.azure\.net\/secrets\/github-mcp-token$/) }));
  });
});

describe("McpSecretsVault with a configured secret value", () => {
  it("sends the value only as a secret, never in plain text", async () => {
    const plan = await planMap({ ...stackMap("dev"), "mcp-guard:secretValues": { "github-mcp-token": secure() } }, "dev");
    const secret = one(plan, SECRET, (s) => s.inputs.secretName === "github-mcp-token");
    expect(isSecret((secret.inputs.properties as Record<string, unknown>).value)).toBe(true);
    expect(JSON.stringify(plan.digest)).not.toContain("offline-plan-placeholder");
  });

});

describe("McpSecretsVault reused by another stack", () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await runPlan({ projectDir: path.join(ROOT, "test/fixtures/vault-reuse"), stack: "test" });
  });

  it("grants Key Vault Secrets User per catalog secret when secretReadScope is secret", () => {
    const grants = ofType(plan, ROLE).filter((r) => String(r.inputs.roleDefinitionId).endsWith("4633458b-17de-408a-b874-0445c86b69e6"));
    expect(grants.map((g) => g.inputs.scope).sort()).toEqual([expect.stringMatching(/\/secrets\/ado-mcp-token$/), expect.stringMatching(/\/secrets\/github-mcp-token$/)]);
  });

  it("sends the audit category group and all metrics to the given workspace", () => {
    expect(one(plan, "azure-native:monitor:DiagnosticSetting").inputs).toEqual(expect.objectContaining({
      logs: [{ categoryGroup: "audit", enabled: true }],
      metrics: [{ category: "AllMetrics", enabled: true }],
      workspaceId: expect.stringContaining("law-hub"),
    }));
  });

  it("adds a private endpoint to the vault group with its DNS zone group", () => {
    const pe = one(plan, "azure-native:network:PrivateEndpoint").inputs;
    expect(pe.privateLinkServiceConnections).toEqual([expect.objectContaining({ groupIds: ["vault"] })]);
    expect(one(plan, "azure-native:network:PrivateDnsZoneGroup").inputs.privateDnsZoneConfigs).toEqual([
      { name: "vault-0", privateDnsZoneId: expect.stringContaining("privatelink.vaultcore.azure.net") },
    ]);
  });
});
