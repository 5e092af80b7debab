import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as eventgrid from "@pulumi/azure-native/eventgrid";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { firewallRangeProblem } from "../network";
import { nameProblem } from "../naming";
import type { GatewaySecretArgs, GatewayVaultArgs } from "./gatewayHost";
import { assignRole, DiagnosticsArgs, lockResource, LockArgs, privateEndpoint, PrivateEndpointArgs, RoleAssignmentArgs, sendDiagnostics, tenantId } from "./shared";

/** A catalog secret as its readers address it. */
export interface SecretReference {
  /** The secret's ARM id (a role assignment's scope). */
  id: pulumi.Output<string>;
  /** Its versionless URI, what Key Vault references take. */
  uri: pulumi.Output<string>;
}

/** Key Vault SKUs (an analyzer enum, as LockLevel). */
export const KeyVaultSku = { Standard: "standard", Premium: "premium" } as const;
export type KeyVaultSku = (typeof KeyVaultSku)[keyof typeof KeyVaultSku];

/** Where the gateway's Key Vault Secrets User role applies (an analyzer enum, as LockLevel). */
export const SecretReadScope = { Vault: "vault", Secret: "secret" } as const;
export type SecretReadScope = (typeof SecretReadScope)[keyof typeof SecretReadScope];

/** One credential the vault holds: its metadata is managed here, its value by config or by an operator. */
export interface SecretCatalogEntry {
  /** Secret name: 1-127 letters, digits and hyphens. */
  name: string;
  /** What the value is (github-pat, ado-pat, connection-string, bearer-token, ...): Key Vault's contentType. */
  contentType: string;
  /** Team or person who rotates it; stored as the `owner` tag. */
  owner: string;
  /** Rotation period in days; stored as the `rotation-days` tag. */
  rotationDays: number;
  /** Expiry date (YYYY-MM-DD, midnight UTC): the secret's `exp` attribute, which Event Grid warns about 30 days ahead. */
  expires: string;
  /**
   * false retires the secret: disabled through Azure Resource Manager (which a private vault accepts),
   * no longer readable, left to expire. @default true
   */
  enabled?: boolean;
  /**
   * The value, as a Pulumi secret. @default - none: the component manages only the metadata and an
   * operator sets the value with `az keyvault secret set`.
   */
  value?: pulumi.Input<string>;
}

export interface McpSecretsVaultArgs {
  /** Resource group that holds the vault. */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region of the vault. */
  location: pulumi.Input<string>;
  /** Vault name: 3-24 characters, globally unique. */
  vaultName: string;
  /** Vault SKU: premium adds HSM-backed keys, which MCP secrets do not need. @default "standard" */
  sku?: KeyVaultSku;
  /** Days a deleted vault or secret can be recovered (7-90); fixed when the vault is created. @default 90 */
  softDeleteRetentionDays?: number;
  /**
   * Public IPv4 ranges (CIDR) let through the vault's firewall, for a dev vault without a private network.
   * @default [] - public network access disabled; reach the vault through its private endpoint
   */
  allowedIpRanges?: string[];
  /** The credentials the vault holds. @default [] */
  secrets?: SecretCatalogEntry[];
  /** Where `grantSecretRead` scopes Key Vault Secrets User: the whole vault or each catalog secret. @default "vault" */
  secretReadScope?: SecretReadScope;
  /** Object id of a group granted Key Vault Secrets Officer (sets and rotates values). @default - none */
  operatorsGroupId?: pulumi.Input<string>;
  /** Action groups paged when a secret nears expiry or expires (Event Grid). @default [] - no expiry notifications */
  expiryActionGroupIds?: pulumi.Input<string>[];
  /** Send the audit log and metrics to this workspace. @default - no diagnostic setting */
  diagnostics?: DiagnosticsArgs;
  /** Private endpoint (group `vault`, zone privatelink.vaultcore.azure.net). @default - none */
  privateEndpoint?: PrivateEndpointArgs;
  /** Extra role assignments on the vault. @default [] */
  roleAssignments?: RoleAssignmentArgs[];
  /** Tags on every resource. @default {} */
  tags?: Record<string, string>;
  /** A management lock on the vault. @default - none */
  lock?: LockArgs;
  /** Pulumi `protect` on the vault, so `pulumi destroy` refuses to delete it. @default false */
  protect?: boolean;
  /**
   * Pulumi `retainOnDelete` on the vault: removing it from the program or destroying the stack leaves
   * the vault and its secrets in Azure (only the stack forgets them). @default false
   */
  retainOnDelete?: boolean;
}

const EXPIRY_EVENTS = ["Microsoft.KeyVault.SecretNearExpiry", "Microsoft.KeyVault.SecretExpired"];

