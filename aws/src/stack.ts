import { Stack, StackProps, Tags } from "aws-cdk-lib";
import { Construct } from "constructs";
import { AlertDefinition } from "../../src/kql/alerts";
import { CatalogQuery } from "../../src/kql/catalog";
import { encodeApprovals } from "../../src/registry/stack";
import { McpAlarms } from "./alarms";
import { McpAuditLogGroup } from "./auditLogGroup";
import { StageConfig } from "./config";
import { McpGateway } from "./gateway";
import { McpPagingTopics } from "./paging";
import { McpQueryDefinitions } from "./queryDefinitions";
import { McpSecrets } from "./secrets";
import { ApprovedServer } from "./servers";

export interface McpGuardStackProps extends StackProps {
  readonly config: StageConfig;
  readonly servers: readonly ApprovedServer[];
  readonly alerts: readonly AlertDefinition[];
  readonly catalog: readonly CatalogQuery[];
}

/** The AWS baseline of one stage: what McpGovernanceBaseline is for Azure, built from the same data. */
export class McpGuardStack extends Stack {
  readonly paging: McpPagingTopics;
  readonly audit: McpAuditLogGroup;
  readonly secrets: McpSecrets;
  readonly alarms: McpAlarms;
  readonly gateway: McpGateway;
  readonly config: StageConfig;
  readonly servers: readonly ApprovedServer[];

  constructor(scope: Construct, id: string, props: McpGuardStackProps) {
    super(scope, id, props);
    const { config, servers } = props;
    this.config = config;
    this.servers = servers;
    const missing = servers.flatMap((s) => (s.http && !config.secrets.some((c) => c.name === s.http?.secret) ? [`servers/${s.name}.yaml: credentials: secret ${JSON.stringify(s.http.secret)} is not in aws/stages/${config.stage}.yaml secrets; add it there`] : []));
    if (missing.length > 0) throw new Error(missing.join("\n"));

    for (const [k, v] of Object.entries({ ...config.tags, environment: config.stage, workload: "mcp-guard", "managed-by": "aws-cdk" })) Tags.of(this).add(k, v);

    this.paging = new McpPagingTopics(this, "Paging", { securityTeamEmails: config.alertEmails, oncallEmails: config.oncallEmails });
    this.audit = new McpAuditLogGroup(this, "Audit", { retentionDays: config.auditRetentionDays });
    this.secrets = new McpSecrets(this, "Secrets", { secrets: config.secrets, alertTopic: this.paging.securityTeam, logEncryptionKey: this.audit.encryptionKey, expiryWarningDays: config.expiryWarningDays });
    // The Azure parameters' encodings, so the ports compare as the KQL does.
    const approvals = encodeApprovals(servers);
    const parameters = { approvedServers: [...approvals.servers], approvedServerTools: [...approvals.serverTools], approvedServerEndpoints: [...approvals.serverEndpoints] };
    new McpQueryDefinitions(this, "Queries", { catalog: props.catalog, logGroup: this.audit.logGroup, parameters });
    this.gateway = new McpGateway(this, "Gateway", {
      gatewayName: `mcp-guard-${config.stage}`,
      discoveryUrl: config.gateway.discoveryUrl,
      allowedAudience: config.gateway.allowedAudience,
      allowedClients: config.gateway.allowedClients,
      vpcCidr: config.gateway.vpcCidr,
      logGroup: this.audit.logGroup,
      encryptionKey: this.audit.encryptionKey,
      targets: servers.flatMap((s) => {
        const credential = s.http ? this.secrets.secrets.get(s.http.secret) : undefined;
        return s.http && credential ? [{ name: s.name, url: s.http.url, credential }] : [];
      }),
    });
    this.alarms = new McpAlarms(this, "Alarms", {
      alerts: props.alerts,
      stage: config.stage,
      logGroup: this.audit.logGroup,
      logKey: this.audit.encryptionKey,
      paging: this.paging,
      parameters,
      thresholds: config.unusualActivityThreshold === undefined ? {} : { "alert-mcp-unusual-activity": config.unusualActivityThreshold },
      alwaysOnServers: servers.filter((s) => s.alwaysOn).map((s) => s.name),
      secretReaderRoleArns: [this.gateway.gateway.role.roleArn, ...config.secretReaderRoleArns],
    });
  }
}
