import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import { nameProblem } from "../naming";
import { exceptionTag } from "../policyExceptions";
import { MCP_SERVER_LOGS_FUNCTION, MCP_SERVER_LOGS_FUNCTION_BODY, MCP_SERVER_LOGS_STREAM, MCP_SERVER_LOGS_TABLE, streamColumns, tableColumns } from "../schema/mcpServerLogs";
import { ingestionTransformKql } from "../schema/redaction";
import type { GatewayAuditArgs } from "./gatewayHost";
import { assignRole, DiagnosticsArgs, lockResource, LockArgs, privateEndpoint, PrivateEndpointArgs, RoleAssignmentArgs, sendDiagnostics } from "./shared";

/** Public network access to the workspace and the DCE, and why: the reason is the written policy exception. */
export interface PublicAccessArgs {
  /** Why this workspace takes public traffic, shown to reviewers and in policy reports (LAW-02, LAW-03, DCE-02). */
  reason: string;
}

export interface McpAuditLogsArgs {
  /** Resource group that holds the workspace, the DCE, the DCR and the private link scope. */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region of the workspace, the DCE and the DCR (the Logs Ingestion API needs all three in one region). */
  location: pulumi.Input<string>;
  /** Workspace name: 4-63 letters, digits and hyphens. */
  workspaceName: string;
  /** Data collection endpoint name (3-44 characters). @default `${workspaceName}-dce` */
  dataCollectionEndpointName?: string;
  /** Data collection rule name (3-64 characters). @default `${workspaceName}-dcr` */
  dataCollectionRuleName?: string;
  /** Name of the Azure Monitor private link scope created when access is private. @default `${workspaceName}-ampls` */
  privateLinkScopeName?: string;
  /** Workspace retention in days (30-730); also the table's interactive retention. @default 90 */
  retentionInDays?: number;
  /** Total retention of the audit table in days, interactive plus long-term (4-4383, at least retentionInDays). @default 365 */
  totalRetentionInDays?: number;
  /**
   * Daily ingestion cap in GB. Records over the cap are dropped until the next day, so a cap trades
   * audit completeness for cost. @default - no cap
   */
  dailyQuotaGb?: number;
  /**
   * Allow ingestion and queries from public networks (still Entra-only: local auth is always off), with
   * the reason that reviewers and policy reports see. @default - private only: public ingestion and
   * query disabled, and a private link scope (PrivateOnly) holding the workspace and the DCE
   */
  publicAccess?: PublicAccessArgs;
  /** Object ids of identities that send audit records (the gateway's): Monitoring Metrics Publisher on the DCR. @default [] */
  ingestionPrincipalIds?: pulumi.Input<string>[];
  /** Where the workspace's query audit (LAQueryLogs) and the DCR's error logs go. @default - this workspace */
  diagnostics?: DiagnosticsArgs;
  /** Private endpoint of the private link scope (group `azuremonitor`, the five Azure Monitor zones); needs private access. @default - none */
  privateEndpoint?: PrivateEndpointArgs;
  /** Extra role assignments on the workspace, e.g. Log Analytics Reader for the SOC. @default [] */
  roleAssignments?: RoleAssignmentArgs[];
  /** Tags on every resource that takes them. @default {} */
  tags?: Record<string, string>;
  /** A management lock on the workspace. @default - none */
  lock?: LockArgs;
  /** Pulumi `protect` on the workspace and the audit table, so `pulumi destroy` refuses to delete the audit trail. @default false */
  protect?: boolean;
  /**
   * Pulumi `retainOnDelete` on the workspace and the audit table: removing them from the program or
   * destroying the stack leaves the audit trail in Azure (only the stack forgets it). @default false
   */
  retainOnDelete?: boolean;
}

const DESTINATION = "audit-workspace";

/**
 * The endpoint's Logs Ingestion URL. In a preview that creates the endpoint it is unknown and the SDK
 * never calls this; an endpoint Azure created always reports one (dataCollectionEndpoints, Microsoft.Insights
 * 2024-03-11, the version azure-native 3.28 uses). A gateway given "" would start with no audit destination,
 * so an absent URL is an error that says so, never a stand-in.
 */
