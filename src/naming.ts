import { createHash } from "node:crypto";

/** A deployment environment: dev, staging or prod (an analyzer enum, as LockLevel). */
export const Environment = { Dev: "dev", Staging: "staging", Prod: "prod" } as const;
export type Environment = (typeof Environment)[keyof typeof Environment];
/** Deployment environments, weakest to strictest (test/baselineConfig.test.ts: every Environment, once). */
export const ENVIRONMENTS = [Environment.Dev, Environment.Staging, Environment.Prod] as const;

/** Azure's naming rules for the names mcp-guard derives, checked before anything is registered. */
export const NAME_RULES = {
  resourceGroup: { min: 1, max: 90, pattern: /^[-\w.()]*[-\w()]$/, allowed: "letters, digits, - _ . ( ), not ending in ." },
  keyVault: { min: 3, max: 24, pattern: /^[A-Za-z](?!.*--)[A-Za-z0-9-]*[A-Za-z0-9]$/, allowed: "letters, digits and single hyphens, starting with a letter and ending with a letter or digit" },
  logAnalyticsWorkspace: { min: 4, max: 63, pattern: /^[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$/, allowed: "letters, digits and hyphens, starting and ending with a letter or digit" },
  dataCollectionEndpoint: { min: 3, max: 44, pattern: /^[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$/, allowed: "letters, digits and hyphens, starting and ending with a letter or digit" },
  dataCollectionRule: { min: 3, max: 64, pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9_]$/, allowed: "letters, digits, _ . -, starting with a letter or digit and ending with a letter, digit or _" },
  privateLinkScope: { min: 1, max: 255, pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9_]$/, allowed: "letters, digits, _ . -, starting with a letter or digit and ending with a letter, digit or _" },
  webApp: { min: 2, max: 60, pattern: /^[A-Za-z0-9](?!.*--)[A-Za-z0-9-]*[A-Za-z0-9]$/, allowed: "letters, digits and single hyphens, starting and ending with a letter or digit" },
  appServicePlan: { min: 1, max: 60, pattern: /^[A-Za-z0-9][A-Za-z0-9-]*$/, allowed: "letters, digits and hyphens" },
  virtualNetwork: { min: 2, max: 64, pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9_]$/, allowed: "letters, digits, _ . -, starting with a letter or digit and ending with a letter, digit or _" },
  queryPack: { min: 1, max: 255, pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/, allowed: "letters, digits, _ . -, starting with a letter or digit" },
  actionGroup: { min: 1, max: 260, pattern: /^[^%&\\?/]+$/, allowed: "any characters but % & \\ ? /" },
  // Microsoft.ManagedIdentity/userAssignedIdentities (ManagedIdentity.json 2023-01-31: resourceName).
  userAssignedIdentity: { min: 3, max: 128, pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/, allowed: "letters, digits, - and _, starting with a letter or digit" },
  actionGroupShortName: { min: 1, max: 12, pattern: /^[A-Za-z0-9-]+$/, allowed: "letters, digits and hyphens" },
} as const;
export type NameKind = keyof typeof NAME_RULES;

/** Returns why `name` breaks Azure's rule for `kind`, or undefined when it is valid. */
export function nameProblem(kind: NameKind, name: string): string | undefined {
  const rule = NAME_RULES[kind];
  if (name.length < rule.min || name.length > rule.max) {
    return `${JSON.stringify(name)} is ${name.length} characters; allowed ${rule.min} to ${rule.max}`;
  }
  if (!rule.pattern.test(name)) {
    return `${JSON.stringify(name)} is not a valid name; allowed ${rule.allowed}`;
  }
  return undefined;
}

/**
 * A short suffix derived from the project and stack, so globally unique names (Key Vault) differ
 * between stacks yet stay the same on every run: a random suffix would replace the vault each time.
 */
export function stackSuffix(project: string, stack: string, length = 4): string {
  return createHash("sha256").update(`${project}/${stack}`).digest("hex").slice(0, length);
}

