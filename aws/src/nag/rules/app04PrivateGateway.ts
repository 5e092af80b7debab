import { CfnResource, Stack } from "aws-cdk-lib";
import * as agentcore from "aws-cdk-lib/aws-bedrockagentcore";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import { NagMessageLevel, NagRuleCompliance } from "cdk-nag";
import { McpGuardRule, resolved, stackResources } from "../rule";

/** Azure's APP-04: clients reach the gateway through a private endpoint, not over the internet. */
export const app04PrivateGateway: McpGuardRule = {
  id: "APP-04",
  mirrors: "APP-04",
  info: "The stack has an MCP gateway but no private interface endpoint (bedrock-agentcore.gateway, private DNS on) for clients to reach it.",
  explanation: "Add an interface VPC endpoint for the bedrock-agentcore.gateway service with privateDnsEnabled (McpGateway does).",
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof agentcore.CfnGateway)) return NagRuleCompliance.NOT_APPLICABLE;
    const stack = Stack.of(node);
    const endpoint = stackResources(node, "AWS::EC2::VPCEndpoint").some((e) => {
      if (!(e instanceof ec2.CfnVPCEndpoint)) return false;
      const service = JSON.stringify(resolved(e, e.serviceName) ?? "");
      return service.includes("bedrock-agentcore.gateway") && resolved(e, e.privateDnsEnabled) === true && stack.resolve(e.vpcEndpointType) === "Interface";
    });
    return endpoint ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
