import * as path from "node:path";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { checkBaselineArgs, McpGovernanceBaseline, McpGovernanceBaselineArgs } from "./src/components/baseline";
import { checkConfig, configDocs, today } from "./src/config";
import { protectSecretConfig } from "./src/secretConfig";
import { readStackConfig } from "./src/stackConfig";

/**
 * The mcp-guard program: stack config in, the MCP governance baseline out. Config is validated before
 * anything is registered, so a typo fails the preview with every problem listed and nothing half-built.
 */
export = async () => {
  const raw = readStackConfig();
  const now = today();
  // The stack file's own checks (unknown keys, namespaces, credentials in plain text), named as it spells them.
  const given = checkConfig(raw, now);
  // Keys mcp-guard treats as credentials are wrapped where they are read; any other key set with --secret is wrapped here.
  protectSecretConfig(raw, Object.entries(configDocs).filter(([, doc]) => doc.secret).map(([k]) => `${raw.project}:${k}`));
  const secret = (map: Record<string, string> | undefined) => (map === undefined ? undefined : Object.fromEntries(Object.entries(map).map(([k, v]) => [k, pulumi.secret(v)])));
  const args: Omit<McpGovernanceBaselineArgs, "resourceGroupName"> = {
    config: { ...given, secretValues: secret(given.secretValues), alertLogicAppCallbackUrls: secret(given.alertLogicAppCallbackUrls) },
    queriesDir: path.join(__dirname, "queries"),
    alertsDir: path.join(__dirname, "alerts"),
    serversDir: path.join(__dirname, "servers"),
  };
  // Every query, alert and server review is checked before the resource group is registered, as `mcp-guard validate` does.
  const { config } = checkBaselineArgs(args, now);

  const resourceGroup = config.resourceGroup.adopt
    ? resources.getResourceGroupOutput({ resourceGroupName: config.resourceGroup.name })
    : new resources.ResourceGroup(
        "resource-group",
        { resourceGroupName: config.resourceGroup.name, location: config.location, tags: config.tags },
        // Deleting the group deletes the vault and the audit trail with it.
        { protect: config.tier.protectData },
      );

  const baseline = new McpGovernanceBaseline("mcp-guard", { ...args, resourceGroupName: resourceGroup.name });

  return {
    resourceGroupName: resourceGroup.name,
    resourceGroupId: resourceGroup.id,
    location: config.location,
    keyVaultId: baseline.keyVaultId,
    keyVaultName: baseline.keyVaultName,
    keyVaultUri: baseline.keyVaultUri,
    secretUris: baseline.secretUris,
    securityActionGroupId: baseline.securityActionGroupId,
    // What a gateway needs to send audit records with @azure/monitor-ingestion.
    auditWorkspaceId: baseline.auditWorkspaceId,
    auditWorkspaceCustomerId: baseline.auditWorkspaceCustomerId,
    auditTableName: baseline.auditTableName,
    auditStreamName: baseline.auditStreamName,
    logsIngestionEndpoint: baseline.logsIngestionEndpoint,
    dataCollectionRuleImmutableId: baseline.dataCollectionRuleImmutableId,
    queryPackId: baseline.queryPackId,
    workbookId: baseline.workbookId,
    ...(baseline.oncallActionGroupId ? { oncallActionGroupId: baseline.oncallActionGroupId } : {}),
    alertRuleIds: baseline.alertRuleIds,
    gatewayPrivateUrl: baseline.gatewayPrivateUrl,
    gatewayPrincipalId: baseline.gatewayPrincipalId,
    cursorMcpJson: baseline.cursorMcpJson,
  };
};