/** Epoch seconds of a YYYY-MM-DD date at midnight UTC: Key Vault's `exp` attribute. */
export function expiryEpoch(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 1000);
}

/**
 * The Key Vault that holds every MCP credential (GitHub and Azure DevOps PATs, connection strings, the
 * gateway's bearer token), secure by default: RBAC only, purge protection, no public network access,
 * audit logs, expiry dates on every secret and the security team paged before they lapse.
 */
export class McpSecretsVault extends pulumi.ComponentResource {
  readonly vault: keyvault.Vault;
  readonly vaultId: pulumi.Output<string>;
  readonly vaultName: pulumi.Output<string>;
  /** `https://<name>.vault.azure.net/` */
  readonly vaultUri: pulumi.Output<string>;
  /** Per catalog secret: resource id and versionless URI (what App Service Key Vault references take). */
  readonly secrets: Record<string, SecretReference>;
  private readonly secretResources: Record<string, keyvault.Secret>;
  private readonly readScope: SecretReadScope;
  private readonly componentName: string;

  constructor(name: string, args: McpSecretsVaultArgs, opts?: pulumi.ComponentResourceOptions) {
    super("mcp-guard:index:McpSecretsVault", name, {}, opts);
    const problems = [
      nameProblem("keyVault", args.vaultName),
      ...(args.allowedIpRanges ?? []).map(firewallRangeProblem),
      args.softDeleteRetentionDays !== undefined && (args.softDeleteRetentionDays < 7 || args.softDeleteRetentionDays > 90)
        ? `softDeleteRetentionDays ${args.softDeleteRetentionDays} is out of range; allowed 7 to 90`
        : undefined,
    ].filter((p): p is string => p !== undefined);
    if (problems.length > 0) throw new Error(`McpSecretsVault ${name}: ${problems.join("; ")}`);

    this.componentName = name;
    this.readScope = args.secretReadScope ?? "vault";
    const tags = args.tags ?? {};
    const ipRanges = args.allowedIpRanges ?? [];

    this.vault = new keyvault.Vault(
      `${name}-vault`,
      {
        vaultName: args.vaultName,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        tags,
        properties: {
          tenantId: tenantId(this),
          sku: { family: "A", name: args.sku ?? "standard" },
          // The API version azure-native uses falls back to access policies when this is omitted.
          enableRbacAuthorization: true,
          enableSoftDelete: true,
          softDeleteRetentionInDays: args.softDeleteRetentionDays ?? 90,
          // Irreversible, and Azure rejects an explicit false: only ever send true.
          enablePurgeProtection: true,
          enabledForDeployment: false,
          enabledForTemplateDeployment: false,
          enabledForDiskEncryption: false,
          publicNetworkAccess: ipRanges.length > 0 ? "Enabled" : "Disabled",
          networkAcls: { defaultAction: "Deny", bypass: "None", ipRules: ipRanges.map((value) => ({ value })) },
        },
      },
      { parent: this, protect: args.protect ?? false, retainOnDelete: args.retainOnDelete ?? false },
    );
    this.vaultId = this.vault.id;
    this.vaultName = this.vault.name;
    this.vaultUri = this.vault.properties.apply((p) => p.vaultUri ?? `https://${args.vaultName}.vault.azure.net/`);

    this.secretResources = {};
    this.secrets = {};
    for (const entry of args.secrets ?? []) {
      const secret = new keyvault.Secret(
        `${name}-secret-${entry.name}`,
        {
          resourceGroupName: args.resourceGroupName,
          vaultName: this.vault.name,
          secretName: entry.name,
          tags: { ...tags, owner: entry.owner, "rotation-days": String(entry.rotationDays) },
          properties: {
            contentType: entry.contentType,
            attributes: { enabled: entry.enabled ?? true, expires: expiryEpoch(entry.expires) },
            ...(entry.value === undefined ? {} : { value: pulumi.secret(entry.value) }),
          },
        },
        // Secrets go with their vault; deleting them one by one would go through the data plane
        // (azure-native custom_keyvault.go), which a private vault refuses from outside its network.
        { parent: this, deletedWith: this.vault },
      );
      this.secretResources[entry.name] = secret;
      if (entry.enabled === false) continue;
      // An apply on the one vault URI, not an interpolate per secret: the same Output for a fraction of the allocations.
      this.secrets[entry.name] = { id: secret.id, uri: this.vaultUri.apply((vaultUri) => `${vaultUri}secrets/${entry.name}`) };
    }

    if (args.operatorsGroupId !== undefined) {
      assignRole(this, `${name}-operators-secrets-officer`, this.vault, { principalId: args.operatorsGroupId, role: "Key Vault Secrets Officer", principalType: "Group" });
    }
    (args.roleAssignments ?? []).forEach((a, i) => assignRole(this, `${name}-role-${i}`, this.vault, a));

    if (args.diagnostics) {
      sendDiagnostics(this, `${name}-diagnostics`, this.vault.id, args.diagnostics, { categoryGroups: ["audit"], metrics: true });
    }
    if (args.privateEndpoint) {
      privateEndpoint(this, `${name}-pe`, { resourceGroupName: args.resourceGroupName, location: args.location, targetId: this.vault.id, groupId: "vault", tags }, args.privateEndpoint);
    }
    if (args.lock) lockResource(this, `${name}-lock`, this.vault.id, args.lock);

    const actionGroups = args.expiryActionGroupIds ?? [];
    if (actionGroups.length > 0) {
      const topic = new eventgrid.SystemTopic(
        `${name}-events`,
        { systemTopicName: `${args.vaultName}-events`, resourceGroupName: args.resourceGroupName, location: args.location, source: this.vault.id, topicType: "Microsoft.KeyVault.vaults", tags },
        { parent: this },
      );
      new eventgrid.SystemTopicEventSubscription(
        `${name}-expiry-alerts`,
        {
          eventSubscriptionName: "secret-expiry-to-security-team",
          resourceGroupName: args.resourceGroupName,
          systemTopicName: topic.name,
          filter: { includedEventTypes: EXPIRY_EVENTS },
          // The Azure Monitor alert destination accepts only CloudEvents v1.0 (Learn: "Handle Key Vault
          // events using Azure Monitor alerts", event-grid/handler-azure-monitor-alerts); azure-native would
          // otherwise send the API default, EventGridSchema (EventSubscriptions.json 2025-02-15).
          eventDeliverySchema: "CloudEventSchemaV1_0",
          destination: {
            endpointType: "MonitorAlert",
            actionGroups,
            severity: "Sev2",
            description: "An MCP credential in Key Vault expires within 30 days or has expired: rotate it (see the secret's owner tag) and set its new expiry in the stack config.",
          },
        },
        // A child resource of the topic (systemTopics/{name}/eventSubscriptions).
        { parent: this, deletedWith: topic },
      );
    }

    this.registerOutputs({ vaultId: this.vaultId, vaultName: this.vaultName, vaultUri: this.vaultUri });
  }

