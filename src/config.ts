import * as pulumi from "@pulumi/pulumi";
import { closest } from "fastest-levenshtein";
import { ConfigError } from "./errors";
import { today } from "./today";
import { z } from "zod";
import { DefaultNames, defaultNames, ENVIRONMENTS, Environment } from "./naming";
import { azureName, bool, DefaultDoc, email, guid, intRange, isoDate, KeyDoc, list, oneOf, pattern, positiveOrNone, record, secretString, str, stringMap } from "./configSchema";
import { MAX_EMAIL_RECEIVERS, MAX_KEY_VAULT_IP_RULES, MAX_TAG_NAME, MAX_TAG_VALUE, tagProblems } from "./azure/limits";
import { expiryEpoch, SecretCatalogEntry } from "./components/secretsVault";
import { firewallRangeProblem, webhookUriProblem } from "./network";
import { GATEWAY_PLAN_SKUS, GatewayPlanSku, IMAGE_REFERENCE } from "./components/gatewayHost";
import { networkProblems } from "./components/privateNetwork";
import { ClientAuth, McpGatewayEdgeAuthArgs, VSCODE_CLIENT_ID } from "./components/gatewayEdgeAuth";
import { plainCredentialProblem, redactSecrets, secretLeaves } from "./secretConfig";

// Stack config's error and clock live in modules of their own, so the CLI's light commands need not load this one.
export { ConfigError, today };

const firewallRange = () =>
  str().superRefine((v, ctx) => {
    const problem = firewallRangeProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: v });
  });

const webhookUri = () =>
  str().superRefine((v, ctx) => {
    const problem = webhookUriProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: v });
  });

/** Tags Azure would refuse, or that would overwrite mcp-guard's own (src/azure/limits.ts). */
const tagMap = () =>
  stringMap("tag names to values", MAX_TAG_NAME, MAX_TAG_VALUE).superRefine((tags, ctx) => {
    for (const p of tagProblems(tags)) ctx.addIssue({ code: "custom", message: p.message, path: p.tag === undefined ? [] : [p.tag], input: tags });
  });

/** An action group's email receivers, at most Azure's per-group limit. */
const emailReceivers = () =>
  list(email(), "email addresses").max(MAX_EMAIL_RECEIVERS, {
    error: (i) => `has ${Array.isArray(i.input) ? i.input.length : "too many"} addresses; an action group takes at most ${MAX_EMAIL_RECEIVERS} email receivers (Azure Monitor service limits)`,
  });

const webhookEntry = record(
  {
    name: pattern(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,59}$/, "1 to 60 letters, digits, spaces, _ . -").describe("Receiver name, unique within the action group (1 to 60 letters, digits, spaces, _ . -)."),
    serviceUri: webhookUri().describe("Public HTTPS endpoint that receives the alert, with no credentials in the URI."),
    objectId: guid().describe("Object id of the target app registration's service principal."),
    identifierUri: pattern(/^(api:\/\/|https:\/\/)\S+$/, "the app registration's Application ID URI (api://... or https://...)").describe("The target app registration's Application ID URI (api://... or https://...)."),
  },
  "an Entra-secured webhook",
);

const logicAppEntry = record(
  {
    name: pattern(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,59}$/, "1 to 60 letters, digits, spaces, _ . -").describe("Receiver name, unique within the action group; the key of its callback URL in alertLogicAppCallbackUrls."),
    resourceId: pattern(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Logic\/workflows\/[^/]+$/i, "a Logic App resource id (/subscriptions/.../providers/Microsoft.Logic/workflows/<name>)").describe("Resource id of the Logic App workflow."),
  },
  "a Logic App receiver",
);

const SUBNET_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;

/** Key Vault secret names. */
const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

