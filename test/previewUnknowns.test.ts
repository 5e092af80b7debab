import * as fs from "node:fs";
import { isUnknown, ResourceState, SECRET_SIG, SIG_KEY, UNKNOWN } from "../src/plan/digest";
import { Plan, runPlan } from "../src/plan/offlinePlan";
import { previewOutputs } from "../src/plan/previewOutputs";
import { logsIngestionUrl } from "../src/components/auditLogs";
import { evaluate } from "../src/policy/runner";
import { previewShapesSource, SHAPES_FILE } from "../scripts/previewShapes";
import { clone, ofType, planStack, ROOT } from "./helpers";

const KV_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";

describe("azure-native's preview outputs", () => {
  it("are read from azure-native's own type definitions, and the generated table is current", () => {
    expect(fs.readFileSync(SHAPES_FILE, "utf8")).toBe(previewShapesSource());
  });

  it("keep what the program gave and leave what Azure computes unknown, as PreviewOutputs does", () => {
    const state = previewOutputs("azure-native:web:WebApp", {
      name: "app-x",
      resourceGroupName: "rg",
      identity: { type: "SystemAssigned" },
      httpsOnly: true,
      siteConfig: { minTlsVersion: "1.3", appSettings: [{ name: "A", value: "a" }] },
      tags: { owner: { [SIG_KEY]: SECRET_SIG, value: "s" } },
    });
    // `name` is an input too, but the resource's `name` output is Azure's; resourceGroupName is no output.
    expect(state.name).toBe("app-x");
    expect(state).not.toHaveProperty("resourceGroupName");
    expect(state.identity).toEqual({ type: "SystemAssigned", principalId: UNKNOWN, tenantId: UNKNOWN, userAssignedIdentities: UNKNOWN });
    expect(state.httpsOnly).toBe(true);
    expect(state.defaultHostName).toBe(UNKNOWN);
    expect(state.azureApiVersion).toBe(UNKNOWN);
    const site = state.siteConfig as Record<string, unknown>;
    expect(site.minTlsVersion).toBe("1.3");
    // App settings are write-only in ARM: azure-native's response schema has none, so no output either.
    expect(site).not.toHaveProperty("appSettings");
    expect(state.tags).toEqual({ owner: { [SIG_KEY]: SECRET_SIG, value: "s" } });
    // An input of the wrong kind for the schema is unknown, not passed through.
    expect(previewOutputs("azure-native:web:WebApp", { httpsOnly: { not: "a bool" } }).httpsOnly).toBe(UNKNOWN);
    expect(previewOutputs("azure-native:keyvault:Vault", { vaultName: "kv", properties: { tenantId: "t" } })).toEqual(
      expect.objectContaining({ name: UNKNOWN, properties: expect.objectContaining({ tenantId: "t", vaultUri: UNKNOWN }) }),
    );
  });
});

describe("a stack's first preview (every computed value unknown, as CrossGuard sees it)", () => {
  const first: Record<string, Plan> = {};
  beforeAll(async () => {
    for (const stack of ["dev", "staging", "prod"]) first[stack] = await runPlan({ projectDir: ROOT, stack, firstPreview: true });
  });

  it("has the gateway's Key Vault role assignment with an unknown principal, where the default plan has a stand-in", async () => {
    const grant = (p: Plan) => ofType(p, "azure-native:authorization:RoleAssignment").find((r) => r.urn.endsWith("::secrets-read-gateway"));
    expect(String(grant(first.dev)?.inputs.roleDefinitionId)).toMatch(new RegExp(`${KV_SECRETS_USER}$`));
    expect(isUnknown(grant(first.dev)?.inputs.principalId)).toBe(true);
    expect(grant(await planStack("dev"))?.inputs.principalId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("leaves unknown only the queries and rules that take the gateway's principal id; every other body is known", async () => {
    const known = await planStack("prod");
    const takesGateway = (v: unknown) => JSON.stringify(v).includes("let gatewayPrincipalIds");
    const queries = (p: Plan) => ofType(p, "azure-native:operationalinsights:Query");
    const rules = (p: Plan) => ofType(p, "azure-native:monitor:ScheduledQueryRule");
    const gatewayQueries = queries(known).filter((q) => takesGateway(q.inputs.body)).map((q) => q.inputs.displayName);
    const gatewayRules = rules(known).filter((r) => takesGateway(r.inputs.criteria)).map((r) => r.inputs.ruleName);
    expect(gatewayQueries.length).toBeGreaterThan(0);
    expect(gatewayRules.length).toBeGreaterThan(0);
    expect(queries(first.prod).filter((q) => isUnknown(q.inputs.body)).map((q) => q.inputs.displayName)).toEqual(gatewayQueries);
    expect(rules(first.prod).filter((r) => JSON.stringify(r.inputs.criteria).includes(UNKNOWN)).map((r) => r.inputs.ruleName)).toEqual(gatewayRules);
    expect(gatewayQueries.length).toBeLessThan(queries(known).length);
  });

  it("passes every rule on every shipped stack without reading an unknown as a value", () => {
    for (const stack of Object.keys(first)) {
      const mandatory = first[stack].violations.filter((v) => !v.exception && v.enforcement === "mandatory");
      expect({ stack, mandatory }).toEqual({ stack, mandatory: [] });
      for (const v of first[stack].violations) expect(v.message).not.toContain(UNKNOWN);
    }
  });

  it("still fails REL-01 for an alert that depends on no action group when the groups' ids are unknown", () => {
    const digest = clone(first.prod.digest);
    const rule = digest.steps.map((s) => s.newState).find((s): s is ResourceState => s?.type === "azure-native:monitor:ScheduledQueryRule");
    if (!rule) throw new Error("prod plans alert rules");
    rule.dependencies = (rule.dependencies ?? []).filter((d) => !d.includes("azure-native:monitor:ActionGroup"));
    const found = evaluate(digest).filter((v) => v.ruleId === "REL-01");
    expect(found.map((v) => v.urn)).toEqual([rule.urn]);
  });
});

describe("the audit endpoint's Logs Ingestion URL", () => {
  it("is Azure's when it reports one", () => {
    expect(logsIngestionUrl("audit", "dce-x", { endpoint: "https://dce-x.westeurope-1.ingest.monitor.azure.com" })).toBe("https://dce-x.westeurope-1.ingest.monitor.azure.com");
  });

  it("is an error naming the endpoint when Azure reports none, not an empty setting", () => {
    expect(() => logsIngestionUrl("audit", "dce-x", undefined)).toThrow(
      "McpAuditLogs audit: data collection endpoint dce-x reports no logsIngestion.endpoint, which Azure sets on every endpoint it creates; run `pulumi refresh` and check that the endpoint exists",
    );
    expect(() => logsIngestionUrl("audit", "dce-x", { endpoint: "" })).toThrow(/dce-x reports no logsIngestion.endpoint/);
  });
});
