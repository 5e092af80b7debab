import { CfnResource } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { NagMessageLevel, NagRuleCompliance } from "cdk-nag";
import { isRecord, McpGuardRule, resolved, stackResources } from "../rule";

/** The logical ids of the stack's SNS topics, as a Ref to each appears once resolved. */
function topicIds(node: CfnResource): Set<string> {
  return new Set(stackResources(node, "AWS::SNS::Topic").map((t) => t.logicalId).map((id) => String(resolved(node, id))));
}

/** Azure's REL-01: an alert that pages no group of this stack pages nobody anyone reviewed. */
export const rel01AlarmsPageTopics: McpGuardRule = {
  id: "REL-01",
  mirrors: "REL-01",
  info: "The alarm pages no SNS topic of this stack.",
  explanation: "Give the alarm an alarm action on one of McpPagingTopics' topics (the groups its alerts/*.yaml names).",
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof cloudwatch.CfnAlarm) && !(node instanceof cloudwatch.CfnLogAlarm)) return NagRuleCompliance.NOT_APPLICABLE;
    const topics = topicIds(node);
    const actions = resolved(node, node.alarmActions);
    const paged = Array.isArray(actions) && actions.some((a) => isRecord(a) && typeof a.Ref === "string" && topics.has(a.Ref));
    const enabled = resolved(node, node.actionsEnabled) !== false;
    return paged && enabled ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
