import * as pulumi from "@pulumi/pulumi";
import { McpAuditLogs, McpSecretsVault } from "mcp-guard";

// A platform team that already runs its resource group, VNet and private DNS reuses two mcp-guard
// components: an audit pipeline for its own MCP gateway and a vault for its MCP credentials.
const config = new pulumi.Config();
const resourceGroupName = config.require("resourceGroupName");
const placement = { resourceGroupName, location: "westeurope", tags: { environment: "prod", workload: "team-a", "managed-by": "pulumi" } };

const audit = new McpAuditLogs("team-audit", {
  ...placement,
  workspaceName: "law-team-a-mcp-audit",
  retentionInDays: 180,
  publicAccess: { reason: "team A reaches Azure Monitor through the hub's private link scope, not its own" },
});

const vault = new McpSecretsVault("team-vault", {
  ...placement,
  vaultName: "kv-team-a-mcp-7c31",
  secrets: [{ name: "jira-mcp-token", contentType: "api-token", owner: "team-a", rotationDays: 30, expires: "2026-12-20" }],
  privateEndpoint: { subnetId: config.require("privateEndpointSubnetId"), privateDnsZoneIds: [config.require("vaultZoneId")] },
  diagnostics: { workspaceId: audit.workspaceId },
  lock: { level: "CanNotDelete", notes: "team A's MCP credentials" },
});

export const workspaceId = audit.workspaceId;
export const logsIngestionEndpoint = audit.logsIngestionEndpoint;
export const vaultUri = vault.vaultUri;