/** The default Azure names, following the guide (rg-cursor-ai-research, kv-cursor-secrets, ...) per environment. */
export interface DefaultNames {
  resourceGroup: string;
  keyVault: string;
  logAnalyticsWorkspace: string;
  dataCollectionEndpoint: string;
  dataCollectionRule: string;
  privateLinkScope: string;
  queryPack: string;
  actionGroup: string;
  actionGroupShortName: string;
  oncallActionGroup: string;
  oncallActionGroupShortName: string;
  virtualNetwork: string;
  privateEndpointNsg: string;
  integrationNsg: string;
  natGateway: string;
  natPublicIp: string;
  appServicePlan: string;
  /** Global (it is the gateway's host name), so it carries the stack suffix. */
  webApp: string;
  /** The alert rules' shared identity: granted once, so adding or renaming a rule touches no role assignment. */
  alertsIdentity: string;
  /** The gateway's identity: granted before the app exists, so it outlives a replaced app. */
  gatewayIdentity: string;
}

/**
 * `vaultGeneration` above 1 gives the vault a new suffix on purpose: a destroyed vault's name stays taken
 * while it is soft-deleted (purge protection forbids purging it), so redeploying at once needs a new one.
 */
export function defaultNames(workload: string, env: Environment, project: string, stack: string, vaultGeneration = 1): DefaultNames {
  const suffix = stackSuffix(project, stack);
  const vaultSuffix = vaultGeneration === 1 ? suffix : stackSuffix(project, `${stack}#${vaultGeneration}`);
  // Key Vault names are global and at most 24 characters: keep the guide's name where it fits,
  // otherwise shorten the middle, never the environment letter or the stack suffix.
  const vaultCandidates = [`kv-${workload}-secrets-${env[0]}${vaultSuffix}`, `kv-${workload}-sec-${env[0]}${vaultSuffix}`, `kv${workload}${env[0]}${vaultSuffix}`];
  const keyVault = vaultCandidates.find((n) => n.length <= NAME_RULES.keyVault.max) ?? `kv${env[0]}${vaultSuffix}`;
  return {
    resourceGroup: `rg-${workload}-ai-research-${env}`,
    keyVault,
    logAnalyticsWorkspace: `law-${workload}-audit-${env}`,
    dataCollectionEndpoint: `dce-${workload}-audit-${env}`,
    dataCollectionRule: `dcr-${workload}-mcp-audit-${env}`,
    privateLinkScope: `ampls-${workload}-${env}`,
    queryPack: `pack-${workload}-mcp-queries-${env}`,
    actionGroup: `ag-${workload}-security-team-${env}`,
    actionGroupShortName: `${workload.slice(0, 7)}sec${env[0]}`.slice(0, NAME_RULES.actionGroupShortName.max),
    oncallActionGroup: `ag-${workload}-oncall-${env}`,
    oncallActionGroupShortName: `${workload.slice(0, 7)}onc${env[0]}`.slice(0, NAME_RULES.actionGroupShortName.max),
    virtualNetwork: `vnet-${workload}-mcp-${env}`,
    privateEndpointNsg: `nsg-${workload}-private-endpoints-${env}`,
    integrationNsg: `nsg-${workload}-gateway-${env}`,
    natGateway: `ng-${workload}-gateway-${env}`,
    natPublicIp: `pip-${workload}-gateway-nat-${env}`,
    appServicePlan: `asp-${workload}-mcp-gateway-${env}`,
    webApp: `app-${workload}-mcp-gateway-${env}-${suffix}`,
    alertsIdentity: `id-${workload}-mcp-alerts-${env}`,
    gatewayIdentity: `id-${workload}-mcp-gateway-${env}`,
  };
}

/**
 * Pulumi's own rule for a stack name: letters, digits, `-`, `_`, `.`, at most 100 characters
 * (pulumi/pulumi, the backends' validateStackName with `^[A-Za-z0-9_.-]{1,100}$`). It also keeps
 * `--stack x/../../evil` from reading a file outside the stack config directory.
 */
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export function stackNameProblem(stack: string): string | undefined {
  if (!STACK_NAME.test(stack) || stack === "." || stack === "..") return `--stack ${JSON.stringify(stack)} is not a stack name; allowed letters, digits, - _ . (at most 100), as Pulumi allows`;
  return undefined;
}
