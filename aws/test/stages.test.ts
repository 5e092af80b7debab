import { CfnResource } from "aws-cdk-lib";
import { Match } from "aws-cdk-lib/assertions";
import { NagRuleCompliance } from "cdk-nag";
import { ENVIRONMENTS } from "../../src/naming";
import { MCP_GUARD_RULES } from "../src/nag/rules";
import { synthStage } from "./fixtures";

// Each stage is synthesized once for the whole file, with both packs registered as `npm run synth` does.
const stages = Object.fromEntries(ENVIRONMENTS.map((s) => [s, synthStage(s)]));

describe.each(ENVIRONMENTS)("the %s stage", (stage) => {
  it("synthesizes with no unacknowledged AwsSolutions or mcp-guard finding", () => {
    // app.synth() throws "Validation failed" on any finding a plugin reports; it returned.
    expect(stages[stage].app.synth().getStackByName(`mcp-guard-${stage}`).template).toBeDefined();
  });

  it("gives every acknowledgement a reason", () => {
    const acks = stages[stage].stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === "aws:cdk:acknowledged-rules").flatMap((m) => Object.values(m.data as Record<string, string>)));
    expect(acks.length).toBeGreaterThan(0);
    for (const reason of acks) expect(reason.length).toBeGreaterThan(40);
  });

  it("tags every taggable resource with environment, workload and managed-by", () => {
    stages[stage].template.allResourcesProperties("AWS::SecretsManager::Secret", { Tags: Match.anyValue() });
    const tagged = Object.values(stages[stage].template.findResources("AWS::Logs::LogGroup"));
    for (const g of tagged) expect(g.Properties.Tags).toEqual(expect.arrayContaining([{ Key: "environment", Value: stage }, { Key: "managed-by", Value: "aws-cdk" }, { Key: "workload", Value: "mcp-guard" }]));
  });
});

describe("the shipped prod stage under the mcp-guard rules", () => {
  const resources = stages.prod.stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c));

  it.each(MCP_GUARD_RULES.map((r) => [r.id, r] as const))("%s applies to some resource, and each one complies", (_id, rule) => {
    const results = resources.map((r) => rule.check(r)).filter((r) => r !== NagRuleCompliance.NOT_APPLICABLE);
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r === NagRuleCompliance.COMPLIANT)).toBe(true);
  });

  it("keeps prod's audit records a year and pages on-call too", () => {
    stages.prod.template.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 365, DataProtectionPolicy: Match.anyValue() });
    stages.prod.template.resourceCountIs("AWS::SNS::Topic", 2);
    stages.dev.template.resourceCountIs("AWS::SNS::Topic", 1);
  });
});
