import { Match, Template } from "aws-cdk-lib/assertions";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { McpGateway, McpGatewayProps } from "../src/gateway";
import { bareStack } from "./fixtures";

function gateway(overrides: Partial<McpGatewayProps> = {}) {
  const stack = bareStack();
  new McpGateway(stack, "Gateway", {
    discoveryUrl: "https://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration",
    allowedAudience: ["api://gateway"],
    allowedClients: ["cursor-app"],
    vpcCidr: "10.60.0.0/16",
    logGroup: new logs.LogGroup(stack, "Audit"),
    encryptionKey: new kms.Key(stack, "Key"),
    targets: [{ name: "github", url: "https://api.githubcopilot.com/mcp/", credential: new secretsmanager.Secret(stack, "Token") }],
    ...overrides,
  });
  return Template.fromStack(stack);
}

describe("McpGateway", () => {
  const template = gateway();

  it("authorizes every call with a JWT for the gateway's audience", () => {
    template.hasResourceProperties("AWS::BedrockAgentCore::Gateway", {
      AuthorizerType: "CUSTOM_JWT",
      AuthorizerConfiguration: { CustomJWTAuthorizer: { DiscoveryUrl: Match.stringLikeRegexp("openid-configuration$"), AllowedAudience: ["api://gateway"], AllowedClients: ["cursor-app"] } },
      ProtocolType: "MCP",
      KmsKeyArn: Match.anyValue(),
    });
  });

  it("fronts each approved server as an MCP target with an AgentCore Identity API key provider", () => {
    template.hasResourceProperties("AWS::BedrockAgentCore::GatewayTarget", { Name: "github", TargetConfiguration: { Mcp: { McpServer: { Endpoint: "https://api.githubcopilot.com/mcp/" } } } });
    const providers = Object.values(template.findResources("AWS::BedrockAgentCore::ApiKeyCredentialProvider"));
    expect(providers).toHaveLength(1);
    expect(JSON.stringify(providers[0].Properties.ApiKey)).toContain("{{resolve:secretsmanager:");
  });

  it("is reached through a private interface endpoint with private DNS", () => {
    template.hasResourceProperties("AWS::EC2::VPCEndpoint", { ServiceName: "com.amazonaws.eu-central-1.bedrock-agentcore.gateway", VpcEndpointType: "Interface", PrivateDnsEnabled: true });
    template.resourceCountIs("AWS::EC2::InternetGateway", 0);
    template.resourceCountIs("AWS::EC2::NatGateway", 0);
  });

  it("delivers its application logs to the audit log group", () => {
    template.hasResourceProperties("AWS::Logs::DeliverySource", { LogType: "APPLICATION_LOGS" });
    template.hasResourceProperties("AWS::Logs::DeliveryDestination", { DestinationResourceArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^Audit"), "Arn"] } });
    template.resourceCountIs("AWS::Logs::Delivery", 1);
  });

  it("refuses an empty audience and a plain-HTTP server", () => {
    expect(() => gateway({ allowedAudience: [] })).toThrow("McpGateway: allowedAudience is empty; name the gateway's app id or Application ID URI, so only tokens issued for it pass");
    const stack = bareStack();
    expect(() => gateway({ targets: [{ name: "plain", url: "http://mcp.internal/", credential: new secretsmanager.Secret(stack, "T") }] })).toThrow('McpGateway: target plain: url "http://mcp.internal/" is not https');
  });
});
