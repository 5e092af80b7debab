import { ofType, one, planMap, planStack, ROOT, stackMap } from "./helpers";
import { Plan, runPlan } from "../src/plan/offlinePlan";

describe("offline plan", () => {
  const plans: Record<string, Plan> = {};
  beforeAll(async () => {
    for (const stack of ["dev", "staging", "prod"]) plans[stack] = await planStack(stack);
  });

  it("writes a PreviewDigest: steps with op, urn and newState, plus a change summary", () => {
    const digest = JSON.parse(JSON.stringify(plans.dev.digest));
    expect(Array.isArray(digest.steps)).toBe(true);
    for (const step of digest.steps) {
      expect(step).toEqual(expect.objectContaining({ op: "create", urn: expect.stringMatching(/^urn:pulumi:dev::mcp-guard::/) }));
      expect(step.newState).toEqual(expect.objectContaining({ urn: step.urn, type: expect.any(String), custom: expect.any(Boolean), inputs: expect.any(Object), protect: expect.any(Boolean), dependencies: expect.any(Array) }));
    }
    expect(digest.changeSummary).toEqual({ create: digest.steps.length });
  });

  it("gives every custom resource an azure-native type token", () => {
    for (const stack of Object.keys(plans)) {
      for (const s of plans[stack].digest.steps.filter((x) => x.newState?.custom)) {
        expect(s.newState?.type).toMatch(/^azure-native:[a-zA-Z]+:[A-Z][A-Za-z0-9]+$/);
      }
    }
  });

  it("roots every resource in the stack, as pulumi preview does", () => {
    const [root, ...rest] = plans.dev.digest.steps;
    expect(root.newState?.type).toBe("pulumi:pulumi:Stack");
    for (const s of rest) expect(s.newState?.parent).toBeDefined();
  });

  it("gives byte-identical JSON for the same input", async () => {
    // Planned afresh: planStack would read back the run's cached plan, the very bytes it is compared with.
    const again = await runPlan({ projectDir: ROOT, stack: "prod" });
    expect(JSON.stringify(again.digest)).toBe(JSON.stringify(plans.prod.digest));
  });

  it("creates the resource group with the environment's name, location and tags", () => {
    const rg = one(plans.staging, "azure-native:resources:ResourceGroup");
    expect(rg.inputs).toEqual(expect.objectContaining({ resourceGroupName: "rg-cursor-ai-research-staging", location: "westeurope" }));
    expect(rg.inputs.tags).toEqual(expect.objectContaining({ environment: "staging", "managed-by": "pulumi" }));
  });

  it("protects the prod resource group, which holds the vault and the audit trail", () => {
    expect(one(plans.prod, "azure-native:resources:ResourceGroup").protect).toBe(true);
    expect(one(plans.dev, "azure-native:resources:ResourceGroup").protect).toBe(false);
  });

  it("adopts an existing resource group instead of creating one", async () => {
    const plan = await planMap({ ...stackMap("dev"), "mcp-guard:adoptResourceGroup": true, "mcp-guard:resourceGroupName": "rg-platform-shared" });
    expect(ofType(plan, "azure-native:resources:ResourceGroup")).toEqual([]);
    expect(plan.outputs.resourceGroupName).toBe("rg-platform-shared");
  });
});

describe("offline plan of a program that registers inside apply()", () => {
  it("waits for the late registration before writing the plan", async () => {
    const plan = await runPlan({ projectDir: `${ROOT}/test/fixtures/late-registration`, stack: "test" });
    expect(ofType(plan, "azure-native:resources:ResourceGroup").map((r) => r.inputs.resourceGroupName)).toEqual(["rg-first", "rg-first-late"]);
  });
});