  /**
   * What McpGatewayHost's `vault` takes: the vault, its secrets, the read scope, and the grant's name
   * and former parent as `grantSecretRead(grantName, ...)` would register it, so the gateway's grant
   * keeps the name (and, in a deployed stack, the assignment) it had when the vault made it.
   */
  gatewayInputs(grantName = "gateway"): GatewayVaultArgs {
    const secrets: Record<string, GatewaySecretArgs> = {};
    for (const [secretName, secret] of Object.entries(this.secretResources)) {
      const reference = this.secrets[secretName];
      secrets[secretName] = reference ? { secret, uri: reference.uri } : { secret, uri: pulumi.interpolate`${this.vaultUri}secrets/${secretName}`, enabled: false };
    }
    return { vault: this.vault, secrets, readScope: this.readScope, grantName: `${this.componentName}-read-${grantName}`, grantAliasParentUrn: this.urn };
  }

  /**
   * Grants read access to the secrets' values (Key Vault Secrets User) to one principal, scoped to the
   * vault or to each catalog secret as `secretReadScope` says; callers never handle role ids. Returns the
   * assignments, for a reader that must not start before it can read (App Service Key Vault references).
   */
  grantSecretRead(grantName: string, principalId: pulumi.Input<string>): authorization.RoleAssignment[] {
    return grantSecretsUser(this, `${this.componentName}-read-${grantName}`, { vault: this.vault, secrets: this.secretResources, readScope: this.readScope }, principalId);
  }
}

/**
 * Key Vault Secrets User for one principal, on the vault or on each of its secrets (each then `deletedWith`
 * the vault), named `name` or `name-<secret>`: the one grant McpSecretsVault.grantSecretRead and
 * McpGatewayHost both register, so a grant that moves between them keeps its names and scopes.
 */
export function grantSecretsUser(
  parent: pulumi.Resource,
  name: string,
  target: { vault: keyvault.Vault; secrets: Record<string, keyvault.Secret>; readScope: SecretReadScope },
  principalId: pulumi.Input<string>,
  aliases?: pulumi.Input<pulumi.Alias>[],
): authorization.RoleAssignment[] {
  const role: RoleAssignmentArgs = { principalId, role: "Key Vault Secrets User" };
  if (target.readScope === "vault") return [assignRole(parent, name, target.vault, role, undefined, aliases)];
  return Object.entries(target.secrets).map(([secretName, secret]) => assignRole(parent, `${name}-${secretName}`, secret.id, role, target.vault, aliases));
}
