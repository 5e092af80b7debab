import { Token, Validations } from "aws-cdk-lib";
import { IConstruct } from "constructs";
import { McpGuardStack } from "./stack";

/** cdk-nag 3 reports an AwsSolutions finding under this id; acknowledging it needs the same spelling. */
const aws = (rule: string) => `AwsSolutions::AwsSolutions-${rule}`;

function ack(scope: IConstruct | undefined, ids: readonly string[], reason: string): void {
  if (scope) Validations.of(scope).acknowledge(...ids.map((id) => ({ id, reason })));
}

/**
 * The cdk-nag findings this design accepts, each with its reason (cdk-nag 3 records them as construct
 * metadata and the validation report lists them). Each is acknowledged on the one construct that has it,
 * never on the stack, so a new resource with the same finding still fails.
 */
export function acknowledgeFindings(stack: McpGuardStack): void {
  const kmsActions = ["kms:GenerateDataKey*", "kms:ReEncrypt*"].map((a) => aws(`IAM5[Action::${a}]`));
  for (const [name, secret] of stack.secrets.secrets) {
    const spec = stack.config.secrets.find((s) => s.name === name);
    if (spec?.rotationFunctionArn === undefined) {
      ack(secret.node.defaultChild, [aws("SMG4")], `${name} is a token issued by another system (GitHub, Azure DevOps, a database) that Secrets Manager cannot mint; its owner rotates it every ${spec?.rotationDays} days and the daily expiry check pages before the expires tag`);
    }
  }
  ack(stack.secrets.expiryCheck.role?.node.tryFindChild("DefaultPolicy")?.node.defaultChild, [aws("IAM5[Resource::*]"), ...kmsActions], "secretsmanager:ListSecrets has no resource-level permissions (Service Authorization Reference); the KMS action wildcards are CDK's grant on the one paging-topic key");
  ack(stack.gateway.gateway.role.node.tryFindChild("DefaultPolicy")?.node.defaultChild, kmsActions, "CDK's grant of the gateway's one encryption key to its service role: the action wildcards cover the GenerateDataKey and ReEncrypt variants on that key only");
  if (stack.gateway.targets > 0) {
    // cdk-nag names a resource finding by the ARN as written, intrinsics as <AWS::...>.
    const account = Token.isUnresolved(stack.account) ? "<AWS::AccountId>" : stack.account;
    const arn = (service: string, resource: string) => `Resource::arn:<AWS::Partition>:${service}:${stack.region}:${account}:${resource}`;
    ack(
      stack.gateway.gateway.role.node.tryFindChild("DefaultPolicy")?.node.defaultChild,
      [aws(`IAM5[${arn("bedrock-agentcore", `workload-identity-directory/default/workload-identity/${stack.gateway.gateway.gatewayName}-*`)}]`), aws(`IAM5[${arn("secretsmanager", "secret:bedrock-agentcore-identity!*")}]`)],
      "CDK's grant for AgentCore Identity credential providers: the gateway's workload identities (named after the gateway) and the service-owned secrets AgentCore Identity stores the upstream tokens in (bedrock-agentcore-identity!*), whose names the service chooses",
    );
    ack(stack.gateway.gateway, ["Annotation::aws-cdk-lib.aws-bedrockagentcore:wildcardSecretArnGrant"], "The API key providers are created in this stack, so their secret ARNs are tokens at synthesis; the grant is limited to AgentCore Identity's own bedrock-agentcore-identity!* secrets");
  }
}
