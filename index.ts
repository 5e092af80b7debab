import * as path from "node:path";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { McpGovernanceBaseline } from "./src/components/baseline";
import { configDocs, parseConfig, today } from "./src/config";
import { protectSecretConfig } from "./src/secretConfig";
import { loadCheckedAlerts } from "./src/kql/alertLint";
import { loadQueryCatalog } from "./src/kql/catalog";
import { registryForConfig } from "./src/registry/stack";
import { readStackConfig } from "./src/stackConfig";

/**
 * The mcp-guard program: stack config in, the MCP governance baseline out. Config is validated before
 * anything is registered, so a typo fails the preview with every problem listed and nothing half-built.
 */
export = async () => {
  const raw = readStackConfig();
  const now = today();
  const config = parseConfig(raw, now);
  // Keys mcp-guard treats as credentials are wrapped where they are read; any other key set with --secret is wrapped here.
  protectSecretConfig(raw, Object.entries(configDocs).filter(([, doc]) => doc.secret).map(([k]) => `${raw.project}:${k}`));
  // Every query is checked against the table schema before anything is registered, as `mcp-guard validate` does.
  const queries = loadQueryCatalog(path.join(__dirname, "queries"));
  const { alerts, warnings } = loadCheckedAlerts(path.join(__dirname, "alerts"), queries);
  for (const w of warnings) pulumi.log.warn(w);
  // The approval registry: each server's review, checked for this environment against its secret catalog.
  const registry = registryForConfig(path.join(__dirname, "servers"), config, now);
  for (const w of registry.warnings) pulumi.log.warn(w);

  const resourceGroup = config.resourceGroup.adopt
    ? resources.getResourceGroupOutput({ resourceGroupName: config.resourceGroup.name })
    : new resources.ResourceGroup(
        "resource-group",
        { resourceGroupName: config.resourceGroup.name, location: config.location, tags: config.tags },
        // Deleting the group deletes the vault and the audit trail with it.
        { protect: config.tier.protectData },
      );

  const baseline = new McpGovernanceBaseline("mcp-guard", { config, resourceGroupName: resourceGroup.name, queries, alerts, approvals: registry.approvals });
  const vault = baseline.secretsVault;
  const audit = baseline.auditLogs;

  return {
    resourceGroupName: resourceGroup.name,
    resourceGroupId: resourceGroup.id,
    location: config.location,
    keyVaultId: vault.vaultId,
    keyVaultName: vault.vaultName,
    keyVaultUri: vault.vaultUri,
    secretUris: pulumi.output(Object.fromEntries(Object.entries(vault.secrets).map(([name, s]) => [name, s.uri]))),
    securityActionGroupId: baseline.securityTeam.actionGroupId,
    // What a gateway needs to send audit records with @azure/monitor-ingestion.
    auditWorkspaceId: audit.workspaceId,
    auditWorkspaceCustomerId: audit.workspaceCustomerId,
    auditTableName: audit.tableName,
    auditStreamName: audit.streamName,
    logsIngestionEndpoint: audit.logsIngestionEndpoint,
    dataCollectionRuleImmutableId: audit.dataCollectionRuleImmutableId,
    queryPackId: baseline.savedQueries.queryPackId,
    workbookId: baseline.savedQueries.workbookId,
    ...(baseline.oncall ? { oncallActionGroupId: baseline.oncall.actionGroupId } : {}),
    alertRuleIds: pulumi.output(baseline.alerts.ruleIds),
    gatewayPrivateUrl: baseline.gateway.privateUrl,
    gatewayPrincipalId: baseline.gateway.principalId,
    cursorMcpJson: baseline.gateway.cursorMcpJson,
  };
};
