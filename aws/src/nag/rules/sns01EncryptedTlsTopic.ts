import { CfnResource } from "aws-cdk-lib";
import * as sns from "aws-cdk-lib/aws-sns";
import { NagMessageLevel, NagRuleCompliance } from "cdk-nag";
import { isRecord, McpGuardRule, resolved, stackResources } from "../rule";

/** Does a topic policy in the stack deny this topic's publishes over plain HTTP (aws:SecureTransport false)? */
function tlsOnly(node: sns.CfnTopic): boolean {
  return stackResources(node, "AWS::SNS::TopicPolicy").some((p) => {
    if (!(p instanceof sns.CfnTopicPolicy)) return false;
    const topics = resolved(p, p.topics);
    const covers = Array.isArray(topics) && topics.some((t) => isRecord(t) && t.Ref === resolved(node, node.logicalId));
    const doc = resolved(p, p.policyDocument);
    const statements = isRecord(doc) && Array.isArray(doc.Statement) ? doc.Statement : [];
    const denies = statements.some((s) => isRecord(s) && s.Effect === "Deny" && JSON.stringify(s.Condition ?? {}).includes('"aws:SecureTransport":"false"'));
    return covers && denies;
  });
}

/** Pages carry alert details (users, servers): a customer key, and no publish without TLS. */
export const sns01EncryptedTlsTopic: McpGuardRule = {
  id: "SNS-01",
  info: "The paging topic is not encrypted with a customer key, or its policy does not refuse publishes without TLS.",
  explanation: "Give the topic a masterKey and enforceSSL: true (McpPagingTopics sets both).",
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof sns.CfnTopic)) return NagRuleCompliance.NOT_APPLICABLE;
    return resolved(node, node.kmsMasterKeyId) !== undefined && tlsOnly(node) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
