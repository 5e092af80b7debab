import * as pulumi from "@pulumi/pulumi";
import { McpGuardConfig } from "../config";
import { AlertDefinition } from "../kql/alerts";
import { DetectionApprovals, stackParameters } from "../kql/parameters";
import { CatalogQuery } from "../kql/catalog";
import { alertRuleArgs, McpAlerts } from "./alerts";
import { McpAuditLogs } from "./auditLogs";
import { McpGatewayHost } from "./gatewayHost";
import { PrivateLinkGroup } from "../privateLink";
import { McpPrivateNetwork } from "./privateNetwork";
import { McpSavedQueries } from "./savedQueries";
import { McpSecretsVault } from "./secretsVault";
import { LockArgs } from "./shared";
import { McpSecurityActionGroup } from "./securityActionGroup";

export interface McpGovernanceBaselineArgs {
  /** The validated stack config (see src/config.ts); every default is already resolved. */
  config: McpGuardConfig;
  /** Resource group that holds everything; created or adopted by the caller. */
  resourceGroupName: pulumi.Input<string>;
  /** The checked query catalog (`loadQueryCatalog`), published as saved queries and the workbook. */
  queries: readonly CatalogQuery[];
  /** The alert definitions (`loadAlertFiles`), deployed as log search alert rules. */
  alerts: readonly AlertDefinition[];
  /**
   * What the detections treat as approved: the servers, tools and endpoints of the approval registry
   * for this environment (`registryForConfig(...).approvals`, src/registry/stack.ts).
   * @default - nothing approved: every server and tool the gateway records is flagged
   */
  approvals?: DetectionApprovals;
}

const NOTHING_APPROVED: DetectionApprovals = { servers: [], serverTools: [], serverEndpoints: [], alwaysOnServers: [] };

/** Composes every mcp-guard component from one validated config: the whole baseline for one environment. */
export class McpGovernanceBaseline extends pulumi.ComponentResource {
  readonly securityTeam: McpSecurityActionGroup;
  readonly auditLogs: McpAuditLogs;
  readonly network: McpPrivateNetwork;
  readonly gateway: McpGatewayHost;
  readonly secretsVault: McpSecretsVault;
  readonly savedQueries: McpSavedQueries;
  readonly oncall?: McpSecurityActionGroup;
  readonly alerts: McpAlerts;

