import { Stack } from "aws-cdk-lib";
import * as agentcore from "aws-cdk-lib/aws-bedrockagentcore";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sns from "aws-cdk-lib/aws-sns";
import { McpGuardChecks } from "../src/nag/mcpGuardChecks";
import { MCP_GUARD_RULES } from "../src/nag/rules";
import { bareStack, findings } from "./fixtures";

/** The findings of one rule on a stack: what `npm run synth` prints as `ERROR <message> (McpGuard)`. */
function ruleFindings(stack: Stack, id: string) {
  return findings(new McpGuardChecks(), stack).filter((f) => f.rule === `McpGuard-${id}`);
}
const info = (id: string) => MCP_GUARD_RULES.find((r) => r.id === id)?.info;

function gatewayStack(auth: agentcore.IGatewayAuthorizerConfig, withEndpoint: boolean): Stack {
  const stack = bareStack();
  new agentcore.Gateway(stack, "Gateway", { authorizerConfiguration: auth });
  if (withEndpoint) new ec2.Vpc(stack, "Vpc", { natGateways: 0, subnetConfiguration: [{ name: "e", subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }).addInterfaceEndpoint("E", { service: ec2.InterfaceVpcEndpointAwsService.BEDROCK_AGENTCORE_GATEWAY });
  return stack;
}

describe("the mcp-guard rule pack on weakened resources", () => {
  it("KV-11: a secret without an expires tag", () => {
    const stack = bareStack();
    new secretsmanager.Secret(stack, "S");
    expect(ruleFindings(stack, "KV-11")).toEqual([{ rule: "McpGuard-KV-11", message: info("KV-11"), paths: ["Test/S/Resource"] }]);
  });

  it("KV-16: secrets with no rule paging on RotationFailed", () => {
    const stack = bareStack();
    new secretsmanager.Secret(stack, "S");
    expect(ruleFindings(stack, "KV-16").map((f) => f.message)).toEqual([info("KV-16")]);
  });

  it("SM-01: a secret on the AWS managed key", () => {
    const stack = bareStack();
    new secretsmanager.Secret(stack, "S");
    new secretsmanager.Secret(stack, "Keyed", { encryptionKey: new kms.Key(stack, "K") });
    expect(ruleFindings(stack, "SM-01")).toEqual([{ rule: "McpGuard-SM-01", message: info("SM-01"), paths: ["Test/S/Resource"] }]);
  });

  it("TBL-06: a log group kept forever by default", () => {
    const stack = bareStack();
    new logs.LogGroup(stack, "L", { retention: logs.RetentionDays.INFINITE });
    new logs.LogGroup(stack, "Kept", { retention: logs.RetentionDays.ONE_YEAR });
    expect(ruleFindings(stack, "TBL-06")).toEqual([{ rule: "McpGuard-TBL-06", message: info("TBL-06"), paths: ["Test/L/Resource"] }]);
  });

  it("LOG-01: a log group without a customer key", () => {
    const stack = bareStack();
    new logs.LogGroup(stack, "L");
    new logs.LogGroup(stack, "Keyed", { encryptionKey: new kms.Key(stack, "K") });
    expect(ruleFindings(stack, "LOG-01")).toEqual([{ rule: "McpGuard-LOG-01", message: info("LOG-01"), paths: ["Test/L/Resource"] }]);
  });

  it("REL-01: an alarm that pages nobody", () => {
    const stack = bareStack();
    const metric = new cloudwatch.Metric({ namespace: "McpGuard", metricName: "FailedCalls" });
    new cloudwatch.Alarm(stack, "Silent", { metric, threshold: 1, evaluationPeriods: 1 });
    new cloudwatch.Alarm(stack, "Paging", { metric, threshold: 1, evaluationPeriods: 1 }).addAlarmAction({ bind: () => ({ alarmActionArn: new sns.Topic(stack, "T").topicArn }) });
    expect(ruleFindings(stack, "REL-01")).toEqual([{ rule: "McpGuard-REL-01", message: info("REL-01"), paths: ["Test/Silent/Resource"] }]);
  });

  it("SNS-01: a topic without a customer key or TLS-only policy", () => {
    const stack = bareStack();
    new sns.Topic(stack, "Plain");
    new sns.Topic(stack, "Keyed", { masterKey: new kms.Key(stack, "K") });
    new sns.Topic(stack, "Guarded", { masterKey: new kms.Key(stack, "K2"), enforceSSL: true });
    expect(ruleFindings(stack, "SNS-01").flatMap((f) => f.paths)).toEqual(["Test/Plain/Resource", "Test/Keyed/Resource"]);
  });

  it("AUTH-03: a gateway that does not check the token's audience", () => {
    expect(ruleFindings(gatewayStack(agentcore.GatewayAuthorizer.usingAwsIam(), true), "AUTH-03")).toEqual([{ rule: "McpGuard-AUTH-03", message: info("AUTH-03"), paths: ["Test/Gateway/Resource"] }]);
    expect(ruleFindings(gatewayStack(agentcore.GatewayAuthorizer.usingCustomJwt({ discoveryUrl: "https://idp/.well-known/openid-configuration", allowedClients: ["any-app"] }), true), "AUTH-03")).toHaveLength(1);
    expect(ruleFindings(gatewayStack(agentcore.GatewayAuthorizer.usingCustomJwt({ discoveryUrl: "https://idp/.well-known/openid-configuration", allowedAudience: ["api://gw"] }), true), "AUTH-03")).toEqual([]);
  });

  it("APP-04: a gateway with no private endpoint", () => {
    const auth = agentcore.GatewayAuthorizer.usingAwsIam();
    expect(ruleFindings(gatewayStack(auth, false), "APP-04")).toEqual([{ rule: "McpGuard-APP-04", message: info("APP-04"), paths: ["Test/Gateway/Resource"] }]);
    expect(ruleFindings(gatewayStack(auth, true), "APP-04")).toEqual([]);
  });

  it("covers every rule of the pack", () => {
    const tested = ["KV-11", "KV-16", "SM-01", "TBL-06", "LOG-01", "REL-01", "SNS-01", "AUTH-03", "APP-04"];
    expect(MCP_GUARD_RULES.map((r) => r.id).sort()).toEqual([...tested].sort());
  });
});
