import * as pulumi from "@pulumi/pulumi";

/** One plain resource with one input: nothing to validate, analyse or compose. */
class Thing extends pulumi.CustomResource {
  constructor(name: string, index: number) {
    super("bench:index:Thing", name, { index });
  }
}

// The cheapest program that registers as many resources as an mcp-guard plan, planned by the same CLI
// and mocks: the denominator of mcp-guard's overhead ratio.
const count = new pulumi.Config().requireNumber("count");
for (let i = 0; i < count; i++) new Thing(`thing-${i}`, i);
