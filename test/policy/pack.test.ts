import { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy, UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { policyDocsUrl } from "../../src/policy/docsUrl";
import { packPolicies } from "../../src/policy/pack";
import { ALL_RULES } from "../../src/policy/rules";
import { STACK_RULES } from "../../src/policy/stackRules";
import { parseSuppressions } from "../../src/policy/suppressions";
import { ResourceState, UNKNOWN } from "../../src/plan/digest";
import { Plan } from "../../src/plan/offlinePlan";
import { ROOT, clone, ofType, one, planStack } from "../helpers";

type Bag = Record<string, unknown>;

/** What CrossGuard passes a resource policy: props behind the proxy that throws on unknowns. */
function resourceArgs(state: ResourceState, props: Bag = state.inputs, config: Bag = {}): ResourceValidationArgs {
  const fail = (what: string) => () => {
    throw new Error(`${what} is not used by mcp-guard's policies`);
  };
  return {
    type: state.type,
    props: unknownCheckingProxy(props),
    urn: state.urn,
    name: state.urn.split("::").pop() ?? "",
    opts: { protect: Boolean(state.protect), ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
    stackTags: new Map(),
    isType: fail("isType"),
    asType: fail("asType"),
    getConfig: () => config,
    notApplicable: fail("notApplicable"),
  } as unknown as ResourceValidationArgs;
}

async function runResourcePolicy(policy: ResourceValidationPolicy, args: ResourceValidationArgs): Promise<string[]> {
  const messages: string[] = [];
  const validations = [policy.validateResource ?? []].flat();
  for (const v of validations) {
    await v(args, (m) => messages.push(m));
  }
  return messages;
}

function stackArgs(plan: Plan, edit?: (states: ResourceState[]) => ResourceState[]): StackValidationArgs {
  const states = (edit ?? ((s) => s))(plan.digest.steps.map((s) => s.newState).filter((s): s is ResourceState => Boolean(s?.custom)));
  const byUrn = new Map<string, PolicyResource>();
  for (const s of states) byUrn.set(s.urn, { type: s.type, props: unknownCheckingProxy(s.inputs), urn: s.urn, name: s.urn.split("::").pop() ?? "", dependencies: [], propertyDependencies: {} } as unknown as PolicyResource);
  for (const s of states) (byUrn.get(s.urn) as unknown as { dependencies: PolicyResource[] }).dependencies = (s.dependencies ?? []).flatMap((d) => byUrn.get(d) ?? []);
  return { resources: [...byUrn.values()], stackTags: new Map(), getConfig: () => ({}), notApplicable: () => { throw new Error("unused"); } } as unknown as StackValidationArgs;
}

async function runStackPolicy(policy: StackValidationPolicy, args: StackValidationArgs): Promise<string[]> {
  const messages: string[] = [];
  await policy.validateStack(args, (m) => messages.push(m));
  return messages;
}

describe("the CrossGuard pack", () => {
  let prod: Plan;
  const policies = packPolicies();
  const policy = (id: string) => {
    const p = policies.find((x) => x.name === `mcp-guard-${id.toLowerCase()}`);
    if (!p) throw new Error(`no policy ${id}`);
    return p;
  };
  beforeAll(async () => {
    prod = await planStack("prod");
  });

  it("wraps exactly the rules: one policy per resource and stack rule, plus the waiver report", () => {
    expect(policies.map((p) => p.name)).toEqual([...ALL_RULES, ...STACK_RULES].map((r) => `mcp-guard-${r.id.toLowerCase()}`).concat("mcp-guard-waivers"));
    expect(policy("KV-05").enforcementLevel).toBe("mandatory");
    expect(policy("KV-08").enforcementLevel).toBe("advisory");
  });

  it("the pack's entry only wires: PulumiPolicy.yaml, a package.json, and no rule logic", () => {
    const entry = fs.readFileSync(path.join(ROOT, "policy/index.ts"), "utf8");
    expect(entry).toContain("new PolicyPack(\"mcp-guard\", { policies: packPolicies(");
    expect(fs.existsSync(path.join(ROOT, "policy/PulumiPolicy.yaml"))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, "policy/package.json"), "utf8")).dependencies).toEqual({ "@pulumi/policy": "1.21.0", "@pulumi/pulumi": "3.248.0" });
  });

  it("a resource policy passes the shipped vault and reports a weakened one, through the unknown-checking proxy", async () => {
    const vault = one(prod, "azure-native:keyvault:Vault");
    const kv05 = policy("KV-05") as ResourceValidationPolicy;
    expect(await runResourcePolicy(kv05, resourceArgs(vault))).toEqual([]);
    const weak = clone(vault.inputs);
    (weak.properties as Bag).publicNetworkAccess = "Enabled";
    expect(await runResourcePolicy(kv05, resourceArgs(vault, weak))).toEqual([
      'properties.publicNetworkAccess is "Enabled"; set it to "Disabled" and reach the vault through its private endpoint (dev may instead list narrow ipRules behind defaultAction Deny)',
    ]);
  });

  it("tolerates values unknown during preview: no violation, no crash", async () => {
    const vault = one(prod, "azure-native:keyvault:Vault");
    const unknown = clone(vault.inputs);
    (unknown.properties as Bag).publicNetworkAccess = UNKNOWN;
    (unknown.properties as Bag).enableRbacAuthorization = UNKNOWN;
    for (const id of ["KV-01", "KV-05", "KV-06"]) expect(await runResourcePolicy(policy(id) as ResourceValidationPolicy, resourceArgs(vault, unknown))).toEqual([]);
  });

  it("every policy carries CrossGuard's metadata: a severity, remediation steps, a display name and tags", () => {
    for (const p of policies.filter((x) => x.name !== "mcp-guard-waivers")) {
      expect([p.name, ["low", "medium", "high", "critical"].includes(p.severity ?? "")]).toEqual([p.name, true]);
      expect([p.name, (p.remediationSteps ?? "").length > 20]).toEqual([p.name, true]);
      expect(p.displayName).toMatch(/^[A-Z0-9]+-\d+ /);
    }
    expect(policy("KV-05")).toEqual(expect.objectContaining({ severity: "critical", enforcementLevel: "mandatory", tags: ["mcp-guard", "kv"] }));
  });

  it("links each finding to its row in docs/policy.md once package.json names the repository, and to nothing before", () => {
    expect(policyDocsUrl("KV-05", {})).toBeUndefined();
    expect(policyDocsUrl("KV-05", { repository: { url: "git+https://github.com/contoso/mcp-guard.git" } })).toBe("https://github.com/contoso/mcp-guard/blob/main/docs/policy.md#kv-05");
    expect(policyDocsUrl("KV-05", { repository: "https://gitlab.example/x.git" })).toBeUndefined();
    expect(fs.readFileSync(path.join(ROOT, "docs/policy.md"), "utf8")).toContain('<a id="kv-05"></a>KV-05');
  });

  it("parameters: a config schema CrossGuard validates, defaults that keep the plan's behaviour, and pack config that tightens them", async () => {
    const kv03 = policy("KV-03") as ResourceValidationPolicy;
    expect(kv03.configSchema).toEqual({ properties: { minimumDays: expect.objectContaining({ type: "integer", default: 7, minimum: 7, maximum: 90 }) } });
    const vault = one(prod, "azure-native:keyvault:Vault");
    const short = clone(vault.inputs);
    (short.properties as Bag).softDeleteRetentionInDays = 14;
    expect(await runResourcePolicy(kv03, resourceArgs(vault, short))).toEqual([]);
    expect(await runResourcePolicy(kv03, resourceArgs(vault, short, { minimumDays: 30 }))).toEqual([
      "properties.softDeleteRetentionInDays is 14; set it explicitly between 30 and 90 (90 recommended) before the vault is created",
    ]);
    const table = one(prod, "azure-native:operationalinsights:Table");
    const tbl06 = policy("TBL-06") as ResourceValidationPolicy;
    expect(await runResourcePolicy(tbl06, resourceArgs(table))).toEqual([]);
    expect(await runResourcePolicy(tbl06, resourceArgs(table, table.inputs, { minimumTotalRetentionDays: 3650 }))).toEqual([
      `totalRetentionInDays is ${table.inputs.totalRetentionInDays}; keep the audit evidence at least 3650 days (the pack's minimumTotalRetentionDays)`,
    ]);
  });

  it("a second copy of @pulumi/policy (what `npm install` in policy/ gives the policy server) is judged the same: unknowns are no finding", async () => {
    // A physical copy beside the root node_modules, so its own dependencies still resolve.
    const dir = fs.mkdtempSync(path.join(ROOT, ".policy-copy-"));
    try {
      fs.cpSync(path.join(ROOT, "node_modules/@pulumi/policy"), path.join(dir, "node_modules/@pulumi/policy"), { recursive: true });
      const load = createRequire(__filename);
      const copy: typeof import("@pulumi/policy") = load(path.join(dir, "node_modules/@pulumi/policy/index.js"));
      // The sentinel the copy's server deserialises an unknown into (proxy.js; internal, so untyped).
      const sentinels: { unknownStringValue: unknown } = load(path.join(dir, "node_modules/@pulumi/policy/proxy.js"));
      expect(copy.UnknownValueError).not.toBe(UnknownValueError);
      const vault = one(prod, "azure-native:keyvault:Vault");
      const unknown = clone(vault.inputs);
      (unknown.properties as Bag).publicNetworkAccess = sentinels.unknownStringValue;
      const args = { ...resourceArgs(vault), props: copy.unknownCheckingProxy(unknown) } as ResourceValidationArgs;
      expect(await runResourcePolicy(policy("KV-05") as ResourceValidationPolicy, args)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("skips resources of other types and honours exception tags and suppressions", async () => {
    const workspace = one(prod, "azure-native:operationalinsights:Workspace");
    expect(await runResourcePolicy(policy("KV-05") as ResourceValidationPolicy, resourceArgs(workspace))).toEqual([]);
    const open = clone(workspace.inputs);
    open.publicNetworkAccessForIngestion = "Enabled";
    expect(await runResourcePolicy(policy("LAW-02") as ResourceValidationPolicy, resourceArgs(workspace, open))).toHaveLength(1);
    const tagged = { ...open, tags: { ...(open.tags as Bag), "mcp-guard-exception-LAW-02": "lab workspace until the hub link exists" } };
    expect(await runResourcePolicy(policy("LAW-02") as ResourceValidationPolicy, resourceArgs(workspace, tagged))).toEqual([]);
    const suppressions = parseSuppressions("policy/suppressions.yaml", "- rule: LAW-02\n  resource: audit-workspace\n  reason: the hub's private link scope arrives with ticket NET-88\n");
    const withSuppression = packPolicies(suppressions);
    const law02 = withSuppression.find((p) => p.name === "mcp-guard-law-02") as ResourceValidationPolicy;
    expect(await runResourcePolicy(law02, resourceArgs(workspace, open))).toEqual([]);
    const waivers = withSuppression.find((p) => p.name === "mcp-guard-waivers") as ResourceValidationPolicy;
    expect(await runResourcePolicy(waivers, resourceArgs(workspace, open))).toEqual(["LAW-02 waived for audit-workspace by policy/suppressions.yaml: the hub's private link scope arrives with ticket NET-88"]);
  });

  it("stack policies: relations hold for the shipped stack and fail when a vault's diagnostic setting or a zone group goes", async () => {
    for (const id of ["KV-10", "PE-02", "REL-01", "AMPLS-05", "DCR-06", "COV-01"]) expect(await runStackPolicy(policy(id) as StackValidationPolicy, stackArgs(prod))).toEqual([]);
    const noVaultDiag = stackArgs(prod, (s) => s.filter((r) => !(r.type === "azure-native:monitor:DiagnosticSetting" && String(r.inputs.resourceUri).includes("/vaults/"))));
    expect(await runStackPolicy(policy("KV-10") as StackValidationPolicy, noVaultDiag)).toEqual(["secrets-vault: has no diagnostic setting sending its audit log to a workspace; every secret read must be recorded"]);
    const noZoneGroup = stackArgs(prod, (s) => s.filter((r) => !r.urn.endsWith("::gateway-pe-dns")));
    expect(await runStackPolicy(policy("PE-02") as StackValidationPolicy, noZoneGroup)).toEqual(["gateway-pe: has no DNS zone group with a zone; clients would resolve the public address and be refused"]);
    const strayGroup = stackArgs(prod, (s) => s.map((r) => (r.inputs.ruleName === "alert-mcp-denied-spike" ? { ...r, inputs: { ...r.inputs, actions: { actionGroups: ["/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/ag-nobody"] } }, dependencies: [] } : r)));
    expect(await runStackPolicy(policy("REL-01") as StackValidationPolicy, strayGroup)).toEqual([
      "alerts-alert-mcp-denied-spike: pages /subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/ag-nobody; name action groups deployed in this stack",
    ]);
  });

  it("a private workspace outside every private link scope, and a DCR in another region, are refused", async () => {
    const unlinked = stackArgs(prod, (s) => s.filter((r) => r.type !== "azure-native:monitor:PrivateLinkScopedResource"));
    expect(await runStackPolicy(policy("AMPLS-05") as StackValidationPolicy, unlinked)).toEqual([
      "audit-workspace: refuses public traffic but is in no private link scope (scopedResources); nothing could reach it",
      "audit-dce: refuses public traffic but is in no private link scope (scopedResources); nothing could reach it",
    ]);
    const moved = stackArgs(prod, (s) => s.map((r) => (r.type === "azure-native:monitor:DataCollectionRule" ? { ...r, inputs: { ...r.inputs, location: "northeurope" } } : r)));
    expect(await runStackPolicy(policy("DCR-06") as StackValidationPolicy, moved)).toEqual(["audit-dcr: is in northeurope but its workspace is in westeurope; the Logs Ingestion API needs them in one region"]);
  });

  it("coverage: a resource type no rule checks is reported", async () => {
    const withStranger = stackArgs(prod, (s) => [...s, { urn: "urn:pulumi:prod::mcp-guard::azure-native:storage:StorageAccount::logs", custom: true, type: "azure-native:storage:StorageAccount", inputs: {} }]);
    expect(await runStackPolicy(policy("COV-01") as StackValidationPolicy, withStranger)).toEqual([
      "logs: no mcp-guard rule checks azure-native:storage:StorageAccount; add one in src/policy/rules/ or explain in docs/policy.md",
    ]);
  });
});

describe("policy/suppressions.yaml", () => {
  it("ships empty, and refuses a suppression without a real reason", () => {
    expect(parseSuppressions("policy/suppressions.yaml", fs.readFileSync(path.join(ROOT, "policy/suppressions.yaml"), "utf8"))).toEqual([]);
    expect(() => parseSuppressions("policy/suppressions.yaml", "- rule: KV-05\n  resource: secrets-vault\n  reason: because\n")).toThrow(
      "invalid policy suppressions:\npolicy/suppressions.yaml: 0.reason: is too short; a suppression needs a written reason of 20 characters or more",
    );
  });

  it("the offline plan reports a suppressed violation with its reason instead of failing", async () => {
    const { evaluate } = await import("../../src/policy/runner");
    const prod = await planStack("prod");
    const digest = clone(prod.digest);
    const vault = digest.steps.find((s) => s.newState?.type === "azure-native:keyvault:Vault")?.newState;
    if (!vault) throw new Error("no vault");
    (vault.inputs.properties as Bag).publicNetworkAccess = "Enabled";
    const suppressions = parseSuppressions("x", "- rule: KV-05\n  resource: secrets-vault\n  reason: temporary access from the build agents until the VPN is live\n");
    expect(evaluate(digest, ALL_RULES, STACK_RULES, suppressions).filter((v) => v.ruleId === "KV-05")).toEqual([
      expect.objectContaining({ exception: "temporary access from the build agents until the VPN is live (policy/suppressions.yaml)" }),
    ]);
    expect(ofType(prod, "azure-native:keyvault:Vault")).toHaveLength(1);
  });
});