export function logsIngestionUrl(component: string, endpointName: string, logsIngestion: { endpoint?: string } | undefined): string {
  if (!logsIngestion?.endpoint) throw new Error(`McpAuditLogs ${component}: data collection endpoint ${endpointName} reports no logsIngestion.endpoint, which Azure sets on every endpoint it creates; run \`pulumi refresh\` and check that the endpoint exists`);
  return logsIngestion.endpoint;
}

/**
 * Every MCP call in one queryable table: a Log Analytics workspace with the MCPServerLogs_CL table, a
 * data collection endpoint and rule that redact credentials before storage, the MCPServerLogs function
 * the guide's queries use, and (by default) a private link scope so nothing travels over public networks.
 */
export class McpAuditLogs extends pulumi.ComponentResource {
  readonly workspace: operationalinsights.Workspace;
  readonly workspaceId: pulumi.Output<string>;
  /** The workspace GUID that query APIs take. */
  readonly workspaceCustomerId: pulumi.Output<string>;
  readonly tableName: string = MCP_SERVER_LOGS_TABLE;
  readonly streamName: string = MCP_SERVER_LOGS_STREAM;
  readonly dataCollectionRuleId: pulumi.Output<string>;
  private readonly dataCollectionRule: monitor.DataCollectionRule;
  /** What LogsIngestionClient.upload takes as ruleId. */
  readonly dataCollectionRuleImmutableId: pulumi.Output<string>;
  /** What LogsIngestionClient takes as endpoint: `https://<dce>.<region>-1.ingest.monitor.azure.com`. */
  readonly logsIngestionEndpoint: pulumi.Output<string>;
  /** The private link scope, when access is private. */
  readonly privateLinkScopeId?: pulumi.Output<string>;
  private readonly componentName: string;
  // Three fields, not one object: the analyzer reads every property, private ones too, and takes no anonymous object type.
  private readonly resourceGroupName: pulumi.Input<string>;
  private readonly location: pulumi.Input<string>;
  private readonly tags: Record<string, string>;

