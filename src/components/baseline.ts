import * as pulumi from "@pulumi/pulumi";
import { McpGuardConfig, parseConfig, RawConfig, today } from "../config";
import { loadCheckedAlerts } from "../kql/alertLint";
import { AlertDefinition } from "../kql/alerts";
import { CatalogQuery, loadQueryCatalog } from "../kql/catalog";
import { DetectionApprovals, stackParameters } from "../kql/parameters";
import { PACKAGE_ALERTS_DIR, PACKAGE_QUERIES_DIR, PACKAGE_SERVERS_DIR } from "../packageDirs";
import { PrivateLinkGroup } from "../privateLink";
import { registryForConfig } from "../registry/stack";
import { alertRuleArgs, McpAlerts } from "./alerts";
import { McpAuditLogs } from "./auditLogs";
import { McpBaselineConfig } from "./baselineConfig";
import { McpGatewayHost } from "./gatewayHost";
import { McpPrivateNetwork } from "./privateNetwork";
import { McpSavedQueries } from "./savedQueries";
import { McpSecretsVault } from "./secretsVault";
import { LockArgs } from "./shared";
import { McpSecurityActionGroup } from "./securityActionGroup";

export interface McpGovernanceBaselineArgs {
  /**
   * Resource group that holds everything; created or adopted by the caller (the shipped program does so
   * from config.resourceGroupName and config.adoptResourceGroup, which the baseline itself only checks).
   */
  resourceGroupName: pulumi.Input<string>;
  /**
   * The environment's settings: the stack config keys (README "Stack config reference") as fields of
   * McpBaselineConfig, with the same names, checks and defaults; every problem is listed at once.
   */
  config: McpBaselineConfig;
  /**
   * Directory of the query catalog, checked against the table schema and published as saved queries and the workbook.
   * @default the package's own queries/
   */
  queriesDir?: string;
  /**
   * Directory of the alert definitions, linted against the catalog and deployed as log search alert rules.
   * @default the package's own alerts/
   */
  alertsDir?: string;
  /**
   * Directory of the approval registry (servers/<name>.yaml), checked for this environment against the
   * secret catalog: what the detections treat as approved.
   * @default the package's own servers/
   */
  serversDir?: string;
}

/** What the baseline deploys, once its args are checked: nothing is registered before this succeeds. */
export interface CheckedBaseline {
  config: McpGuardConfig;
  queries: CatalogQuery[];
  alerts: AlertDefinition[];
  approvals: DetectionApprovals;
  /** Alert lint and registry warnings, which the baseline logs. */
  warnings: string[];
}

/** The keys whose values are credentials: their values may be Outputs and are never read here. */
const SECRET_MAPS = ["secretValues", "alertLogicAppCallbackUrls"] as const;
/**
 * What stands in for a value known only at deployment (an Output or a promise): it passes the
 * non-empty check, and its key is marked secret, so it is shown as [secret] like every value there.
 */
const DEPLOY_TIME_VALUE = "[secret]";

/**
 * The portable config as the stack config parseConfig reads: each field under its own key, scalars as
 * text, lists and maps as JSON. The credential maps carry their plain strings (marked secret, so every
 * problem shows [secret]) and a stand-in for each Output.
 */
