import { CfnResource, TagManager } from "aws-cdk-lib";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { NagMessageLevel, NagRuleCompliance } from "cdk-nag";
import { McpGuardRule } from "../rule";

/** Secrets Manager has no expiry attribute: the `expires` tag is the record the expiry check reads. */
export const kv11SecretExpiry: McpGuardRule = {
  id: "KV-11",
  mirrors: "KV-11",
  info: "The MCP secret has no expires tag (YYYY-MM-DD), so nothing pages before the credential expires.",
  explanation: "Give the secret an expires tag mirroring the credential's real expiry (the stage's secrets[].expires; McpSecrets writes it).",
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof secretsmanager.CfnSecret)) return NagRuleCompliance.NOT_APPLICABLE;
    const expires = TagManager.of(node)?.tagValues().expires;
    return expires !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(expires) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