/** A v2 token's aud: the client id, or an Application ID URI (Learn: identifier-uri-restrictions). */
const AUDIENCE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(api|https):\/\/[^\s/?#]+(\/[^\s?#]*)?)$/i;
/** An Entra delegated scope: the Application ID URI, a slash, the scope name. */
const SCOPE = /^(api|https):\/\/\S+\/[A-Za-z0-9_.-]+$/;

const DEFAULT_ROTATION_DAYS = 30;

const catalogEntry = record(
  {
    name: pattern(SECRET_NAME, "1 to 127 letters, digits and hyphens").describe("Key Vault secret name (1 to 127 letters, digits and hyphens)."),
    contentType: pattern(/^[a-z0-9][a-z0-9.+-]{0,62}$/, "a short lowercase type such as github-pat, ado-pat, connection-string, bearer-token").describe("What the credential is: github-pat, ado-pat, connection-string, bearer-token, ..."),
    owner: str().min(1, { error: "is empty; allowed the team or person who rotates it" }).describe("The team or person who rotates it."),
    rotationDays: intRange(1, 365).optional().describe(`Days between rotations (1-365). @default ${DEFAULT_ROTATION_DAYS}`),
    expires: isoDate().describe("Expiry date (YYYY-MM-DD), at most the rotation period after Key Vault's expiry notice."),
    enabled: bool().optional().describe("false retires the secret (disabled in the vault, expiry not checked). @default true"),
  },
  "a secret catalog entry",
);

/**
 * The whole stack config in one schema. Every key is optional here: required keys and per-environment
 * defaults are resolved in `resolve` below, so that defaults live in one place.
 */
export const configShape = {
  environment: oneOf(ENVIRONMENTS),
  location: pattern(/^[a-z][a-z0-9]{2,30}$/, "an Azure region name such as westeurope or eastus2"),
  workload: pattern(/^[a-z][a-z0-9]{1,9}$/, "2 to 10 lowercase letters or digits, starting with a letter"),
  resourceGroupName: azureName("resourceGroup"),
  adoptResourceGroup: bool(),
  tags: tagMap(),
  alertEmails: emailReceivers().min(1, { error: "is empty; allowed one or more email addresses" }),
  keyVaultName: azureName("keyVault"),
  keyVaultSku: oneOf(["standard", "premium"]),
  keyVaultSoftDeleteRetentionDays: intRange(7, 90),
  keyVaultNameGeneration: intRange(1, 99),
  keyVaultAllowedIpRanges: list(firewallRange(), "CIDR ranges").max(MAX_KEY_VAULT_IP_RULES, {
    error: (i) => `has ${Array.isArray(i.input) ? i.input.length : "too many"} ranges; a Key Vault firewall takes at most ${MAX_KEY_VAULT_IP_RULES} IP rules`,
  }),
  keyVaultSecretReadScope: oneOf(["vault", "secret"]),
  keyVaultOperatorsGroupId: guid(),
  secrets: list(catalogEntry, "secret catalog entries"),
  secretValues: z.record(str(), secretString(), { error: "is not a map of secret names to values" }),
  logAnalyticsWorkspaceName: azureName("logAnalyticsWorkspace"),
  logRetentionDays: intRange(30, 730),
  auditLogTotalRetentionDays: intRange(4, 4383),
  logDailyQuotaGb: positiveOrNone("GB"),
  auditLogSenderPrincipalIds: list(guid(), "object ids"),
  unusualActivityThreshold: intRange(1, 100_000),
  oncallEmails: emailReceivers(),
  alertWebhooks: list(webhookEntry, "Entra-secured webhooks"),
  alertLogicApps: list(logicAppEntry, "Logic App receivers"),
  alertLogicAppCallbackUrls: z.record(str(), secretString(), { error: "is not a map of Logic App receiver names to callback URLs" }),
  gatewayImage: pattern(IMAGE_REFERENCE, "a container image reference such as ghcr.io/contoso/mcp-gateway:1.4.2"),
  gatewayPlanSku: oneOf(GATEWAY_PLAN_SKUS),
  gatewayInstances: intRange(1, 30),
  gatewayPort: intRange(1, 65535),
  gatewayHealthCheckPath: pattern(/^\/[A-Za-z0-9/_.-]*$/, "a path starting with /"),
  gatewayMcpPath: pattern(/^\/[A-Za-z0-9/_.-]*$/, "a path starting with /"),
  gatewaySecretNames: list(pattern(SECRET_NAME, "a catalog secret name"), "catalog secret names"),
  gatewayAuthTenantId: guid(),
  gatewayAuthClientId: guid(),
  gatewayAuthAllowedAudiences: list(pattern(AUDIENCE, "a client id GUID or an Application ID URI (api://... or https://...)"), "token audiences").min(1, { error: "is empty; allowed one or more audiences (the edge would accept no token)" }),
  gatewayAuthAllowedClientApplications: list(guid(), "client application ids").min(1, { error: "is empty; allowed one or more client ids (an empty list lets every app in the tenant call)" }),
  gatewayAuthScopes: list(pattern(SCOPE, "a scope of the form <Application ID URI>/<name>"), "scopes").min(1, { error: "is empty; allowed one or more scopes for the PRM document" }),
  gatewayAuthClientApps: record(
    {
      cursor: guid().optional().describe("Client id of the public-client app registration Cursor signs in with. @default none"),
      claudeCode: guid().optional().describe("Client id of the public-client app registration Claude Code signs in with. @default none"),
    },
    "the client ids Cursor and Claude Code sign in with",
  ),
  gatewayClientAuth: oneOf(["oauth", "static-token"]),
  gatewayStaticTokenSecretName: pattern(SECRET_NAME, "a catalog secret name"),
  networkAddressSpace: str(),
  networkPrivateEndpointSubnet: str(),
  networkIntegrationSubnet: str(),
  networkClientRanges: list(str(), "CIDR ranges or VirtualNetwork"),
  existingPrivateEndpointSubnetId: pattern(SUBNET_ID, "a subnet resource id (/subscriptions/.../virtualNetworks/<vnet>/subnets/<subnet>)"),
  existingIntegrationSubnetId: pattern(SUBNET_ID, "a subnet resource id (/subscriptions/.../virtualNetworks/<vnet>/subnets/<subnet>)"),
  existingPrivateDnsZoneIds: z.record(str(), pattern(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/[^/]+$/i, "a private DNS zone resource id"), { error: "is not a map of zone names to private DNS zone ids" }),
} satisfies Record<string, z.ZodType>;

export type ConfigKey = keyof typeof configShape;
const isConfigKey = (k: string): k is ConfigKey => Object.hasOwn(configShape, k);
/** Stack config as the schema checked it, before defaults: what the baseline's portable `config` arg holds. */
export type ConfigInput = { [K in ConfigKey]?: z.infer<(typeof configShape)[K]> };

const value = (v: unknown): DefaultDoc => ({ value: v });
const perEnvironment = (v: Record<Environment, unknown>): DefaultDoc => ({ perEnvironment: v });

const DEFAULTS = {
  location: "westeurope",
  workload: "cursor",
  adoptResourceGroup: false,
  keyVaultSku: "standard",
  // Purge protection is always on, so a destroyed vault's name stays taken for its whole retention:
  // dev and staging keep the minimum so a torn-down stack can come back within a week (Learn: Key Vault
  // soft-delete overview, retention 7-90 days); prod keeps the maximum.
  keyVaultSoftDeleteRetentionDays: { dev: 7, staging: 7, prod: 90 },
  keyVaultNameGeneration: 1,
  keyVaultSecretReadScope: "vault",
  rotationDays: DEFAULT_ROTATION_DAYS,
  logRetentionDays: { dev: 30, staging: 90, prod: 365 },
  auditLogTotalRetentionDays: { dev: 30, staging: 365, prod: 730 },
  // Records over a daily cap are dropped: a cap keeps dev and staging cheap, prod keeps every record.
  logDailyQuotaGb: { dev: 1, staging: 5, prod: -1 },
  // Named for what it is: a hello-world page, so nobody mistakes dev for a working gateway.
  devPlaceholderImage: "mcr.microsoft.com/azuredocs/aci-helloworld:latest",
  gatewayPlanSku: { dev: "B1", staging: "P0v3", prod: "P1v3" },
  gatewayInstances: { dev: 1, staging: 1, prod: 2 },
  gatewayPort: 8080,
  placeholderPort: 80,
  placeholderHealthCheckPath: "/",
  gatewayHealthCheckPath: "/healthz",
  gatewayMcpPath: "/mcp",
  networkAddressSpace: "10.60.0.0/24",
  networkPrivateEndpointSubnet: "10.60.0.0/26",
  networkIntegrationSubnet: "10.60.0.64/26",
  networkClientRanges: ["VirtualNetwork"],
} as const;

/** What each key means and defaults to: the source of the README config reference and Pulumi.yaml. */
export const configDocs: Record<ConfigKey, KeyDoc> = {
  environment: { description: "Deployment tier that picks the secure defaults: dev, staging or prod (prod is strictest).", pulumiType: "string" },
  location: { description: "Azure region for every regional resource.", default: value(DEFAULTS.location), pulumiType: "string" },
  workload: { description: "Short workload name used in every resource name (rg-<workload>-ai-research-<env>, ...).", default: value(DEFAULTS.workload), pulumiType: "string" },
  resourceGroupName: { description: "Resource group that holds everything.", default: { derived: "rg-<workload>-ai-research-<environment>" }, pulumiType: "string" },
  adoptResourceGroup: { description: "true: use the existing resource group named resourceGroupName instead of creating it.", default: value(DEFAULTS.adoptResourceGroup), pulumiType: "boolean" },
  tags: { description: "Extra tags on every resource, besides environment, workload, managed-by and project (which mcp-guard sets).", default: value({}) },
  alertEmails: { description: "Email addresses of the security team, paged by the security action group.", pulumiType: "array" },
  keyVaultName: { description: "Key Vault name (3-24 characters, globally unique).", default: { derived: "kv-<workload>-secrets-<e><4 hex from project/stack>" }, pulumiType: "string" },
  keyVaultSku: { description: "Key Vault SKU: standard, or premium for HSM-backed keys.", default: value(DEFAULTS.keyVaultSku), pulumiType: "string" },
  keyVaultSoftDeleteRetentionDays: { description: "Days a deleted vault or secret stays recoverable (7-90), and its name stays taken (purge protection is on); fixed when the vault is created.", default: perEnvironment(DEFAULTS.keyVaultSoftDeleteRetentionDays), pulumiType: "integer" },
  keyVaultNameGeneration: { description: "Bump (1-99) to redeploy a destroyed stack at once: the vault gets a new name while the old one is soft-deleted.", default: value(DEFAULTS.keyVaultNameGeneration), pulumiType: "integer" },
  keyVaultAllowedIpRanges: { description: "dev only: public IPv4 CIDR ranges let through the vault firewall; staging and prod are private-endpoint only.", default: value([]), pulumiType: "array" },
  keyVaultSecretReadScope: { description: "Scope of the gateway's Key Vault Secrets User role: the vault, or each catalog secret.", default: value(DEFAULTS.keyVaultSecretReadScope), pulumiType: "string" },
  keyVaultOperatorsGroupId: { description: "Object id of the Entra group granted Key Vault Secrets Officer (sets and rotates values).", default: { derived: "none: no operators group" }, pulumiType: "string" },
  secrets: { description: "The MCP credentials the vault holds: name, contentType, owner, rotationDays (default 30), expires (YYYY-MM-DD), enabled (default true; false retires it).", default: value([]) },
  secretValues: { description: "Values for catalog secrets by name, set only with pulumi config set --secret --path 'secretValues.<name>'.", default: { derived: "none: operators set values with az keyvault secret set" }, secret: true },
  logAnalyticsWorkspaceName: { description: "Log Analytics workspace that holds the MCP audit table (4-63 characters).", default: { derived: "law-<workload>-audit-<environment>" }, pulumiType: "string" },
  logRetentionDays: { description: "Workspace retention in days (30-730), also the audit table's interactive retention.", default: perEnvironment(DEFAULTS.logRetentionDays), pulumiType: "integer" },
  auditLogTotalRetentionDays: { description: "Total retention of MCPServerLogs_CL in days, interactive plus long-term (4-4383, at least logRetentionDays).", default: perEnvironment(DEFAULTS.auditLogTotalRetentionDays), pulumiType: "integer" },
  logDailyQuotaGb: { description: "Daily ingestion cap in GB, or -1 for none. Records over the cap are dropped until the next day, so prod has none.", default: perEnvironment(DEFAULTS.logDailyQuotaGb) },
  auditLogSenderPrincipalIds: { description: "Object ids of identities that send MCP audit records (a gateway outside this stack): Monitoring Metrics Publisher on the DCR.", default: value([]), pulumiType: "array" },
  unusualActivityThreshold: { description: "Tool calls by one user in an hour above which alert-mcp-unusual-activity pages: raise it where agents doing real work send more.", default: { derived: "the alert file's threshold: 100 (the guide's number)" }, pulumiType: "integer" },
  oncallEmails: { description: "Email addresses of an on-call rota: an extra action group that receives every severity 0-1 alert; empty: no on-call group.", default: value([]), pulumiType: "array" },
  alertWebhooks: { description: "Entra-secured webhooks on the security action group: name, serviceUri (public HTTPS, no credentials), objectId and identifierUri of the target app registration.", default: value([]) },
  alertLogicApps: { description: "Logic App receivers on the security action group: name and resourceId; each needs its callback URL in alertLogicAppCallbackUrls.", default: value([]) },
  gatewayImage: { description: "The MCP gateway's container image (registry/name:tag or @sha256 digest).", default: { derived: `dev: ${DEFAULTS.devPlaceholderImage} (a placeholder, not a gateway); staging and prod: required` }, pulumiType: "string" },
  gatewayPlanSku: { description: "App Service plan SKU for the gateway (Basic or higher: private endpoints and VNet integration).", default: perEnvironment(DEFAULTS.gatewayPlanSku), pulumiType: "string" },
  gatewayInstances: { description: "Gateway instances (1-30).", default: perEnvironment(DEFAULTS.gatewayInstances), pulumiType: "integer" },
  gatewayPort: { description: "Port the gateway container listens on (WEBSITES_PORT); the dev placeholder listens on 80.", default: value(DEFAULTS.gatewayPort), pulumiType: "integer" },
  gatewayHealthCheckPath: { description: "Path App Service probes on each gateway instance; / for the dev placeholder, which has no /healthz.", default: value(DEFAULTS.gatewayHealthCheckPath), pulumiType: "string" },
  gatewayMcpPath: { description: "Path of the MCP endpoint on the gateway (for the Cursor mcp.json output).", default: value(DEFAULTS.gatewayMcpPath), pulumiType: "string" },
  gatewaySecretNames: { description: "Catalog secrets the gateway reads as Key Vault references.", default: { derived: "every catalog secret" }, pulumiType: "array" },
  gatewayAuthTenantId: { description: "Entra tenant id whose v2.0 tokens the gateway's edge accepts (App Service Authentication).", pulumiType: "string" },
  gatewayAuthClientId: { description: "Client id of the gateway's own Entra app registration (create it with the README's az ad app commands).", pulumiType: "string" },
  gatewayAuthAllowedAudiences: { description: "Token audiences the edge accepts: the client id and the Application ID URI.", default: { derived: "[<gatewayAuthClientId>, api://<gatewayAuthClientId>]" }, pulumiType: "array" },
  gatewayAuthAllowedClientApplications: { description: "Client ids of the apps allowed to call (azp claim); tokens any other app obtained get 401.", default: { derived: `[${VSCODE_CLIENT_ID} (VS Code), gatewayAuthClientApps.cursor, gatewayAuthClientApps.claudeCode]` }, pulumiType: "array" },
  gatewayAuthScopes: { description: "Scopes the protected-resource metadata document advertises (WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES).", default: { derived: "[api://<gatewayAuthClientId>/user_impersonation]" }, pulumiType: "array" },
  gatewayAuthClientApps: { description: "Public-client app registrations Cursor and Claude Code sign in with ({cursor, claudeCode}); Entra has no dynamic client registration.", default: value({}) },
  gatewayClientAuth: { description: "How MCP clients authenticate: oauth (Entra tokens), or static-token (a shared bearer in Key Vault; the edge lets requests through and policy flags it).", default: value("oauth"), pulumiType: "string" },
  gatewayStaticTokenSecretName: { description: "With gatewayClientAuth static-token: the catalog secret holding the shared bearer token (rotated like every catalog secret).", default: { derived: "none" }, pulumiType: "string" },
  networkAddressSpace: { description: "Address space of the gateway VNet mcp-guard creates.", default: value(DEFAULTS.networkAddressSpace), pulumiType: "string" },
  networkPrivateEndpointSubnet: { description: "Private endpoint subnet, inside the address space, /28 or larger.", default: value(DEFAULTS.networkPrivateEndpointSubnet), pulumiType: "string" },
  networkIntegrationSubnet: { description: "App Service integration subnet, inside the address space, not overlapping, /27 or larger.", default: value(DEFAULTS.networkIntegrationSubnet), pulumiType: "string" },
  networkClientRanges: { description: "Who may reach the private endpoints on 443 besides the gateway: CIDR ranges or the VirtualNetwork service tag; never the internet.", default: value(DEFAULTS.networkClientRanges), pulumiType: "array" },
  existingPrivateEndpointSubnetId: { description: "Bring your own network: an existing subnet for the private endpoints (with existingIntegrationSubnetId; no VNet, NSG or NAT is created).", default: { derived: "none: mcp-guard creates the VNet" }, pulumiType: "string" },
  existingIntegrationSubnetId: { description: "Bring your own network: an existing subnet delegated to Microsoft.Web/serverFarms for the gateway's outbound traffic.", default: { derived: "none: mcp-guard creates the VNet" }, pulumiType: "string" },
  existingPrivateDnsZoneIds: { description: "Bring your own DNS: existing private DNS zone ids by zone name (privatelink.vaultcore.azure.net, ...); zones not listed are created.", default: value({}) },
  alertLogicAppCallbackUrls: { description: "Callback URL per Logic App receiver name, set only with pulumi config set --secret --path 'alertLogicAppCallbackUrls.<name>' (the URL carries a signature).", default: { derived: "none" }, secret: true },
};

/** Settings that follow from the environment tier: prod is the strictest. */
export interface Tier {
  /** Pulumi `protect` on resources that hold data or everything else (the resource group). */
  protectData: boolean;
  /** A CanNotDelete management lock on resources that hold data. */
  lockData: boolean;
  /**
   * Pulumi `retainOnDelete` on the vault and the audit workspace and table: a `pulumi destroy` (after
   * `protect` is lifted) drops them from the stack but leaves them, and their credentials and audit
   * trail, in Azure. Only prod: dev and staging are torn down and deployed again on purpose.
   */
  retainData: boolean;
  /**
   * Why Azure Monitor stays reachable from public networks (Entra-only), or undefined when it is
   * private: public ingestion and query off, behind a private link scope.
   */
  publicMonitoringReason?: string;
}

const NO_PRIVATE_NETWORK = "no Azure Monitor private link in this environment: ingestion and queries need an Entra token (local auth off) but cross public networks";

export const TIERS: Record<Environment, Tier> = {
  dev: { protectData: false, lockData: false, retainData: false, publicMonitoringReason: `dev: ${NO_PRIVATE_NETWORK}` },
  staging: { protectData: false, lockData: false, retainData: false, publicMonitoringReason: `staging: ${NO_PRIVATE_NETWORK}` },
  prod: { protectData: true, lockData: true, retainData: true },
};

/** The validated stack config with every default filled in. */
export interface McpGuardConfig {
  project: string;
  stack: string;
  environment: Environment;
  tier: Tier;
  location: string;
  workload: string;
  names: DefaultNames;
  resourceGroup: { name: string; adopt: boolean };
  tags: Record<string, string>;
  alertEmails: string[];
  keyVault: {
    sku: "standard" | "premium";
    softDeleteRetentionDays: number;
    allowedIpRanges: string[];
    secretReadScope: "vault" | "secret";
    operatorsGroupId?: string;
  };
  /** The catalog; values, when configured, are Pulumi secrets. */
  secrets: SecretCatalogEntry[];
  auditLogs: {
    retentionDays: number;
    totalRetentionDays: number;
    /** Undefined: no cap. */
    dailyQuotaGb?: number;
    senderPrincipalIds: string[];
  };
  /** Alert thresholds this stack sets, by alert name, over the alert files' own. */
  alertThresholds: Record<string, number>;
  gateway: {
    image: string;
    placeholderImage: boolean;
    sku: { name: GatewayPlanSku; capacity: number };
    port: number;
    healthCheckPath: string;
    mcpPath: string;
    /** Undefined: every catalog secret. */
    secretNames?: string[];
    edgeAuth: McpGatewayEdgeAuthArgs;
  };
  network:
    | { create: { addressSpace: string; privateEndpointSubnet: string; integrationSubnet: string; clientRanges: string[] } }
    | { existing: { privateEndpointSubnetId: string; integrationSubnetId: string } };
  existingPrivateDnsZoneIds: Record<string, string>;
  alerting: {
    oncallEmails: string[];
    webhooks: { name: string; serviceUri: string; objectId: string; identifierUri: string }[];
    /** Callback URLs are Pulumi secrets. */
    logicApps: { name: string; resourceId: string; callbackUrl: pulumi.Output<string> }[];
  };
}

/** Stack config as Pulumi hands it to a program: every value a string (JSON for lists and maps). */
export interface RawConfig {
  project: string;
  stack: string;
  /** Fully qualified keys (`mcp-guard:location`) to their string values. */
  values: Record<string, string>;
  /** Fully qualified keys whose values were set with `--secret`. */
  secretKeys: readonly string[];
}

/** Keys that moved out of stack config, with where they went. */
const REMOVED_KEYS: Record<string, string> = {
  approvedMcpServers: 'moved to the approval registry; delete it and describe each server in servers/<name>.yaml with its review and environments (README "The approval registry")',
  approvedMcpTools: 'moved to the approval registry; delete it and list each server\'s tools in servers/<name>.yaml (README "The approval registry")',
};

/** Namespaces besides the project's that a stack file may set: the providers'. */
const PROVIDER_NAMESPACES = ["azure-native", "pulumi"];

const STRING_KEYS = new Set<string>(Object.entries(configDocs).filter(([, d]) => d.pulumiType === "string").map(([k]) => k));

function formatPath(path: readonly PropertyKey[]): string {
  // A map key is the user's text: quoted unless plain, so a newline or a quote in it cannot forge another line.
  return path.map((p) => (typeof p === "number" ? `[${p}]` : /^[\w-]+$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`)).join("");
}

const DAY = 86400;

/**
 * Key Vault raises SecretNearExpiry a fixed 30 days before a secret's `exp`; for secrets the lead is not
 * configurable (Learn: Azure Key Vault as Event Grid source, event-schema-key-vault). An expiry closer
 * than that pages the day the secret is created, so the allowed expiry is the rotation period past the
 * notice window: the page comes 30 days ahead and the credential is rotated within its period after it.
 */
export const NEAR_EXPIRY_NOTICE_DAYS = 30;

/** Rules that span keys or depend on the environment or the date. */
function crossChecks(k: (key: string) => string, given: ConfigInput, now: Date): string[] {
  const problems: string[] = [];
  if ((given.keyVaultAllowedIpRanges ?? []).length > 0 && given.environment !== "dev") {
    problems.push(`${k("keyVaultAllowedIpRanges")}: allowed only in dev; staging and prod reach the vault through its private endpoint`);
  }
  const seen = new Map<string, number>();
  const nowEpoch = Math.floor(now.getTime() / 1000);
  (given.secrets ?? []).forEach((entry, i) => {
    const first = seen.get(entry.name.toLowerCase());
    if (first !== undefined) problems.push(`${k(`secrets[${i}].name`)}: ${JSON.stringify(entry.name)} is a duplicate of secrets[${first}] (Key Vault names are case-insensitive)`);
    else seen.set(entry.name.toLowerCase(), i);
    const exp = expiryEpoch(entry.expires);
    const rotation = entry.rotationDays ?? DEFAULTS.rotationDays;
    const window = rotation + NEAR_EXPIRY_NOTICE_DAYS;
    const latest = new Date((nowEpoch + window * DAY) * 1000).toISOString().slice(0, 10);
    if (entry.enabled === false) return;
    if (exp <= nowEpoch) {
      problems.push(`${k(`secrets[${i}].expires`)}: ${JSON.stringify(entry.expires)} is in the past; rotate the credential and set its new expiry (allowed up to ${latest})`);
    } else if (exp > nowEpoch + window * DAY) {
      problems.push(`${k(`secrets[${i}].expires`)}: ${JSON.stringify(entry.expires)} is further away than its ${rotation}-day rotation period after Key Vault's ${NEAR_EXPIRY_NOTICE_DAYS}-day expiry notice; allowed up to ${latest}`);
    }
  });
  if (given.environment !== undefined) {
    const retention = given.logRetentionDays ?? DEFAULTS.logRetentionDays[given.environment];
    const total = given.auditLogTotalRetentionDays ?? DEFAULTS.auditLogTotalRetentionDays[given.environment];
    if (total < retention) problems.push(`${k("auditLogTotalRetentionDays")}: ${total} is less than logRetentionDays (${retention}); allowed ${retention} to 4383`);
  }
  // Receiver names identify a receiver within its action group (Learn: Create and manage action groups,
  // "Name: a unique identifier within the action group"); email receivers are named email-<n>.
  const receivers = new Map<string, string>((given.alertEmails ?? []).map((_, i) => [`email-${i}`, `alertEmails[${i}]`]));
  for (const [key, list] of [["alertWebhooks", given.alertWebhooks ?? []], ["alertLogicApps", given.alertLogicApps ?? []]] as const) {
    list.forEach((r, i) => {
      const first = receivers.get(r.name);
      if (first !== undefined) problems.push(`${k(`${key}[${i}].name`)}: ${JSON.stringify(r.name)} is already the name of ${first}; receiver names must be unique within the action group`);
      else receivers.set(r.name, `${key}[${i}]`);
    });
  }
  for (const key of ["alertEmails", "oncallEmails"] as const) {
    const seenEmails = new Map<string, number>();
    (given[key] ?? []).forEach((e, i) => {
      const first = seenEmails.get(e.toLowerCase());
      if (first !== undefined) problems.push(`${k(`${key}[${i}]`)}: ${JSON.stringify(e)} is listed twice (also ${key}[${first}]); remove one`);
      else seenEmails.set(e.toLowerCase(), i);
    });
  }
  const logicApps = (given.alertLogicApps ?? []).map((l) => l.name);
  logicApps.forEach((n, i) => {
    if (given.alertLogicAppCallbackUrls?.[n] === undefined) problems.push(`${k(`alertLogicApps[${i}]`)}: ${JSON.stringify(n)} has no callback URL; set it with pulumi config set --secret --path 'alertLogicAppCallbackUrls.${n}' <url>`);
  });
  for (const n of Object.keys(given.alertLogicAppCallbackUrls ?? {}).sort()) {
    if (!logicApps.includes(n)) problems.push(`${k(`alertLogicAppCallbackUrls.${n}`)}: names no Logic App receiver; allowed ${logicApps.join(", ") || "none (alertLogicApps is empty)"}`);
  }
  if (given.environment !== undefined && given.environment !== "dev" && given.gatewayImage === undefined) {
    problems.push(`${k("gatewayImage")}: is required in ${given.environment}; allowed a container image reference such as ghcr.io/contoso/mcp-gateway:1.4.2 (dev alone runs a placeholder)`);
  }
  const byo = [given.existingPrivateEndpointSubnetId, given.existingIntegrationSubnetId].filter((v) => v !== undefined).length;
  if (byo === 1) problems.push(`${k(given.existingPrivateEndpointSubnetId === undefined ? "existingPrivateEndpointSubnetId" : "existingIntegrationSubnetId")}: is required with the other existing subnet id; give both or neither`);
  const cidrKeys = ["networkAddressSpace", "networkPrivateEndpointSubnet", "networkIntegrationSubnet"] as const;
  if (byo === 2) {
    // Pulumi fills declared project defaults into config, so only a changed value is a conflict.
    for (const key of cidrKeys) if (given[key] !== undefined && given[key] !== DEFAULTS[key]) problems.push(`${k(key)}: is not used with existing subnets; remove it or the existing subnet ids`);
  } else {
    const field = { addressSpace: "networkAddressSpace", privateEndpointSubnet: "networkPrivateEndpointSubnet", integrationSubnet: "networkIntegrationSubnet", clientRanges: "networkClientRanges" } as const;
    for (const p of networkProblems(networkOf(given))) problems.push(`${k(field[p.field])}: ${p.message}`);
  }
  const catalogNames = (given.secrets ?? []).map((e) => e.name);
  (given.gatewaySecretNames ?? []).forEach((n, i) => {
    if (!catalogNames.includes(n)) problems.push(`${k(`gatewaySecretNames[${i}]`)}: ${JSON.stringify(n)} is not in the secret catalog; allowed ${catalogNames.join(", ") || "none (the catalog is empty)"}`);
  });
  const clientAuth = given.gatewayClientAuth ?? "oauth";
  if (clientAuth === "static-token" && given.gatewayStaticTokenSecretName === undefined) {
    problems.push(`${k("gatewayStaticTokenSecretName")}: is required with gatewayClientAuth static-token; allowed the catalog secret that holds the bearer token`);
  }
  if (given.gatewayStaticTokenSecretName !== undefined) {
    if (clientAuth !== "static-token") problems.push(`${k("gatewayStaticTokenSecretName")}: is used only with gatewayClientAuth static-token; remove it or set gatewayClientAuth`);
    else if (!catalogNames.includes(given.gatewayStaticTokenSecretName)) problems.push(`${k("gatewayStaticTokenSecretName")}: ${JSON.stringify(given.gatewayStaticTokenSecretName)} is not in the secret catalog; allowed ${catalogNames.join(", ") || "none (the catalog is empty)"}`);
    else if (given.gatewaySecretNames !== undefined && !given.gatewaySecretNames.includes(given.gatewayStaticTokenSecretName)) problems.push(`${k("gatewayStaticTokenSecretName")}: ${JSON.stringify(given.gatewayStaticTokenSecretName)} is not in gatewaySecretNames; add it so the gateway can read the token`);
  }
  const names = new Set((given.secrets ?? []).map((e) => e.name));
  for (const name of Object.keys(given.secretValues ?? {}).sort()) {
    if (!names.has(name)) problems.push(`${k(`secretValues.${name}`)}: names no secret in the catalog; allowed ${[...names].join(", ") || "none (the catalog is empty)"}`);
  }
  return problems;
}