function rawConfigOf(config: McpBaselineConfig): RawConfig {
  const project = pulumi.getProject();
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  const fields: [string, unknown][] = Object.entries(config);
  for (const [key, value] of fields) {
    if (value === undefined) continue;
    values[`${project}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
  }
  for (const key of SECRET_MAPS) {
    const map = config[key];
    if (map === undefined) continue;
    secretKeys.push(`${project}:${key}`);
    if (typeof map === "object" && map !== null && !Array.isArray(map)) {
      values[`${project}:${key}`] = JSON.stringify(Object.fromEntries(Object.entries(map).map(([name, v]) => [name, typeof v === "string" ? v : DEPLOY_TIME_VALUE])));
    }
  }
  return { project, stack: pulumi.getStack(), values, secretKeys };
}

/**
 * The portable config checked exactly as stack config is (parseConfig: every problem at once, named
 * `config.<key>`) and resolved with its defaults; the credential maps' values are passed on as given,
 * as Pulumi secrets.
 */
function parseBaselineConfig(config: McpBaselineConfig, now: Date): McpGuardConfig {
  const parsed = parseConfig(rawConfigOf(config), now, { source: { keyName: (key) => `config.${key}`, what: "invalid McpGovernanceBaseline args" }, plainCredentials: false });
  const { secretValues = {}, alertLogicAppCallbackUrls = {} } = config;
  return {
    ...parsed,
    secrets: parsed.secrets.map((e) => (secretValues[e.name] === undefined ? e : { ...e, value: pulumi.secret(secretValues[e.name]) })),
    alerting: { ...parsed.alerting, logicApps: parsed.alerting.logicApps.map((l) => ({ ...l, callbackUrl: pulumi.secret(alertLogicAppCallbackUrls[l.name] ?? "") })) },
  };
}

/**
 * Checks everything the baseline deploys before anything is registered, as `mcp-guard validate` and the
 * program do: the config, every catalog query against the table schema, the alert lint, and the
 * approval registry for this environment. Throws an InputError listing every problem of the first
 * input with problems. A program that creates the resource group from the config calls it first.
 */
export function checkBaselineArgs(args: Omit<McpGovernanceBaselineArgs, "resourceGroupName">, now: Date = today()): CheckedBaseline {
  const config = parseBaselineConfig(args.config, now);
  const queries = loadQueryCatalog(args.queriesDir ?? PACKAGE_QUERIES_DIR);
  const { alerts, warnings } = loadCheckedAlerts(args.alertsDir ?? PACKAGE_ALERTS_DIR, queries);
  const registry = registryForConfig(args.serversDir ?? PACKAGE_SERVERS_DIR, config, now);
  return { config, queries, alerts, approvals: registry.approvals, warnings: [...warnings, ...registry.warnings] };
}

/** Composes every mcp-guard component from one config: the whole baseline for one environment. */
export class McpGovernanceBaseline extends pulumi.ComponentResource {
  /** Resource id of the Key Vault that holds the MCP credentials. */
  readonly keyVaultId: pulumi.Output<string>;
  /** Name of the Key Vault. */
  readonly keyVaultName: pulumi.Output<string>;
  /** The Key Vault's URI (https://<name>.vault.azure.net/). */
  readonly keyVaultUri: pulumi.Output<string>;
  /** Each catalog secret's versionless URI, by secret name. */
  readonly secretUris: pulumi.Output<Record<string, string>>;
  /** Resource id of the security team's action group, paged by every alert. */
  readonly securityActionGroupId: pulumi.Output<string>;
  /** Resource id of the on-call action group; only when config.oncallEmails is not empty. */
  readonly oncallActionGroupId?: pulumi.Output<string>;
  /** Resource id of the Log Analytics workspace that holds the MCP audit table. */
  readonly auditWorkspaceId: pulumi.Output<string>;
  /** The workspace's customer id (the id queries name it by). */
  readonly auditWorkspaceCustomerId: pulumi.Output<string>;
  /** The audit table a gateway sends records to (with the monitor-ingestion client). */
  readonly auditTableName: string;
  /** The data collection rule's stream for audit records. */
  readonly auditStreamName: string;
  /** The data collection endpoint's logs ingestion URL. */
  readonly logsIngestionEndpoint: pulumi.Output<string>;
  /** The data collection rule's immutable id, which the ingestion client names. */
  readonly dataCollectionRuleImmutableId: pulumi.Output<string>;
  /** Resource id of the query pack that holds the saved queries. */
  readonly queryPackId: pulumi.Output<string>;
  /** Resource id of the gateway activity workbook. */
  readonly workbookId?: pulumi.Output<string>;
  /** Each alert rule's resource id, by alert name. */
  readonly alertRuleIds: pulumi.Output<Record<string, string>>;
  /** The gateway's URL inside the VNet (its private endpoint). */
  readonly gatewayPrivateUrl: pulumi.Output<string>;
  /** Object id of the gateway's managed identity. */
  readonly gatewayPrincipalId: pulumi.Output<string>;
  /** A Cursor mcp.json that points at the gateway. */
  readonly cursorMcpJson: pulumi.Output<string>;

  constructor(name: string, args: McpGovernanceBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    const checked = checkBaselineArgs(args);
    super("mcp-guard:index:McpGovernanceBaseline", name, {}, opts);
    for (const w of checked.warnings) pulumi.log.warn(w);
    const { config, queries, alerts } = checked;
    const dataLock: LockArgs | undefined = config.tier.lockData ? { level: "CanNotDelete", notes: "mcp-guard: holds MCP credentials and audit data; remove the lock in the stack config first." } : undefined;

    const securityTeam = new McpSecurityActionGroup(
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
    const oncall =
      config.alerting.oncallEmails.length > 0
        ? new McpSecurityActionGroup(
        "oncall",
            { resourceGroupName: args.resourceGroupName, actionGroupName: config.names.oncallActionGroup, shortName: config.names.oncallActionGroupShortName, emails: config.alerting.oncallEmails, tags: config.tags, lock: dataLock },
            { parent: this },
          )
        : undefined;

    const auditLogs = new McpAuditLogs(
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
    const network = new McpPrivateNetwork(
      "network",
      {
        resourceGroupName: args.resourceGroupName,
        location: config.location,
        ...("existing" in config.network
          ? { existing: config.network.existing }
          : { create: { ...config.network.create, names: { vnet: n.virtualNetwork, privateEndpointNsg: n.privateEndpointNsg, integrationNsg: n.integrationNsg, natGateway: n.natGateway, natPublicIp: n.natPublicIp } } }),
        groups,
        existingZoneIds: config.existingPrivateDnsZoneIds,
        diagnostics: { workspaceId: auditLogs.workspaceId },
        tags: config.tags,
      },
      { parent: this },
    );
    const endpointsIn = (group: PrivateLinkGroup) => ({ subnetId: network.privateEndpointSubnetId, privateDnsZoneIds: network.zonesFor(group) });
    if (privateMonitoring) auditLogs.connectPrivateEndpoint(endpointsIn("azuremonitor"));

    const secretsVault = new McpSecretsVault(
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
        expiryActionGroupIds: [securityTeam.actionGroupId],
        diagnostics: { workspaceId: auditLogs.workspaceId },
        privateEndpoint: endpointsIn("vault"),
        tags: config.tags,
        lock: dataLock,
        protect: config.tier.protectData,
        retainOnDelete: config.tier.retainData,
      },
      { parent: this },
    );

    const gateway = new McpGatewayHost(
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
        integrationSubnetId: network.integrationSubnetId,
        privateEndpoint: endpointsIn("sites"),
        vault: secretsVault.gatewayInputs(),
        secretNames: config.gateway.secretNames,
        auditLogs: auditLogs.gatewayInputs(),
        edgeAuth: config.gateway.edgeAuth,
        tags: { ...config.tags, ...(config.gateway.placeholderImage ? { "gateway-image": "placeholder" } : {}) },
      },
      { parent: this },
    );
    const detectionParameters = stackParameters<pulumi.Input<string>>(checked.approvals, [gateway.principalId]);

    const savedQueries = new McpSavedQueries(
      "queries",
      {
        resourceGroupName: args.resourceGroupName,
        location: config.location,
        queryPackName: config.names.queryPack,
        workspaceId: auditLogs.workspaceId,
        queries: [...queries],
        parameters: detectionParameters,
        workbook: { displayName: `MCP gateway activity (${config.environment})` },
        tags: config.tags,
      },
      { parent: this },
    );

    const alertRules = new McpAlerts(
      "alerts",
      {
        resourceGroupName: args.resourceGroupName,
        location: config.location,
        workspaceId: auditLogs.workspaceId,
        identityName: config.names.alertsIdentity,
        alerts: alerts.map(alertRuleArgs),
        environment: config.environment,
        thresholds: config.alertThresholds,
        actionGroups: { securityTeam: securityTeam.actionGroupId, ...(oncall ? { oncall: oncall.actionGroupId } : {}) },
        parameters: detectionParameters,
        tags: config.tags,
      },
      { parent: this },
    );

    this.keyVaultId = secretsVault.vaultId;
    this.keyVaultName = secretsVault.vaultName;
    this.keyVaultUri = secretsVault.vaultUri;
    this.secretUris = pulumi.output(Object.fromEntries(Object.entries(secretsVault.secrets).map(([secret, s]) => [secret, s.uri])));
    this.securityActionGroupId = securityTeam.actionGroupId;
    this.oncallActionGroupId = oncall?.actionGroupId;
    this.auditWorkspaceId = auditLogs.workspaceId;
    this.auditWorkspaceCustomerId = auditLogs.workspaceCustomerId;
    this.auditTableName = auditLogs.tableName;
    this.auditStreamName = auditLogs.streamName;
    this.logsIngestionEndpoint = auditLogs.logsIngestionEndpoint;
    this.dataCollectionRuleImmutableId = auditLogs.dataCollectionRuleImmutableId;
    this.queryPackId = savedQueries.queryPackId;
    this.workbookId = savedQueries.workbookId;
    this.alertRuleIds = pulumi.output(alertRules.ruleIds);
    this.gatewayPrivateUrl = gateway.privateUrl;
    this.gatewayPrincipalId = gateway.principalId;
    this.cursorMcpJson = gateway.cursorMcpJson;
    this.registerOutputs({});
  }
}
