import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { RegisterResourceRequest, RegisterResourceResponse } from "@pulumi/pulumi/proto/resource_pb";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { registerPlanOnlyTransforms } from "../src/plan/planOnlyTransforms";

/** Counts the aliases each registration sends the engine, as specs or as URNs. */
class AliasCountingMonitor extends MockMonitor {
  readonly aliases = new Map<string, number>();
  async registerResource(req: RegisterResourceRequest, callback: (err: unknown, res: RegisterResourceResponse | undefined) => void): Promise<void> {
    this.aliases.set(req.getName(), req.getAliasesList().length + req.getAliasurnsList().length);
    return super.registerResource(req, callback);
  }
}

async function aliasesOfSecret(planOnly: boolean): Promise<number> {
  const monitor = new AliasCountingMonitor({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs });
  await pulumi.runtime.setMocks(monitor.mocks, "aliases", "test", true);
  pulumi.runtime.setMockOptions(monitor, "aliases", "test", true);
  await pulumi.runtime.runInPulumiStack(async () => {
    if (planOnly) registerPlanOnlyTransforms();
    new keyvault.Secret("token", { resourceGroupName: "rg", vaultName: "kv", secretName: "token", properties: { value: "x" } });
    return {};
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  return monitor.aliases.get("token") ?? -1;
}

describe("plan-only transforms", () => {
  it("leaves azure-native's API-version aliases on a program run outside the offline plan (a real pulumi up needs them)", async () => {
    expect(await aliasesOfSecret(false)).toBeGreaterThanOrEqual(10);
  });

  it("drops them in the offline plan, which has no state for them to find", async () => {
    expect(await aliasesOfSecret(true)).toBe(0);
  });
});
