import fc from "fast-check";
import { defaultNames, ENVIRONMENTS, nameProblem } from "../src/naming";

describe("naming", () => {
  it("keeps every derived name within Azure's rules for any valid workload and stack", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9]{1,9}$/), fc.constantFrom(...ENVIRONMENTS), fc.string({ minLength: 1, maxLength: 40 }), (workload, env, stack) => {
        const n = defaultNames(workload, env, "mcp-guard", stack);
        expect(nameProblem("resourceGroup", n.resourceGroup)).toBeUndefined();
        expect(nameProblem("keyVault", n.keyVault)).toBeUndefined();
        expect(nameProblem("logAnalyticsWorkspace", n.logAnalyticsWorkspace)).toBeUndefined();
        expect(nameProblem("actionGroupShortName", n.actionGroupShortName)).toBeUndefined();
        expect(nameProblem("dataCollectionEndpoint", n.dataCollectionEndpoint)).toBeUndefined();
        expect(nameProblem("dataCollectionRule", n.dataCollectionRule)).toBeUndefined();
        expect(nameProblem("privateLinkScope", n.privateLinkScope)).toBeUndefined();
        expect(nameProblem("queryPack", n.queryPack)).toBeUndefined();
        expect(nameProblem("webApp", n.webApp)).toBeUndefined();
        expect(nameProblem("appServicePlan", n.appServicePlan)).toBeUndefined();
        expect(nameProblem("virtualNetwork", n.virtualNetwork)).toBeUndefined();
        expect(nameProblem("actionGroupShortName", n.oncallActionGroupShortName)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it("explains a name that is too long", () => {
    expect(nameProblem("keyVault", "kv-this-name-is-far-too-long-for-azure")).toBe('"kv-this-name-is-far-too-long-for-azure" is 38 characters; allowed 3 to 24');
  });
});
