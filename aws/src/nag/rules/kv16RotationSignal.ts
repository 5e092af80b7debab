import { CfnResource } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { NagMessageLevel, NagRuleCompliance } from "cdk-nag";
import { isRecord, McpGuardRule, resolved, stackResources } from "../rule";

/** Azure subscribes SecretNearExpiry/SecretExpired; the AWS signal is Secrets Manager's RotationFailed event. */
export const kv16RotationSignal: McpGuardRule = {
  id: "KV-16",
  mirrors: "KV-16",
  info: "No EventBridge rule in the stack pages on the MCP secrets' RotationFailed events.",
  explanation: "Add a rule matching source aws.secretsmanager, eventName RotationFailed, with an SNS target (McpSecrets does).",
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof secretsmanager.CfnSecret)) return NagRuleCompliance.NOT_APPLICABLE;
    const wired = stackResources(node, "AWS::Events::Rule").some((r) => {
      if (!(r instanceof events.CfnRule)) return false;
      const pattern = resolved(r, r.eventPattern);
      const detail = isRecord(pattern) ? pattern.detail : undefined;
      const names = isRecord(detail) && Array.isArray(detail.eventName) ? detail.eventName : [];
      const targets = resolved(r, r.targets);
      return names.includes("RotationFailed") && Array.isArray(targets) && targets.length > 0 && r.state !== "DISABLED";
    });
    return wired ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
