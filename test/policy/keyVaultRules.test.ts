import { ALL_RULES } from "../../src/policy/rules";
import { evaluate } from "../../src/policy/runner";
import { ResourceUnderCheck } from "../../src/policy/types";
import { BLINDED_SECRET, UNKNOWN } from "../../src/plan/digest";
import { Plan } from "../../src/plan/offlinePlan";
import { clone, ofType, one, planStack, ruleById } from "../helpers";

const rule = ruleById;


describe("Key Vault rules", () => {
  let plan: Plan;
  let vault: ResourceUnderCheck;
  let secret: ResourceUnderCheck;
  let role: ResourceUnderCheck;
  beforeAll(async () => {
    plan = await planStack("prod");
    const as = (type: string): ResourceUnderCheck => {
      const s = one(plan, type);
      return { type: s.type, name: "x", urn: s.urn, inputs: s.inputs };
    };
    vault = as("azure-native:keyvault:Vault");
    const vaultRole = ofType(plan, "azure-native:authorization:RoleAssignment").find((r) => String(r.inputs.scope).includes("/vaults/"));
    if (!vaultRole) throw new Error("no vault role assignment");
    role = { type: vaultRole.type, name: "x", urn: vaultRole.urn, inputs: vaultRole.inputs };
    const s = plan.digest.steps.find((x) => x.newState?.type === "azure-native:keyvault:Secret")?.newState;
    if (!s) throw new Error("no secret");
    secret = { type: s.type, name: "x", urn: s.urn, inputs: s.inputs };
  });

  it("the three shipped stacks break no Key Vault rule", async () => {
    for (const stack of ["dev", "staging", "prod"]) expect(evaluate((await planStack(stack)).digest).filter((v) => v.ruleId.startsWith("KV-"))).toEqual([]);
  });

  const weaken = (r: ResourceUnderCheck, edit: (props: Record<string, unknown>, inputs: Record<string, unknown>) => void): ResourceUnderCheck => {
    const inputs = clone(r.inputs);
    edit(inputs.properties as Record<string, unknown>, inputs);
    return { ...r, inputs };
  };

  const cases: [string, () => ResourceUnderCheck, (p: Record<string, unknown>, i: Record<string, unknown>) => void, string][] = [
    ["KV-01", () => vault, (p) => (p.enableRbacAuthorization = false), "properties.enableRbacAuthorization is false; set it to true explicitly (omitted means access policies in the API version azure-native uses)"],
    ["KV-02", () => vault, (p) => (p.enableSoftDelete = false), "properties.enableSoftDelete is false; remove it or set it to true so deleted secrets can be recovered"],
    ["KV-03", () => vault, (p) => delete p.softDeleteRetentionInDays, "properties.softDeleteRetentionInDays is unset; set it explicitly between 7 and 90 (90 recommended) before the vault is created"],
    ["KV-04", () => vault, (p) => delete p.enablePurgeProtection, "properties.enablePurgeProtection is unset; set it to true (never false: Azure rejects false, and it cannot be undone)"],
    ["KV-05", () => vault, (p) => (p.publicNetworkAccess = "Enabled"), 'properties.publicNetworkAccess is "Enabled"; set it to "Disabled" and reach the vault through its private endpoint (dev may instead list narrow ipRules behind defaultAction Deny)'],
    ["KV-06", () => vault, (p) => ((p.networkAcls as Record<string, unknown>).defaultAction = "Allow"), 'properties.networkAcls.defaultAction is "Allow"; set it to "Deny"'],
    ["KV-07", () => vault, (p) => ((p.networkAcls as Record<string, unknown>).bypass = "AzureServices"), 'properties.networkAcls.bypass is "AzureServices"; set it to "None" (no first-party service needs the vault in this design)'],
    ["KV-08", () => vault, (p) => (p.enabledForDeployment = true), "properties.enabledForDeployment is true; set it to false"],
    ["KV-11", () => secret, (p) => delete (p.attributes as Record<string, unknown>).expires, "properties.attributes.expires is unset; give the secret the expiry of the credential it holds (epoch seconds)"],
    ["KV-12", () => secret, (p) => delete p.contentType, "properties.contentType is unset; say what the secret is (github-pat, ado-pat, connection-string, bearer-token)"],
    ["KV-14", () => vault, (p) => (p.accessPolicies = [{ objectId: "o", tenantId: "t", permissions: { secrets: ["get", "Purge"] } }]), "properties.accessPolicies[0] grants purge; remove access policies and grant Key Vault RBAC roles instead"],
    ["KV-15", () => role, (_p, i) => (i.roleDefinitionId = "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/00482a5a-887f-4fb3-b363-3b7fe8e74483"), "roleDefinitionId is Key Vault Administrator; grant Key Vault Secrets User to workloads and Key Vault Secrets Officer to operators"],
    ["KV-19", () => secret, (p) => (p.value = "github_pat_plaintext"), "properties.value is plain text in the plan and the state; pass it as pulumi.secret(...) or leave it to az keyvault secret set"],
    ["KV-20", () => vault, (_p, i) => (i.vaultName = "kv--double"), 'vaultName: "kv--double" is not a valid name; allowed letters, digits and single hyphens, starting with a letter and ending with a letter or digit'],
  ];

  it.each(cases)("%s passes the shipped resource and fails a weakened one with its message", (id, base, edit, message) => {
    expect(rule(id).check(base())).toEqual([]);
    expect(rule(id).check(weaken(base(), edit))).toEqual([message]);
  });

  it("KV-16 refuses an Azure Monitor alert destination without the CloudEvents v1.0 schema it requires", () => {
    const s = one(plan, "azure-native:eventgrid:SystemTopicEventSubscription");
    const sub: ResourceUnderCheck = { type: s.type, name: "x", urn: s.urn, inputs: s.inputs };
    expect(rule("KV-16").check(sub)).toEqual([]);
    expect(rule("KV-16").check(weaken(sub, (_p, i) => delete i.eventDeliverySchema))).toEqual([
      'eventDeliverySchema is unset (EventGridSchema); the MonitorAlert destination accepts only "CloudEventSchemaV1_0", so set it',
    ]);
    expect(rule("KV-16").check(weaken(sub, (_p, i) => (i.eventDeliverySchema = "EventGridSchema")))).toHaveLength(1);
    expect(rule("KV-16").check(weaken(sub, (_p, i) => (i.eventDeliverySchema = UNKNOWN)))).toEqual([]);
  });

  it("KV-05 accepts dev's narrow public allow-list behind a deny firewall, but not a /0 or a special-purpose range", () => {
    const dev = (ranges: string[]) => weaken(vault, (p) => ((p.publicNetworkAccess = "Enabled"), (p.networkAcls = { defaultAction: "Deny", bypass: "None", ipRules: ranges.map((value) => ({ value })) })));
    expect(rule("KV-05").check(dev(["52.160.0.0/16"]))).toEqual([]);
    for (const open of ["0.0.0.0/0", "100.64.0.0/16", "169.254.0.0/16", "203.0.113.0/24", "52.160.0.9/16"]) expect(rule("KV-05").check(dev([open]))).toHaveLength(1);
  });

  it("tolerates values that are unknown until deployment, and secrets it cannot read", () => {
    const unknownVault = weaken(vault, (p) => ((p.enableRbacAuthorization = UNKNOWN), (p.networkAcls = UNKNOWN), (p.publicNetworkAccess = UNKNOWN)));
    for (const id of ["KV-01", "KV-05", "KV-06", "KV-07"]) expect(rule(id).check(unknownVault)).toEqual([]);
    expect(rule("KV-19").check(weaken(secret, (p) => (p.value = { ...BLINDED_SECRET })))).toEqual([]);
  });

  it("every rule has a checklist id, a title and azure-native types", () => {
    for (const r of ALL_RULES) {
      expect(r.id).toMatch(/^[A-Z]+-\d{2}$/);
      expect(r.title.length).toBeGreaterThan(10);
      for (const t of r.resourceTypes) expect(t).toMatch(/^azure-native:[a-z]+:[A-Z]\w+$/);
    }
  });
});
