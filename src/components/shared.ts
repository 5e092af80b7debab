import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as monitor from "@pulumi/azure-native/monitor";
import * as network from "@pulumi/azure-native/network";
import { PARAMETER_NAMES, parameterValueProblem, parameterValues, QueryParameter, QueryParameterValues } from "../kql/parameters";
import { BuiltInRole, roleDefinitionId } from "../roles";

/*
 * The optional inputs every component takes, one shared type each, as Azure Verified Modules do.
 * A component never creates what these point at: the workspace, subnet and DNS zone come from outside.
 */

/** Where a component sends its resource logs. */
export interface DiagnosticsArgs {
  /** Resource id of the Log Analytics workspace that receives the logs. */
  workspaceId: pulumi.Input<string>;
}

/** A private endpoint for the component's service, registered in a private DNS zone. */
export interface PrivateEndpointArgs {
  /** Subnet that holds the endpoint's network interface. */
  subnetId: pulumi.Input<string>;
  /**
   * Private DNS zones the endpoint registers its addresses in (one zone group). Key Vault needs one
   * (privatelink.vaultcore.azure.net); an Azure Monitor private link scope needs five.
   */
  privateDnsZoneIds: pulumi.Input<string>[];
}

/** Kinds of principal a role assignment names (an analyzer enum, as LockLevel). */
export const PrincipalType = { ServicePrincipal: "ServicePrincipal", Group: "Group", User: "User" } as const;
export type PrincipalType = (typeof PrincipalType)[keyof typeof PrincipalType];

/** One extra role assignment on the component's main resource. */
export interface RoleAssignmentArgs {
  /** Object id of the user, group or service principal. */
  principalId: pulumi.Input<string>;
  /** A built-in role, by name. */
  role: BuiltInRole;
  /** Kind of principal, which Azure needs to create the assignment before replication. @default "ServicePrincipal" */
  principalType?: PrincipalType;
}

/**
 * Lock levels. A const object and its value type rather than a union of literals: Pulumi's component
 * analyzer turns it into a schema enum (every language gets the names), and TypeScript callers may
 * still write the string.
 */
export const LockLevel = { CanNotDelete: "CanNotDelete", ReadOnly: "ReadOnly" } as const;
export type LockLevel = (typeof LockLevel)[keyof typeof LockLevel];

/** A management lock on the component's data-holding resource. */
export interface LockArgs {
  /** CanNotDelete still allows changes; ReadOnly blocks them too. */
  level: LockLevel;
  /** Why the lock exists, shown to whoever tries to delete. */
  notes?: string;
}