  constructor(name: string, args: McpAuditLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("mcp-guard:index:McpAuditLogs", name, {}, opts);
    const names = {
      dataCollectionEndpoint: args.dataCollectionEndpointName ?? `${args.workspaceName}-dce`,
      dataCollectionRule: args.dataCollectionRuleName ?? `${args.workspaceName}-dcr`,
      privateLinkScope: args.privateLinkScopeName ?? `${args.workspaceName}-ampls`,
    };
    const retention = args.retentionInDays ?? 90;
    const totalRetention = args.totalRetentionInDays ?? 365;
    const problems = [
      nameProblem("logAnalyticsWorkspace", args.workspaceName),
      nameProblem("dataCollectionEndpoint", names.dataCollectionEndpoint),
      nameProblem("dataCollectionRule", names.dataCollectionRule),
      args.publicAccess ? undefined : nameProblem("privateLinkScope", names.privateLinkScope),
      !Number.isInteger(retention) || retention < 30 || retention > 730 ? `retentionInDays ${retention} is out of range; allowed 30 to 730` : undefined,
      !Number.isInteger(totalRetention) || totalRetention < retention || totalRetention > 4383 ? `totalRetentionInDays ${totalRetention} is out of range; allowed ${retention} (retentionInDays) to 4383` : undefined,
      args.dailyQuotaGb !== undefined && !(args.dailyQuotaGb > 0) ? `dailyQuotaGb ${args.dailyQuotaGb} is not allowed; allowed a positive number of GB, or leave it unset for no cap` : undefined,
      args.publicAccess && args.privateEndpoint ? "privateEndpoint needs private access; remove publicAccess" : undefined,
    ].filter((p): p is string => p !== undefined);
    if (problems.length > 0) throw new Error(`McpAuditLogs ${name}: ${problems.join("; ")}`);

    this.componentName = name;
    const tags = args.tags ?? {};
    const isPublic = args.publicAccess !== undefined;
    const access = isPublic ? "Enabled" : "Disabled";
    const publicTags = args.publicAccess ? { ...exceptionTag("LAW-02", args.publicAccess.reason), ...exceptionTag("LAW-03", args.publicAccess.reason) } : {};

    this.workspace = new operationalinsights.Workspace(
      `${name}-workspace`,
      {
        workspaceName: args.workspaceName,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        sku: { name: "PerGB2018" },
        retentionInDays: retention,
        // -1 is the API's "no cap": sent explicitly so that removing a cap shows in the diff.
        workspaceCapping: { dailyQuotaGb: args.dailyQuotaGb ?? -1 },
        features: {
          // Entra tokens only: no shared-key ingestion or queries.
          disableLocalAuth: true,
          // Custom _CL tables carry no _ResourceId, so resource-context access would show nothing: grant workspace or table roles.
          enableLogAccessUsingOnlyResourcePermissions: false,
        },
        publicNetworkAccessForIngestion: access,
        publicNetworkAccessForQuery: access,
        tags: { ...tags, ...publicTags },
      },
      { parent: this, protect: args.protect ?? false, retainOnDelete: args.retainOnDelete ?? false },
    );
    this.workspaceId = this.workspace.id;
    this.workspaceCustomerId = this.workspace.customerId;

    const table = new operationalinsights.Table(
      `${name}-table`,
      {
        tableName: MCP_SERVER_LOGS_TABLE,
        workspaceName: this.workspace.name,
        resourceGroupName: args.resourceGroupName,
        // Log search alerts need the Analytics plan; Basic and Auxiliary cannot drive them.
        plan: "Analytics",
        retentionInDays: retention,
        totalRetentionInDays: totalRetention,
        schema: { name: MCP_SERVER_LOGS_TABLE, description: "Every MCP call through the gateway (mcp-guard).", columns: tableColumns() },
      },
      // Tables and saved searches are child resources of the workspace (workspaces/{name}/tables/...).
      { parent: this, protect: args.protect ?? false, retainOnDelete: args.retainOnDelete ?? false, deletedWith: this.workspace },
    );

    new operationalinsights.SavedSearch(
      `${name}-function`,
      {
        savedSearchId: "mcp-guard-mcpserverlogs",
        workspaceName: this.workspace.name,
        resourceGroupName: args.resourceGroupName,
        category: "MCP audit",
        displayName: MCP_SERVER_LOGS_FUNCTION,
        functionAlias: MCP_SERVER_LOGS_FUNCTION,
        query: MCP_SERVER_LOGS_FUNCTION_BODY,
        version: 2,
      },
      // The function's body names the table, which must exist first.
      { parent: this, dependsOn: [table], deletedWith: this.workspace },
    );

    const endpoint = new monitor.DataCollectionEndpoint(
      `${name}-dce`,
      {
        dataCollectionEndpointName: names.dataCollectionEndpoint,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        description: "Logs Ingestion endpoint for MCP audit records.",
        networkAcls: { publicNetworkAccess: access },
        tags: { ...tags, ...(args.publicAccess ? exceptionTag("DCE-02", args.publicAccess.reason) : {}) },
      },
      { parent: this },
    );
    this.logsIngestionEndpoint = endpoint.logsIngestion.apply((l) => logsIngestionUrl(name, names.dataCollectionEndpoint, l));

    const rule = new monitor.DataCollectionRule(
      `${name}-dcr`,
      {
        dataCollectionRuleName: names.dataCollectionRule,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        description: "MCP audit records from the gateway into MCPServerLogs_CL, credentials redacted.",
        dataCollectionEndpointId: endpoint.id,
        streamDeclarations: { [MCP_SERVER_LOGS_STREAM]: { columns: streamColumns() } },
        destinations: { logAnalytics: [{ name: DESTINATION, workspaceResourceId: this.workspace.id }] },
        dataFlows: [{ streams: [MCP_SERVER_LOGS_STREAM], destinations: [DESTINATION], transformKql: ingestionTransformKql(), outputStream: MCP_SERVER_LOGS_STREAM }],
        tags,
      },
      // Azure rejects a DCR whose output stream names a table that does not exist yet.
      { parent: this, dependsOn: [table] },
    );
    this.dataCollectionRule = rule;
    this.dataCollectionRuleId = rule.id;
    this.dataCollectionRuleImmutableId = rule.immutableId;
    (args.ingestionPrincipalIds ?? []).forEach((principalId, i) => this.grantIngestion(`sender-${i}`, principalId));

    const diagnostics = args.diagnostics ?? { workspaceId: this.workspace.id };
    sendDiagnostics(this, `${name}-workspace-diagnostics`, this.workspace.id, diagnostics, { categoryGroups: ["audit"], metrics: true });
    sendDiagnostics(this, `${name}-dcr-diagnostics`, rule.id, diagnostics, { categoryGroups: ["allLogs"], metrics: true });

    if (!isPublic) {
      const scope = new monitor.PrivateLinkScope(
        `${name}-ampls`,
        {
          scopeName: names.privateLinkScope,
          resourceGroupName: args.resourceGroupName,
          // Private link scopes are global resources.
          location: "global",
          accessModeSettings: { ingestionAccessMode: "PrivateOnly", queryAccessMode: "PrivateOnly" },
          tags,
        },
        { parent: this },
      );
      for (const [role, linkedResourceId] of [["workspace", this.workspace.id], ["dce", endpoint.id]] as const) {
        new monitor.PrivateLinkScopedResource(
          `${name}-ampls-${role}`,
          { name: `${role}-link`, scopeName: scope.name, resourceGroupName: args.resourceGroupName, linkedResourceId },
          { parent: this, deletedWith: scope },
        );
      }
      this.privateLinkScopeId = scope.id;
    }
    this.resourceGroupName = args.resourceGroupName;
    this.location = args.location;
    this.tags = tags;
    if (args.privateEndpoint) this.connectPrivateEndpoint(args.privateEndpoint);

    (args.roleAssignments ?? []).forEach((a, i) => assignRole(this, `${name}-role-${i}`, this.workspace, a));
    if (args.lock) lockResource(this, `${name}-lock`, this.workspace.id, args.lock);

    this.registerOutputs({
      workspaceId: this.workspaceId,
      workspaceCustomerId: this.workspaceCustomerId,
      tableName: this.tableName,
      streamName: this.streamName,
      dataCollectionRuleImmutableId: this.dataCollectionRuleImmutableId,
      logsIngestionEndpoint: this.logsIngestionEndpoint,
    });
  }

