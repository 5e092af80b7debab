import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as monitor from "@pulumi/azure-native/monitor";
import * as web from "@pulumi/azure-native/web";
import { nameProblem } from "../naming";
import { clientAuthProblem, edgeAuthAppSettings, edgeAuthSettings, edgeClientConfigs, McpGatewayEdgeAuthArgs } from "./gatewayEdgeAuth";
import { grantSecretsUser, SecretReadScope } from "./secretsVault";
import { assignRole, DiagnosticsArgs, lockResource, LockArgs, privateEndpoint, PrivateEndpointArgs, RoleAssignmentArgs, sendDiagnostics, userIdentity } from "./shared";
import { enumValues } from "../enumValues";

/** App Service plan SKUs that support private endpoints and VNet integration (Basic and up; not Free or Shared); an analyzer enum, as LockLevel. */
export const GatewayPlanSku = {
  B1: "B1",
  B2: "B2",
  B3: "B3",
  S1: "S1",
  S2: "S2",
  S3: "S3",
  P0v3: "P0v3",
  P1v3: "P1v3",
  P2v3: "P2v3",
  P3v3: "P3v3",
  P1mv3: "P1mv3",
  P2mv3: "P2mv3",
  P3mv3: "P3mv3",
} as const;
export type GatewayPlanSku = (typeof GatewayPlanSku)[keyof typeof GatewayPlanSku];
/** The plan SKUs as a list, for config validation (which takes a non-empty one). */
export const GATEWAY_PLAN_SKUS = enumValues(GatewayPlanSku);

/** The gateway's App Service plan size. */
export interface GatewayPlanArgs {
  /** Plan SKU. */
  name: GatewayPlanSku;
  /** Number of instances. */
  capacity: number;
}

/** One catalog secret as the gateway reads it. */
export interface GatewaySecretArgs {
  /** The secret: the scope of its read grant when the vault's read scope is per secret. */
  secret: keyvault.Secret;
  /** Its versionless URI, what the app's Key Vault reference takes. */
  uri: pulumi.Input<string>;
  /** A disabled secret gets a read grant (per-secret scope) but no app setting. @default true */
  enabled?: boolean;
}

/**
 * What the gateway needs of the vault it reads (`McpSecretsVault.gatewayInputs()` gives all of it):
 * plain values and azure-native resources rather than the component, which Pulumi's analyzer cannot
 * pass to other languages.
 */
export interface GatewayVaultArgs {
  /** The Key Vault: the scope of the read grant when readScope is "vault". */
  vault: keyvault.Vault;
  /** The vault's catalog secrets, by name. */
  secrets: Record<string, GatewaySecretArgs>;
  /** Where the gateway's Key Vault Secrets User applies: the whole vault or each catalog secret. @default "vault" */
  readScope?: SecretReadScope;
  /** Logical name of the read grant (a per-secret grant appends `-<secret>`); its GUID name derives from it. @default `<gateway name>-vault-read` */
  grantName?: string;
  /** URN of the resource the grant was registered under before (McpSecretsVault): an alias, so a deployed grant is kept, not re-created. @default - none */
  grantAliasParentUrn?: pulumi.Input<string>;
}

/** What the gateway needs of the audit pipeline it writes to (`McpAuditLogs.gatewayInputs()` gives all of it). */
export interface GatewayAuditArgs {
  /** The data collection rule: the gateway gets Monitoring Metrics Publisher on it, and sends to its immutable id. */
  dataCollectionRule: monitor.DataCollectionRule;
  /** The Logs Ingestion endpoint: `https://<dce>.<region>-1.ingest.monitor.azure.com`. */
  logsIngestionEndpoint: pulumi.Input<string>;
  /** The DCR stream the records go to. */
  streamName: string;
  /** The audit workspace: where the app's own logs go unless diagnostics says otherwise. */
  workspaceId: pulumi.Input<string>;
  /** Logical name of the ingestion grant; its GUID name derives from it. @default `<gateway name>-audit-ingest` */
  grantName?: string;
  /** URN of the resource the grant was registered under before (McpAuditLogs): an alias, so a deployed grant is kept, not re-created. @default - none */
  grantAliasParentUrn?: pulumi.Input<string>;
}