/** A GUID derived from a stable string: role assignment names must be GUIDs and must not change between runs. */
export function stableGuid(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function subscriptionId(parent: pulumi.Resource): pulumi.Output<string> {
  return authorization.getClientConfigOutput({ parent }).subscriptionId;
}

export function tenantId(parent: pulumi.Resource): pulumi.Output<string> {
  return authorization.getClientConfigOutput({ parent }).tenantId;
}

/**
 * A role assignment. Given the scope as a resource of this program, the assignment is `deletedWith` it
 * (or with `diesWith`, a resource whose deletion takes the scope along): ARM removes the assignments at
 * a resource's scope with the resource, so a destroy does not make one more call per assignment.
 * `aliases`: where an assignment was registered before, so that moving it keeps the one in Azure.
 */
export function assignRole(
  parent: pulumi.Resource,
  name: string,
  scope: pulumi.Input<string> | pulumi.CustomResource,
  a: RoleAssignmentArgs,
  diesWith?: pulumi.Resource,
  aliases?: pulumi.Input<pulumi.Alias>[],
): authorization.RoleAssignment {
  const [scopeId, scopeResource] = pulumi.CustomResource.isInstance(scope) ? [scope.id, diesWith ?? scope] : [scope, diesWith];
  return new authorization.RoleAssignment(
    name,
    {
      // Role assignment names are GUIDs unique in the tenant: seed with the stack as well as the logical name.
      roleAssignmentName: stableGuid(`${pulumi.getProject()}/${pulumi.getStack()}/${name}`),
      scope: scopeId,
      principalId: a.principalId,
      principalType: a.principalType ?? "ServicePrincipal",
      roleDefinitionId: subscriptionId(parent).apply((sub) => roleDefinitionId(sub, a.role)),
    },
    // The name is derived from the logical name, so a replacement must delete the old one first.
    { parent, deleteBeforeReplace: true, ...(scopeResource ? { deletedWith: scopeResource } : {}), ...(aliases ? { aliases } : {}) },
  );
}

/**
 * A user-assigned identity. Its role assignments belong to the identity, not to whatever uses it, so
 * replacing a user (an alert rule, the gateway app) neither deletes a role assignment under a resource
 * lock (ScopeLocked) nor waits for a new grant to propagate.
 */
export function userIdentity(
  parent: pulumi.Resource,
  name: string,
  args: { resourceGroupName: pulumi.Input<string>; location: pulumi.Input<string>; identityName: string; tags: Record<string, string> },
): managedidentity.UserAssignedIdentity {
  return new managedidentity.UserAssignedIdentity(name, { resourceName: args.identityName, resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags }, { parent });
}

/** A lock, never `deletedWith` what it locks: Pulumi must delete the lock first, or ARM refuses the delete. */
export function lockResource(parent: pulumi.Resource, name: string, scope: pulumi.Input<string>, lock: LockArgs): authorization.ManagementLockByScope {
  return new authorization.ManagementLockByScope(name, { scope, level: lock.level, lockName: name, notes: lock.notes }, { parent });
}

/**
 * A diagnostic setting, deliberately not `deletedWith` its resource: Azure keeps a deleted resource's
 * settings and applies them to a new resource of the same name (Learn: "Diagnostic settings in Azure
 * Monitor", which says to delete them first), and every name here is deterministic.
 */
export function sendDiagnostics(
  parent: pulumi.Resource,
  name: string,
  resourceUri: pulumi.Input<string>,
  d: DiagnosticsArgs,
  settings: { categoryGroups: string[]; metrics: boolean },
): monitor.DiagnosticSetting {
  return new monitor.DiagnosticSetting(
    name,
    {
      name,
      resourceUri,
      workspaceId: d.workspaceId,
      logAnalyticsDestinationType: "Dedicated",
      logs: settings.categoryGroups.map((categoryGroup) => ({ categoryGroup, enabled: true })),
      metrics: settings.metrics ? [{ category: "AllMetrics", enabled: true }] : [],
    },
    { parent },
  );
}

export function privateEndpoint(
  parent: pulumi.Resource,
  name: string,
  args: { resourceGroupName: pulumi.Input<string>; location: pulumi.Input<string>; targetId: pulumi.Input<string>; groupId: string; tags: Record<string, string> },
  pe: PrivateEndpointArgs,
): { endpoint: network.PrivateEndpoint; zoneGroup: network.PrivateDnsZoneGroup } {
  const endpoint = new network.PrivateEndpoint(
    name,
    {
      privateEndpointName: name,
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      subnet: { id: pe.subnetId },
      privateLinkServiceConnections: [{ name, privateLinkServiceId: args.targetId, groupIds: [args.groupId] }],
      tags: args.tags,
    },
    { parent },
  );
  const zoneGroup = new network.PrivateDnsZoneGroup(
    `${name}-dns`,
    {
      privateDnsZoneGroupName: "default",
      privateEndpointName: endpoint.name,
      resourceGroupName: args.resourceGroupName,
      privateDnsZoneConfigs: pe.privateDnsZoneIds.map((privateDnsZoneId, i) => ({ name: `${args.groupId}-${i}`, privateDnsZoneId })),
    },
    // A child resource of the endpoint (privateEndpoints/{name}/privateDnsZoneGroups): it goes with it.
    { parent, deletedWith: endpoint },
  );
  return { endpoint, zoneGroup };
}

/**
 * Values for the KQL parameters of saved queries and alerts; identities may be outputs. An interface
 * with one field per QueryParameter rather than a mapped type, which Pulumi's analyzer cannot read;
 * `queryParameterValues` indexes it by every parameter, so a parameter missing here fails to compile.
 */
export interface QueryParameterInputs {
  /** Lowercase names of the MCP servers servers/ approves and enables in the stack's environment. @default [] */
  approvedServers?: pulumi.Input<pulumi.Input<string>[]>;
  /** Each approved server's tool allowlist, as server/tool (github/search_code). @default [] */
  approvedServerTools?: pulumi.Input<pulumi.Input<string>[]>;
  /** Each approved server's upstream endpoints, as server/endpoint (github/https://api.github.com). @default [] */
  approvedServerEndpoints?: pulumi.Input<pulumi.Input<string>[]>;
  /** Lowercase names of approved servers that run always-on, so silence from them is a page. @default [] */
  alwaysOnServers?: pulumi.Input<pulumi.Input<string>[]>;
  /** Object ids of the gateway identities allowed to read Key Vault secrets. @default [] */
  gatewayPrincipalIds?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * Resolves parameter inputs to the values queries are rendered with. Values known now are checked now
 * (the problems come back for the component's error); values that are outputs are identities Azure makes.
 * `valuesFor` combines only the parameters a query takes: in a stack's first preview the gateway's
 * principal id is unknown, and only the queries that name `gatewayPrincipalIds` may be unknown with it.
 */
export function queryParameterValues(given: QueryParameterInputs = {}): { valuesFor: (parameters: readonly QueryParameter[]) => pulumi.Output<QueryParameterValues>; problems: string[] } {
  const problems = Object.entries(given).flatMap(([p, v]) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === "string").flatMap((x) => parameterValueProblem(p, x) ?? []) : [],
  );
  const valuesFor = (parameters: readonly QueryParameter[]) =>
    pulumi.all(Object.fromEntries(PARAMETER_NAMES.filter((p) => parameters.includes(p)).map((p) => [p, pulumi.output(given[p] ?? [])]))).apply(parameterValues);
  return { valuesFor, problems };
}
