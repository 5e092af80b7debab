import * as pulumi from "@pulumi/pulumi";
import { isConfigSecret } from "@pulumi/pulumi/runtime/config";
import { readStackConfig } from "../src/stackConfig";

describe("reading config from the Pulumi runtime", () => {
  it("still finds the SDK's isConfigSecret, which Config.get uses to flag secrets", () => {
    expect(typeof isConfigSecret).toBe("function");
  });

  it("reports which keys were set with --secret", async () => {
    await pulumi.runtime.setMocks({ newResource: () => ({ id: "x", state: {} }), call: () => ({}) }, "mcp-guard", "test", true);
    pulumi.runtime.setAllConfig({ "mcp-guard:environment": "dev", "mcp-guard:secretValues": "{}" }, ["mcp-guard:secretValues"]);
    expect(readStackConfig()).toEqual({
      project: "mcp-guard",
      stack: "test",
      values: { "mcp-guard:environment": "dev", "mcp-guard:secretValues": "{}" },
      secretKeys: ["mcp-guard:secretValues"],
    });
  });
});