export interface McpGatewayHostArgs {
  /** Resource group of the plan, the app and its private endpoint. */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region of the plan and the app (the integration subnet's). */
  location: pulumi.Input<string>;
  /** App Service plan name. */
  planName: string;
  /** Web app name: 2-60 letters, digits and hyphens, globally unique (it is the host name). */
  appName: string;
  /** Name of the gateway's user-assigned identity. @default "id-mcp-gateway" */
  identityName?: string;
  /** Plan SKU and instance count. @default { name: "P0v3", capacity: 1 } */
  sku?: GatewayPlanArgs;
  /** The gateway's container image (registry/name:tag). */
  image: string;
  /** Port the container listens on (WEBSITES_PORT). @default 8080 */
  port?: number;
  /** Path App Service probes; an instance failing it is taken out of rotation. @default "/healthz" */
  healthCheckPath?: string;
  /** Path of the MCP endpoint on the gateway, for the client snippet. @default "/mcp" */
  mcpPath?: string;
  /** ARR affinity: only for gateways that keep MCP sessions in process memory. @default false */
  sessionAffinity?: boolean;
  /** Subnet delegated to Microsoft.Web/serverFarms that carries all outbound traffic. */
  integrationSubnetId: pulumi.Input<string>;
  /** The app's private endpoint (group `sites`, zone privatelink.azurewebsites.net): its only way in. */
  privateEndpoint: PrivateEndpointArgs;
  /** The vault whose catalog secrets the gateway reads as Key Vault references: `vault.gatewayInputs()`. */
  vault: GatewayVaultArgs;
  /** Catalog secrets the gateway needs. @default every secret in the vault's catalog */
  secretNames?: string[];
  /** The audit pipeline the gateway writes to, `auditLogs.gatewayInputs()`: its settings, and Monitoring Metrics Publisher on the DCR. */
  auditLogs: GatewayAuditArgs;
  /** Entra ID at the edge (App Service Authentication): who may call the gateway. */
  edgeAuth: McpGatewayEdgeAuthArgs;
  /** Where the app's logs go. @default - the audit workspace */
  diagnostics?: DiagnosticsArgs;
  /** Extra role assignments on the app. @default [] */
  roleAssignments?: RoleAssignmentArgs[];
  /** Tags on every resource. @default {} */
  tags?: Record<string, string>;
  /** A management lock on the app. @default - none */
  lock?: LockArgs;
}

/** A container image reference: registry/name:tag or name@sha256:digest (the config check uses it too). */
export const IMAGE_REFERENCE = /^[a-z0-9][a-z0-9./_:-]*(:[A-Za-z0-9_.-]+|@sha256:[0-9a-f]{64})$/;

/** `MCP_SECRET_GITHUB_MCP_TOKEN` for `github-mcp-token`. */
export const secretSettingName = (secret: string): string => `MCP_SECRET_${secret.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;

/**
 * The shared MCP gateway's host, never on the public internet: a Linux App Service running the
 * gateway container, reachable only through its private endpoint, HTTPS with TLS 1.3, no FTP or
 * basic-auth publishing, all outbound through the VNet, a user-assigned identity that reads its
 * credentials as Key Vault references and writes audit records to the DCR, and nothing secret in its
 * settings.
 */
export class McpGatewayHost extends pulumi.ComponentResource {
  readonly appId: pulumi.Output<string>;
  /** The gateway identity's object (principal) id. */
  readonly principalId: pulumi.Output<string>;
  /** `https://<app>.azurewebsites.net<mcpPath>`: resolves to the private endpoint on the linked networks. */
  readonly privateUrl: pulumi.Output<string>;
  /** A Cursor mcp.json pointing at the gateway, in the edge's client-auth form (src/components/gatewayEdgeAuth.ts). */
  readonly cursorMcpJson: pulumi.Output<string>;