/** The network to create, from config and defaults. */
function networkOf(given: ConfigInput) {
  return {
    addressSpace: given.networkAddressSpace ?? DEFAULTS.networkAddressSpace,
    privateEndpointSubnet: given.networkPrivateEndpointSubnet ?? DEFAULTS.networkPrivateEndpointSubnet,
    integrationSubnet: given.networkIntegrationSubnet ?? DEFAULTS.networkIntegrationSubnet,
    clientRanges: given.networkClientRanges ?? [...DEFAULTS.networkClientRanges],
  };
}

/** The edge's Entra settings with defaults; only called once the required keys are known to be there. */
function edgeAuthOf(given: ConfigInput): McpGatewayEdgeAuthArgs {
  const clientId = given.gatewayAuthClientId ?? "";
  const apps = given.gatewayAuthClientApps ?? {};
  const clientAuth: ClientAuth =
    given.gatewayClientAuth === "static-token" && given.gatewayStaticTokenSecretName !== undefined ? { kind: "static-token", secretName: given.gatewayStaticTokenSecretName } : { kind: "oauth" };
  return {
    tenantId: given.gatewayAuthTenantId ?? "",
    clientId,
    allowedAudiences: given.gatewayAuthAllowedAudiences ?? [clientId, `api://${clientId}`],
    allowedClientApplications: given.gatewayAuthAllowedClientApplications ?? [VSCODE_CLIENT_ID, ...[apps.cursor, apps.claudeCode].filter((a): a is string => a !== undefined)],
    scopes: given.gatewayAuthScopes ?? [`api://${clientId}/user_impersonation`],
    clientApps: apps,
    clientAuth,
  };
}

