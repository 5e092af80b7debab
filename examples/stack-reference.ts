import * as pulumi from "@pulumi/pulumi";

/**
 * How another stack reads mcp-guard's outputs, for example a gateway team deploying its own build:
 * `mcpGuardOutputs("contoso/mcp-guard/prod")`. None of the outputs is a secret.
 */
export function mcpGuardOutputs(stackName: string) {
  const ref = new pulumi.StackReference(stackName);
  const text = (name: string): pulumi.Output<string> => pulumi.interpolate`${ref.requireOutput(name)}`;
  return {
    keyVaultUri: text("keyVaultUri"),
    logsIngestionEndpoint: text("logsIngestionEndpoint"),
    dataCollectionRuleImmutableId: text("dataCollectionRuleImmutableId"),
    auditStreamName: text("auditStreamName"),
    gatewayPrivateUrl: text("gatewayPrivateUrl"),
  };
}
