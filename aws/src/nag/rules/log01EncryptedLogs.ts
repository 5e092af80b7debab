import { CfnResource } from "aws-cdk-lib";
import * as logs from "aws-cdk-lib/aws-logs";
import { NagMessageLevel, NagRuleCompliance } from "cdk-nag";
import { McpGuardRule, resolved } from "../rule";

/** Audit records name users, tools and addresses: a customer key lets the key policy decide who decrypts them. */
export const log01EncryptedLogs: McpGuardRule = {
  id: "LOG-01",
  info: "The log group is not encrypted with a customer-managed KMS key.",
  explanation: "Give the log group an encryptionKey (McpAuditLogGroup creates one whose policy admits CloudWatch Logs).",
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof logs.CfnLogGroup)) return NagRuleCompliance.NOT_APPLICABLE;
    return resolved(node, node.kmsKeyId) === undefined ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