/** Where the config came from, which decides how problems name its keys and which checks apply. */
export interface ParseOptions {
  /**
   * How a problem names a key of the project's namespace, and what the thrown error says was invalid.
   * @default stack config: `<project>:<key>`, "invalid stack config"
   */
  source?: { keyName: (key: string) => string; what: string };
  /**
   * Refuse plain values that look like credentials. Only stack config says which values were set with
   * --secret; component args do not (a program may pass a value it read from a secret key as a plain
   * string), so there the check would refuse what the stack accepted.
   * @default true
   */
  plainCredentials?: boolean;
}

/** Validates raw stack config and fills defaults; throws ConfigError listing every problem at once. */
export function parseConfig(raw: RawConfig, now: Date = today(), options: ParseOptions = {}): McpGuardConfig {
  return resolve(raw, checkConfig(raw, now, options));
}

/** Validates raw stack config without filling defaults: the typed values given; throws ConfigError listing every problem at once. */
export function checkConfig(raw: RawConfig, now: Date = today(), options: ParseOptions = {}): ConfigInput {
  const name = options.source?.keyName ?? ((key: string) => `${raw.project}:${key}`);
  const problems: string[] = [];
  const input: Record<string, unknown> = {};
  const keys = Object.keys(configShape);
  const nulls = new Set<string>();

  for (const fullKey of Object.keys(raw.values).sort()) {
    const [namespace, ...rest] = fullKey.split(":");
    const key = rest.join(":");
    const credential = options.plainCredentials === false || raw.secretKeys.includes(fullKey) || (isConfigKey(key) && configDocs[key].secret) ? undefined : plainCredentialProblem(fullKey, raw.values[fullKey]);
    if (credential) {
      problems.push(credential);
      continue;
    }
    if (namespace !== raw.project) {
      if (!PROVIDER_NAMESPACES.includes(namespace)) {
        problems.push(`${fullKey}: unknown namespace ${JSON.stringify(namespace)}; allowed ${[raw.project, ...PROVIDER_NAMESPACES].join(", ")}`);
      }
      continue;
    }
    if (Object.hasOwn(REMOVED_KEYS, key)) {
      problems.push(`${name(key)}: ${REMOVED_KEYS[key]}`);
      continue;
    }
    if (!isConfigKey(key)) {
      problems.push(`${name(key)}: unknown key; did you mean ${name(closest(key, keys))}?`);
      continue;
    }
    const text = raw.values[fullKey];
    if (configDocs[key].secret && !raw.secretKeys.includes(fullKey)) {
      // The value is never echoed: it is a credential that is now in plain text in the stack file.
      problems.push(`${name(key)}: must be a secret; set it with pulumi config set --secret --path '${key}.<name>' <value> (the plain-text value is not shown)`);
      continue;
    }
    if (STRING_KEYS.has(key)) {
      // A YAML null (key: null, key: ~ or key:) reaches a program as the text "null"; no name, region or id is spelt so.
      if (text === "null") {
        problems.push(`${name(key)}: is null; set a value or remove the key`);
        nulls.add(key);
      } else input[key] = text;
      continue;
    }
    try {
      input[key] = JSON.parse(text);
    } catch {
      // Pulumi passes scalars as plain strings; a non-JSON value for a typed key is a string the schema rejects.
      input[key] = text;
    }
  }

  const parsed = z.object(configShape).partial().safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${name(String(issue.path[0]))}${formatPath(issue.path.slice(1))}: ${issue.message}`);
    }
  }
  const given: ConfigInput = parsed.success ? parsed.data : {};

  for (const [key, doc] of Object.entries(configDocs)) {
    if (doc.default === undefined && input[key] === undefined && !nulls.has(key)) {
      problems.push(`${name(key)}: is required; ${doc.description}`);
    }
  }

  if (parsed.success) problems.push(...crossChecks(name, given, now));
  // Messages show the values they refuse; a value set with --secret is shown as [secret] instead.
  const leaves = secretLeaves(raw, { keys: true });
  if (problems.length > 0) throw new ConfigError(problems.map((p) => redactSecrets(p, leaves)), options.source?.what);
  return given;
}

/** A gateway setting: the placeholder's own value when dev runs the placeholder and the key is left at its default. */
function placeholderOr<T>(image: string | undefined, value: T | undefined, gatewayDefault: T, placeholderValue: T): T {
  if (image === undefined && (value === undefined || value === gatewayDefault)) return placeholderValue;
  return value ?? gatewayDefault;
}

function resolve(raw: RawConfig, given: ConfigInput): McpGuardConfig {
  const environment = given.environment;
  if (environment === undefined) throw new ConfigError([`${raw.project}:environment: is required`]);
  const workload = given.workload ?? DEFAULTS.workload;
  const names = defaultNames(workload, environment, raw.project, raw.stack, given.keyVaultNameGeneration ?? DEFAULTS.keyVaultNameGeneration);
  const resourceGroupName = given.resourceGroupName ?? names.resourceGroup;
  const dailyQuota = given.logDailyQuotaGb ?? DEFAULTS.logDailyQuotaGb[environment];
  return {
    project: raw.project,
    stack: raw.stack,
    environment,
    tier: TIERS[environment],
    location: given.location ?? DEFAULTS.location,
    workload,
    names: { ...names, resourceGroup: resourceGroupName, keyVault: given.keyVaultName ?? names.keyVault, logAnalyticsWorkspace: given.logAnalyticsWorkspaceName ?? names.logAnalyticsWorkspace },
    resourceGroup: { name: resourceGroupName, adopt: given.adoptResourceGroup ?? DEFAULTS.adoptResourceGroup },
    tags: { environment, workload, "managed-by": "pulumi", project: raw.project, ...given.tags },
    alertEmails: given.alertEmails ?? [],
    keyVault: {
      sku: given.keyVaultSku ?? DEFAULTS.keyVaultSku,
      softDeleteRetentionDays: given.keyVaultSoftDeleteRetentionDays ?? DEFAULTS.keyVaultSoftDeleteRetentionDays[environment],
      allowedIpRanges: given.keyVaultAllowedIpRanges ?? [],
      secretReadScope: given.keyVaultSecretReadScope ?? DEFAULTS.keyVaultSecretReadScope,
      operatorsGroupId: given.keyVaultOperatorsGroupId,
    },
    secrets: (given.secrets ?? []).map((e) => {
      const secretValue = given.secretValues?.[e.name];
      return { ...e, rotationDays: e.rotationDays ?? DEFAULTS.rotationDays, ...(secretValue === undefined ? {} : { value: pulumi.secret(secretValue) }) };
    }),
    auditLogs: {
      retentionDays: given.logRetentionDays ?? DEFAULTS.logRetentionDays[environment],
      totalRetentionDays: given.auditLogTotalRetentionDays ?? DEFAULTS.auditLogTotalRetentionDays[environment],
      ...(dailyQuota === -1 ? {} : { dailyQuotaGb: dailyQuota }),
      senderPrincipalIds: given.auditLogSenderPrincipalIds ?? [],
    },
    alertThresholds: given.unusualActivityThreshold === undefined ? {} : { "alert-mcp-unusual-activity": given.unusualActivityThreshold },
    gateway: {
      image: given.gatewayImage ?? DEFAULTS.devPlaceholderImage,
      placeholderImage: given.gatewayImage === undefined,
      sku: { name: given.gatewayPlanSku ?? DEFAULTS.gatewayPlanSku[environment], capacity: given.gatewayInstances ?? DEFAULTS.gatewayInstances[environment] },
      // The placeholder (Learn quickstart image aci-helloworld) serves its page on port 80 at / and has no
      // /healthz: probing what it really serves keeps dev's instance healthy and honest about what runs.
      // Pulumi fills the declared project defaults into config, so a default value counts as not set.
      port: placeholderOr(given.gatewayImage, given.gatewayPort, DEFAULTS.gatewayPort, DEFAULTS.placeholderPort),
      healthCheckPath: placeholderOr(given.gatewayImage, given.gatewayHealthCheckPath, DEFAULTS.gatewayHealthCheckPath, DEFAULTS.placeholderHealthCheckPath),
      mcpPath: given.gatewayMcpPath ?? DEFAULTS.gatewayMcpPath,
      ...(given.gatewaySecretNames === undefined ? {} : { secretNames: given.gatewaySecretNames }),
      edgeAuth: edgeAuthOf(given),
    },
    network:
      given.existingPrivateEndpointSubnetId !== undefined && given.existingIntegrationSubnetId !== undefined
        ? { existing: { privateEndpointSubnetId: given.existingPrivateEndpointSubnetId, integrationSubnetId: given.existingIntegrationSubnetId } }
        : { create: networkOf(given) },
    existingPrivateDnsZoneIds: given.existingPrivateDnsZoneIds ?? {},
    alerting: {
      oncallEmails: given.oncallEmails ?? [],
      webhooks: given.alertWebhooks ?? [],
      logicApps: (given.alertLogicApps ?? []).map((l) => ({ ...l, callbackUrl: pulumi.secret(given.alertLogicAppCallbackUrls?.[l.name] ?? "") })),
    },
  };
}