  /**
   * The private link scope's private endpoint (group `azuremonitor`, the five Azure Monitor zones), for
   * networks built after this component. Only with private access.
   */
  connectPrivateEndpoint(pe: PrivateEndpointArgs): void {
    if (this.privateLinkScopeId === undefined) throw new Error(`McpAuditLogs ${this.componentName}: a private endpoint needs private access; remove publicAccess`);
    privateEndpoint(this, `${this.componentName}-ampls-pe`, { resourceGroupName: this.resourceGroupName, location: this.location, tags: this.tags, targetId: this.privateLinkScopeId, groupId: "azuremonitor" }, pe);
  }

  /**
   * What McpGatewayHost's `auditLogs` takes: the DCR, the endpoint, the stream and the workspace, and the
   * grant's name and former parent as `grantIngestion(grantName, ...)` would register it.
   */
  gatewayInputs(grantName = "gateway"): GatewayAuditArgs {
    return {
      dataCollectionRule: this.dataCollectionRule,
      logsIngestionEndpoint: this.logsIngestionEndpoint,
      streamName: this.streamName,
      workspaceId: this.workspaceId,
      grantName: `${this.componentName}-ingest-${grantName}`,
      grantAliasParentUrn: this.urn,
    };
  }

  /** Lets one identity send audit records: Monitoring Metrics Publisher on the DCR, nothing more. */
  grantIngestion(grantName: string, principalId: pulumi.Input<string>): authorization.RoleAssignment {
    return assignRole(this, `${this.componentName}-ingest-${grantName}`, this.dataCollectionRule, { principalId, role: "Monitoring Metrics Publisher" });
  }
}
