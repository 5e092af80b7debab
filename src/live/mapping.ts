import type { Secret, Vault } from "@azure/arm-keyvault";
import { isRecord } from "../plan/digest";

/*
 * ARM responses mapped onto the inputs of the azure-native resource that deployed them, so the policy
 * rules (which read `type` and `inputs`) and the diff run unchanged on the live estate. Each type keeps
 * the input names azure-native declares for it (its `*Args` in @pulumi/azure-native 3.28) and drops what
 * Azure computes (ids, provisioningState, principalId, receiver status): those are outputs, never inputs.
 */

/** The ARM wire envelope every tracked resource answers with (ARM RPC, "Resource" definitions in common-types). */
export interface ArmResource {
  id?: string;
  name?: string;
  type?: string;
  location?: string;
  kind?: string;
  tags?: Record<string, string>;
  identity?: Record<string, unknown>;
  properties?: Record<string, unknown>;
}

export type Inputs = Record<string, unknown>;

/** Drops nulls, empty arrays and empty objects: ARM echoes them for unset properties; azure-native leaves them out. */
export function prune(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(prune).filter((x) => x !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (isRecord(v)) {
    const kept = Object.entries(v)
      .map(([k, x]) => [k, prune(x)] as const)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return kept.length > 0 ? Object.fromEntries(kept) : undefined;
  }
  return v === null ? undefined : v;
}

/** prune() for a whole resource's inputs. */
export function pruned(inputs: Inputs): Inputs {
  const v = prune(inputs);
  return isRecord(v) ? v : {};
}

function pick(from: object | undefined, keys: readonly string[]): Inputs {
  const present = new Map<string, unknown>(Object.entries(from ?? {}));
  const out: Inputs = {};
  for (const k of keys) if (present.get(k) !== undefined && present.get(k) !== null) out[k] = present.get(k);
  return out;
}

const record = (v: unknown): Record<string, unknown> | undefined => (isRecord(v) ? v : undefined);
const strings = (v: unknown): Record<string, string> | undefined => (isRecord(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string")) : undefined);

/** An ARM response body read as the envelope, without trusting its shape. */
export function armResource(v: unknown): ArmResource | undefined {
  if (!isRecord(v)) return undefined;
  const str = (x: unknown) => (typeof x === "string" ? x : undefined);
  return { id: str(v.id), name: str(v.name), type: str(v.type), location: str(v.location), kind: str(v.kind), tags: strings(v.tags), identity: record(v.identity), properties: record(v.properties) };
}

const omit = (from: unknown, keys: readonly string[]): unknown => (isRecord(from) ? Object.fromEntries(Object.entries(from).filter(([k]) => !keys.includes(k))) : from);

/** An identity as inputs: its type and the user-assigned ids; principalId and tenantId are Azure's. */
function identityInputs(identity: Record<string, unknown> | undefined): Inputs | undefined {
  if (!identity) return undefined;
  const users = isRecord(identity.userAssignedIdentities) ? Object.keys(identity.userAssignedIdentities) : [];
  return { type: identity.type, ...(users.length > 0 ? { userAssignedIdentities: users } : {}) };
}

function envelope(r: ArmResource, names: Inputs): Inputs {
  return { ...names, ...(r.location !== undefined ? { location: r.location } : {}), ...(r.tags && Object.keys(r.tags).length > 0 ? { tags: r.tags } : {}) };
}

/** The receiver lists of an action group (ActionGroup in actionGroups_API.json 2024-10-01-preview). */
export const RECEIVER_KINDS = [
  "emailReceivers",
  "smsReceivers",
  "webhookReceivers",
  "itsmReceivers",
  "azureAppPushReceivers",
  "automationRunbookReceivers",
  "voiceReceivers",
  "logicAppReceivers",
  "azureFunctionReceivers",
  "armRoleReceivers",
  "eventHubReceivers",
  "incidentReceivers",
] as const;

export function actionGroupInputs(r: ArmResource, resourceGroupName: string): Inputs {
  const p = r.properties ?? {};
  // `status` on a receiver is Azure's (Enabled/Disabled after confirmation), not something a deployment sets.
  const receivers = Object.fromEntries(RECEIVER_KINDS.map((k) => {
    const list = p[k];
    return [k, Array.isArray(list) ? list.map((x: unknown) => omit(x, ["status"])) : undefined];
  }));
  return pruned({ ...envelope(r, { actionGroupName: r.name, resourceGroupName }), ...pick(p, ["groupShortName", "enabled"]), ...receivers, identity: identityInputs(r.identity) });
}

/** ScheduledQueryRuleProperties (scheduledQueryRule_API.json 2025-01-01-preview) that are not read-only. */
const SQR_KEYS = [
  "actions",
  "autoMitigate",
  "checkWorkspaceAlertsStorageConfigured",
  "criteria",
  "description",
  "displayName",
  "enabled",
  "evaluationFrequency",
  "muteActionsDuration",
  "overrideQueryTimeRange",
  "resolveConfiguration",
  "scopes",
  "severity",
  "skipQueryValidation",
  "targetResourceTypes",
  "windowSize",
] as const;

export function scheduledQueryRuleInputs(r: ArmResource, resourceGroupName: string): Inputs {
  return pruned({ ...envelope(r, { ruleName: r.name, resourceGroupName }), kind: r.kind, identity: identityInputs(r.identity), ...pick(r.properties, SQR_KEYS) });
}

export function dataCollectionEndpointInputs(r: ArmResource, resourceGroupName: string): Inputs {
  return pruned({ ...envelope(r, { dataCollectionEndpointName: r.name, resourceGroupName }), kind: r.kind, ...pick(r.properties, ["description", "networkAcls"]) });
}

export function dataCollectionRuleInputs(r: ArmResource, resourceGroupName: string): Inputs {
  const p = r.properties ?? {};
  // A Log Analytics destination's workspaceId (the customer id) is computed by Azure from workspaceResourceId.
  const destinations = isRecord(p.destinations)
    ? { ...p.destinations, ...(Array.isArray(p.destinations.logAnalytics) ? { logAnalytics: p.destinations.logAnalytics.map((d: unknown) => omit(d, ["workspaceId"])) } : {}) }
    : undefined;
  return pruned({
    ...envelope(r, { dataCollectionRuleName: r.name, resourceGroupName }),
    kind: r.kind,
    ...pick(p, ["dataCollectionEndpointId", "dataFlows", "dataSources", "description", "streamDeclarations"]),
    destinations,
  });
}

/**
 * A diagnostic setting (diagnosticsSettings_API.json 2021-05-01-preview). ARM echoes a disabled
 * `retentionPolicy` ({ enabled: false, days: 0 }) on categories created without one; that is the unset state.
 */
export function diagnosticSettingInputs(r: ArmResource, resourceUri: string): Inputs {
  const p = r.properties ?? {};
  const entries = (key: string) => {
    const list = p[key];
    return Array.isArray(list)
      ? list.map((e: unknown) => (isRecord(e) && isRecord(e.retentionPolicy) && e.retentionPolicy.enabled === false && !e.retentionPolicy.days ? omit(e, ["retentionPolicy"]) : e))
      : undefined;
  };
  return pruned({
    name: r.name,
    resourceUri,
    ...pick(p, ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "eventHubName", "logAnalyticsDestinationType", "marketplacePartnerId", "serviceBusRuleId"]),
    logs: entries("logs"),
    metrics: entries("metrics"),
  });
}

export function privateLinkScopeInputs(r: ArmResource, resourceGroupName: string): Inputs {
  return pruned({ ...envelope(r, { scopeName: r.name, resourceGroupName }), ...pick(r.properties, ["accessModeSettings"]) });
}

export function privateLinkScopedResourceInputs(r: ArmResource, resourceGroupName: string, scopeName: string): Inputs {
  return pruned({ name: r.name, resourceGroupName, scopeName, kind: r.kind, ...pick(r.properties, ["linkedResourceId", "subscriptionLocation"]) });
}

const epoch = (d: Date | undefined) => (d ? Math.floor(d.getTime() / 1000) : undefined);

/** A vault from @azure/arm-keyvault as keyvault.Vault inputs. */
export function vaultInputs(v: Vault, resourceGroupName: string): Inputs {
  const p = v.properties;
  return pruned({
    vaultName: v.name,
    resourceGroupName,
    location: v.location,
    tags: v.tags,
    properties: {
      ...pick(p, [
        "tenantId",
        "sku",
        "accessPolicies",
        "enabledForDeployment",
        "enabledForDiskEncryption",
        "enabledForTemplateDeployment",
        "enableSoftDelete",
        "softDeleteRetentionInDays",
        "enableRbacAuthorization",
        "enablePurgeProtection",
        "publicNetworkAccess",
      ]),
      networkAcls: p.networkAcls ? { ...p.networkAcls, ipRules: p.networkAcls.ipRules?.map((r) => ({ value: r.value })), virtualNetworkRules: p.networkAcls.virtualNetworkRules?.map((r) => ({ id: r.id, ignoreMissingVnetServiceEndpoint: r.ignoreMissingVnetServiceEndpoint })) } : undefined,
    },
  });
}

/** A secret's metadata (the management plane never returns values) as keyvault.Secret inputs; expiry in epoch seconds as azure-native takes it. */
export function secretInputs(s: Secret, resourceGroupName: string, vaultName: string): Inputs {
  const a = s.properties.attributes;
  return pruned({
    secretName: s.name,
    vaultName,
    resourceGroupName,
    tags: s.tags,
    properties: { contentType: s.properties.contentType, attributes: a ? { enabled: a.enabled, expires: epoch(a.expires), notBefore: epoch(a.notBefore) } : undefined },
  });
}