  constructor(name: string, args: McpGovernanceBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("mcp-guard:index:McpGovernanceBaseline", name, {}, opts);
    const { config } = args;
    const dataLock: LockArgs | undefined = config.tier.lockData ? { level: "CanNotDelete", notes: "mcp-guard: holds MCP credentials and audit data; remove the lock in the stack config first." } : undefined;

    this.securityTeam = new McpSecurityActionGroup(
      "security-team",
      {
        resourceGroupName: args.resourceGroupName,
        actionGroupName: config.names.actionGroup,
        shortName: config.names.actionGroupShortName,
        emails: config.alertEmails,
        webhooks: config.alerting.webhooks,
        logicApps: config.alerting.logicApps,
        tags: config.tags,
        lock: dataLock,
      },
      { parent: this },
    );
    if (config.alerting.oncallEmails.length > 0) {
      this.oncall = new McpSecurityActionGroup(
        "oncall",
        { resourceGroupName: args.resourceGroupName, actionGroupName: config.names.oncallActionGroup, shortName: config.names.oncallActionGroupShortName, emails: config.alerting.oncallEmails, tags: config.tags, lock: dataLock },
        { parent: this },
      );
    }

    this.auditLogs = new McpAuditLogs(
      "audit",
      {
        resourceGroupName: args.resourceGroupName,
        location: config.location,
        workspaceName: config.names.logAnalyticsWorkspace,
        dataCollectionEndpointName: config.names.dataCollectionEndpoint,
        dataCollectionRuleName: config.names.dataCollectionRule,
        privateLinkScopeName: config.names.privateLinkScope,
        retentionInDays: config.auditLogs.retentionDays,
        totalRetentionInDays: config.auditLogs.totalRetentionDays,
        dailyQuotaGb: config.auditLogs.dailyQuotaGb,
        publicAccess: config.tier.publicMonitoringReason === undefined ? undefined : { reason: config.tier.publicMonitoringReason },
        ingestionPrincipalIds: config.auditLogs.senderPrincipalIds,
        tags: config.tags,
        lock: dataLock,
        protect: config.tier.protectData,
        retainOnDelete: config.tier.retainData,
      },
      { parent: this },
    );

    const privateMonitoring = config.tier.publicMonitoringReason === undefined;
    const groups: PrivateLinkGroup[] = privateMonitoring ? ["vault", "sites", "azuremonitor"] : ["vault", "sites"];
    const n = config.names;
    this.network = new McpPrivateNetwork(
      "network",
      {
        resourceGroupName: args.resourceGroupName,
        location: config.location,
        ...("existing" in config.network
          ? { existing: config.network.existing }
          : { create: { ...config.network.create, names: { vnet: n.virtualNetwork, privateEndpointNsg: n.privateEndpointNsg, integrationNsg: n.integrationNsg, natGateway: n.natGateway, natPublicIp: n.natPublicIp } } }),
        groups,
        existingZoneIds: config.existingPrivateDnsZoneIds,
        diagnostics: { workspaceId: this.auditLogs.workspaceId },
        tags: config.tags,
      },
      { parent: this },
    );
    const endpointsIn = (group: PrivateLinkGroup) => ({ subnetId: this.network.privateEndpointSubnetId, privateDnsZoneIds: this.network.zonesFor(group) });
    if (privateMonitoring) this.auditLogs.connectPrivateEndpoint(endpointsIn("azuremonitor"));

    this.secretsVault = new McpSecretsVault(
      "secrets",
      {
        resourceGroupName: args.resourceGroupName,
        location: config.location,
        vaultName: config.names.keyVault,
        sku: config.keyVault.sku,
        softDeleteRetentionDays: config.keyVault.softDeleteRetentionDays,
        allowedIpRanges: config.keyVault.allowedIpRanges,
        secretReadScope: config.keyVault.secretReadScope,
        operatorsGroupId: config.keyVault.operatorsGroupId,
        secrets: config.secrets,
        expiryActionGroupIds: [this.securityTeam.actionGroupId],
        diagnostics: { workspaceId: this.auditLogs.workspaceId },
        privateEndpoint: endpointsIn("vault"),
        tags: config.tags,
        lock: dataLock,
        protect: config.tier.protectData,
        retainOnDelete: config.tier.retainData,
      },
      { parent: this },
    );

    this.gateway = new McpGatewayHost(
      "gateway",
      {
        resourceGroupName: args.resourceGroupName,
        location: config.location,
        planName: n.appServicePlan,
        identityName: n.gatewayIdentity,
        appName: n.webApp,
        sku: config.gateway.sku,
        image: config.gateway.image,
        port: config.gateway.port,
        healthCheckPath: config.gateway.healthCheckPath,
        mcpPath: config.gateway.mcpPath,
        integrationSubnetId: this.network.integrationSubnetId,
        privateEndpoint: endpointsIn("sites"),
        vault: this.secretsVault.gatewayInputs(),
        secretNames: config.gateway.secretNames,
        auditLogs: this.auditLogs.gatewayInputs(),
        edgeAuth: config.gateway.edgeAuth,
        tags: { ...config.tags, ...(config.gateway.placeholderImage ? { "gateway-image": "placeholder" } : {}) },
      },
      { parent: this },
    );
    const detectionParameters = stackParameters<pulumi.Input<string>>(args.approvals ?? NOTHING_APPROVED, [this.gateway.principalId]);

    this.savedQueries = new McpSavedQueries(
      "queries",
      {
        resourceGroupName: args.resourceGroupName,
        location: config.location,
        queryPackName: config.names.queryPack,
        workspaceId: this.auditLogs.workspaceId,
        queries: [...args.queries],
        parameters: detectionParameters,
        workbook: { displayName: `MCP gateway activity (${config.environment})` },
        tags: config.tags,
      },
      { parent: this },
    );

    this.alerts = new McpAlerts(
      "alerts",
      {
        resourceGroupName: args.resourceGroupName,
        location: config.location,
        workspaceId: this.auditLogs.workspaceId,
        identityName: config.names.alertsIdentity,
        alerts: args.alerts.map(alertRuleArgs),
        environment: config.environment,
        thresholds: config.alertThresholds,
        actionGroups: { securityTeam: this.securityTeam.actionGroupId, ...(this.oncall ? { oncall: this.oncall.actionGroupId } : {}) },
        parameters: detectionParameters,
        tags: config.tags,
      },
      { parent: this },
    );

    this.registerOutputs({});
  }
}
