import { CfnResource } from "aws-cdk-lib";
import * as logs from "aws-cdk-lib/aws-logs";
import { NagMessageLevel, NagRuleCompliance } from "cdk-nag";
import { McpGuardRule, resolved } from "../rule";

/** A log group without RetentionInDays keeps records forever by default: the retention must be a decision. */
export const tbl06ExplicitRetention: McpGuardRule = {
  id: "TBL-06",
  mirrors: "TBL-06",
  info: "The log group has no explicit retention.",
  explanation: "Set retentionInDays (auditRetentionDays in the stage config for the audit log group).",
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof logs.CfnLogGroup)) return NagRuleCompliance.NOT_APPLICABLE;
    return typeof resolved(node, node.retentionInDays) === "number" ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