  constructor(name: string, args: McpGatewayHostArgs, opts?: pulumi.ComponentResourceOptions) {
    super("mcp-guard:index:McpGatewayHost", name, {}, opts);
    const catalog = Object.entries(args.vault.secrets).filter(([, s]) => s.enabled !== false).map(([n]) => n);
    const secretNames = args.secretNames ?? catalog;
    const identityName = args.identityName ?? "id-mcp-gateway";
    const identityProblem = nameProblem("userAssignedIdentity", identityName);
    const problems = [
      nameProblem("webApp", args.appName),
      nameProblem("appServicePlan", args.planName),
      identityProblem && `identityName ${identityProblem}`,
      IMAGE_REFERENCE.test(args.image) ? undefined : `image ${JSON.stringify(args.image)} is not a container image reference; allowed registry/name:tag or name@sha256:digest`,
      ...secretNames.filter((s) => !catalog.includes(s)).map((s) => `secretNames: ${JSON.stringify(s)} is not in the vault's catalog; allowed ${catalog.join(", ") || "none"}`),
      (args.healthCheckPath ?? "/healthz").startsWith("/") ? undefined : "healthCheckPath must start with /",
      clientAuthProblem(args.edgeAuth.clientAuth),
    ].filter((p): p is string => p !== undefined);
    if (problems.length > 0) throw new Error(`McpGatewayHost ${name}: ${problems.join("; ")}`);

    const tags = args.tags ?? {};
    const sku = args.sku ?? { name: "P0v3", capacity: 1 };
    const plan = new web.AppServicePlan(
      `${name}-plan`,
      { name: args.planName, resourceGroupName: args.resourceGroupName, location: args.location, kind: "linux", reserved: true, sku: { name: sku.name, capacity: sku.capacity }, tags },
      { parent: this },
    );

    const audit = args.auditLogs;
    // App Service resolves Key Vault references when the app starts and then every 24 hours; a system
    // identity exists only with the app, so its grant lands after the first start and the references stay
    // unresolved for up to a day. A user-assigned identity is granted before the app is created, as App
    // Service's documentation recommends (Learn: "Use Key Vault references as app settings", "Access
    // vaults with a user-assigned identity"; keyVaultReferenceIdentity, Microsoft.Web 2025-05-01).
    const identity = userIdentity(this, `${name}-identity`, { resourceGroupName: args.resourceGroupName, location: args.location, identityName, tags });
    this.principalId = identity.principalId;
    const grants = [...this.grantSecretRead(name, args.vault, identity.principalId), this.grantIngestion(name, audit, identity.principalId)];
    const settings: { name: string; value: pulumi.Input<string> }[] = [
      { name: "WEBSITES_PORT", value: String(args.port ?? 8080) },
      { name: "WEBSITES_ENABLE_APP_SERVICE_STORAGE", value: "false" },
      { name: "MCP_AUDIT_INGESTION_ENDPOINT", value: audit.logsIngestionEndpoint },
      { name: "MCP_AUDIT_DCR_IMMUTABLE_ID", value: audit.dataCollectionRule.immutableId },
      { name: "MCP_AUDIT_STREAM", value: audit.streamName },
      // DefaultAzureCredential picks this user-assigned identity (not a system one) for the DCR upload.
      { name: "AZURE_CLIENT_ID", value: identity.clientId },
      ...edgeAuthAppSettings(args.edgeAuth, secretSettingName),
      // References only: App Service resolves them with the app's identity; the values never enter config or state.
      // One apply each, not an interpolate: the same value, secrecy and dependencies, where the interpolates
      // were half of this component's allocations at a thousand secrets.
      ...secretNames.map((s) => ({ name: secretSettingName(s), value: pulumi.output(args.vault.secrets[s].uri).apply((uri) => `@Microsoft.KeyVault(SecretUri=${uri}/)`) })),
    ];

    const app = new web.WebApp(
      `${name}-app`,
      {
        name: args.appName,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        kind: "app,linux,container",
        serverFarmId: plan.id,
        identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
        keyVaultReferenceIdentity: identity.id,
        httpsOnly: true,
        publicNetworkAccess: "Disabled",
        clientAffinityEnabled: args.sessionAffinity ?? false,
        // Front-end-to-worker TLS is offered on Standard plans and above, not on Basic (Learn: App Service
        // "End-to-end TLS encryption"); dev's B1 must not ask for it.
        ...(sku.name.startsWith("B") ? {} : { endToEndEncryptionEnabled: true }),
        virtualNetworkSubnetId: args.integrationSubnetId,
        // Everything leaves through the VNet: app calls, image pulls, content share, backups.
        outboundVnetRouting: { allTraffic: true, imagePullTraffic: true, contentShareTraffic: true, backupRestoreTraffic: true },
        siteConfig: {
          linuxFxVersion: `DOCKER|${args.image}`,
          // API 2025-05-01 accepts 1.3 for the site and its SCM endpoint.
          minTlsVersion: "1.3",
          scmMinTlsVersion: "1.3",
          ftpsState: "Disabled",
          http20Enabled: true,
          alwaysOn: true,
          healthCheckPath: args.healthCheckPath ?? "/healthz",
          remoteDebuggingEnabled: false,
          ipSecurityRestrictionsDefaultAction: "Deny",
          scmIpSecurityRestrictionsDefaultAction: "Deny",
          appSettings: settings,
        },
        tags,
      },
      { parent: this, dependsOn: grants },
    );
    for (const [kind, Policy] of [["ftp", web.WebAppFtpAllowed], ["scm", web.WebAppScmAllowed]] as const) {
      // Child resources of the site (sites/{name}/basicPublishingCredentialsPolicies/...): they go with it.
      new Policy(`${name}-${kind}-basic-auth`, { name: app.name, resourceGroupName: args.resourceGroupName, allow: false }, { parent: this, deletedWith: app });
    }

    edgeAuthSettings(this, `${name}-auth`, { appName: app.name, resourceGroupName: args.resourceGroupName }, args.edgeAuth);

    this.appId = app.id;

    privateEndpoint(this, `${name}-pe`, { resourceGroupName: args.resourceGroupName, location: args.location, targetId: app.id, groupId: "sites", tags }, args.privateEndpoint);
    sendDiagnostics(this, `${name}-diagnostics`, app.id, args.diagnostics ?? { workspaceId: audit.workspaceId }, { categoryGroups: ["allLogs"], metrics: true });
    (args.roleAssignments ?? []).forEach((a, i) => assignRole(this, `${name}-role-${i}`, app, a));
    if (args.lock) lockResource(this, `${name}-lock`, app.id, args.lock);

    this.privateUrl = app.defaultHostName.apply((h) => `https://${h}${args.mcpPath ?? "/mcp"}`);
    this.cursorMcpJson = this.privateUrl.apply((url) => edgeClientConfigs(url, args.edgeAuth).cursor);
    this.registerOutputs({ appId: this.appId, principalId: this.principalId, privateUrl: this.privateUrl, cursorMcpJson: this.cursorMcpJson });
  }

