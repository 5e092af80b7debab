import { CfnResource } from "aws-cdk-lib";
import * as agentcore from "aws-cdk-lib/aws-bedrockagentcore";
import { NagMessageLevel, NagRuleCompliance } from "cdk-nag";
import { isRecord, McpGuardRule, resolved } from "../rule";

/** Azure's APP-15 and AUTH-03 in one: the gateway authorizes every call, and only tokens issued for it. */
export const auth03AllowedAudiences: McpGuardRule = {
  id: "AUTH-03",
  mirrors: "AUTH-03",
  info: "The MCP gateway does not check JWTs against allowed audiences (no authorizer, IAM only, or an empty audience list).",
  explanation: "Authorize with GatewayAuthorizer.usingCustomJwt and list the gateway's app id or Application ID URI in allowedAudience (gateway.allowedAudience in the stage config).",
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof agentcore.CfnGateway)) return NagRuleCompliance.NOT_APPLICABLE;
    const config = resolved(node, node.authorizerConfiguration);
    const jwt = isRecord(config) ? config.CustomJWTAuthorizer ?? config.customJwtAuthorizer : undefined;
    const audience = isRecord(jwt) ? jwt.AllowedAudience ?? jwt.allowedAudience : undefined;
    return node.authorizerType === "CUSTOM_JWT" && Array.isArray(audience) && audience.length > 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
