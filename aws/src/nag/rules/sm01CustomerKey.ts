import { CfnResource } from "aws-cdk-lib";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { NagMessageLevel, NagRuleCompliance } from "cdk-nag";
import { McpGuardRule, resolved } from "../rule";

/** Without a customer key, anyone with secretsmanager:GetSecretValue reads the value; a key policy adds a second gate and an audit trail. */
export const sm01CustomerKey: McpGuardRule = {
  id: "SM-01",
  info: "The MCP secret is encrypted with the AWS managed key aws/secretsmanager, not a customer key.",
  explanation: "Give the secret a customer-managed KMS key (kmsKeyId; McpSecrets creates one with rotation on).",
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof secretsmanager.CfnSecret)) return NagRuleCompliance.NOT_APPLICABLE;
    const key = resolved(node, node.kmsKeyId);
    return key === undefined || key === "alias/aws/secretsmanager" ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