  /**
   * Key Vault Secrets User for the gateway, scoped to the vault or to each catalog secret, by the helper
   * McpSecretsVault.grantSecretRead uses: same names, scopes and role, so a stack that had the vault
   * grant it keeps its assignments (the alias points at the old parent).
   */
  private grantSecretRead(name: string, v: GatewayVaultArgs, principalId: pulumi.Input<string>) {
    const aliases = v.grantAliasParentUrn === undefined ? undefined : [{ parent: v.grantAliasParentUrn }];
    const secrets = Object.fromEntries(Object.entries(v.secrets).map(([secretName, s]) => [secretName, s.secret]));
    return grantSecretsUser(this, v.grantName ?? `${name}-vault-read`, { vault: v.vault, secrets, readScope: v.readScope ?? "vault" }, principalId, aliases);
  }

  /** Monitoring Metrics Publisher on the DCR for the gateway, as McpAuditLogs.grantIngestion grants it. */
  private grantIngestion(name: string, a: GatewayAuditArgs, principalId: pulumi.Input<string>) {
    const aliases = a.grantAliasParentUrn === undefined ? undefined : [{ parent: a.grantAliasParentUrn }];
    return assignRole(this, a.grantName ?? `${name}-audit-ingest`, a.dataCollectionRule, { principalId, role: "Monitoring Metrics Publisher" }, undefined, aliases);
  }
}
