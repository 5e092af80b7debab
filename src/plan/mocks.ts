import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { isRecord } from "./digest";
import { hasPreviewShape, previewOutputs } from "./previewOutputs";

/** The ids the offline plan pretends to deploy into: fixed, so plans are byte-identical run to run. */
export const OFFLINE_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
export const OFFLINE_TENANT_ID = "00000000-0000-0000-0000-000000000001";

interface ArmShape {
  /** ARM resource type, parents first (`Microsoft.KeyVault/vaults/secrets`). */
  armType: string;
  /** Inputs naming this resource and its parents, outermost first. */
  nameKeys: string[];
  /** Resource-group-less resources and extension resources take their scope from this input. */
  scopeKey?: string;
  /** Outputs Azure computes that other resources read; filled from the resource's inputs. */
  outputs?: (inputs: Record<string, unknown>, id: string) => Record<string, unknown>;
}

/** Shapes of the resource types mcp-guard deploys; other types get a generic id. */
/** The azure-native types the offline plan models (scripts/previewShapes.ts reads their output schema). */
export const OFFLINE_TYPES = (): string[] => Object.keys(SHAPES).filter((t) => t.startsWith("azure-native:"));

const SHAPES: Record<string, ArmShape> = {
  "azure-native:resources:ResourceGroup": { armType: "", nameKeys: ["resourceGroupName"] },
  "azure-native:keyvault:Vault": {
    armType: "Microsoft.KeyVault/vaults",
    nameKeys: ["vaultName"],
    outputs: (i) => ({ properties: { ...(isRecord(i.properties) ? i.properties : {}), vaultUri: `https://${text(i.vaultName)}.vault.azure.net/` } }),
  },
  "azure-native:keyvault:Secret": { armType: "Microsoft.KeyVault/vaults/secrets", nameKeys: ["vaultName", "secretName"] },
  "azure-native:authorization:RoleAssignment": { armType: "Microsoft.Authorization/roleAssignments", nameKeys: ["roleAssignmentName"], scopeKey: "scope" },
  "azure-native:authorization:ManagementLockByScope": { armType: "Microsoft.Authorization/locks", nameKeys: ["lockName"], scopeKey: "scope" },
  "azure-native:monitor:DiagnosticSetting": { armType: "Microsoft.Insights/diagnosticSettings", nameKeys: ["name"], scopeKey: "resourceUri" },
  "azure-native:monitor:ActionGroup": { armType: "Microsoft.Insights/actionGroups", nameKeys: ["actionGroupName"] },
  "azure-native:eventgrid:SystemTopic": { armType: "Microsoft.EventGrid/systemTopics", nameKeys: ["systemTopicName"] },
  "azure-native:eventgrid:SystemTopicEventSubscription": { armType: "Microsoft.EventGrid/systemTopics/eventSubscriptions", nameKeys: ["systemTopicName", "eventSubscriptionName"] },
  "azure-native:operationalinsights:Workspace": {
    armType: "Microsoft.OperationalInsights/workspaces",
    nameKeys: ["workspaceName"],
    outputs: (i) => ({ customerId: offlineGuid(`workspace/${text(i.workspaceName)}`) }),
  },
  "azure-native:operationalinsights:Table": { armType: "Microsoft.OperationalInsights/workspaces/tables", nameKeys: ["workspaceName", "tableName"] },
  "azure-native:operationalinsights:SavedSearch": { armType: "Microsoft.OperationalInsights/workspaces/savedSearches", nameKeys: ["workspaceName", "savedSearchId"] },
  "azure-native:monitor:DataCollectionEndpoint": {
    armType: "Microsoft.Insights/dataCollectionEndpoints",
    nameKeys: ["dataCollectionEndpointName"],
    outputs: (i) => ({ logsIngestion: { endpoint: `https://${text(i.dataCollectionEndpointName)}-${offlineGuid(text(i.dataCollectionEndpointName)).slice(0, 4)}.${text(i.location)}-1.ingest.monitor.azure.com` } }),
  },
  "azure-native:monitor:DataCollectionRule": {
    armType: "Microsoft.Insights/dataCollectionRules",
    nameKeys: ["dataCollectionRuleName"],
    outputs: (i) => ({ immutableId: `dcr-${offlineGuid(text(i.dataCollectionRuleName)).replace(/-/g, "")}` }),
  },
  "azure-native:monitor:PrivateLinkScope": { armType: "Microsoft.Insights/privateLinkScopes", nameKeys: ["scopeName"] },
  "azure-native:monitor:PrivateLinkScopedResource": { armType: "Microsoft.Insights/privateLinkScopes/scopedResources", nameKeys: ["scopeName", "name"] },
  "azure-native:operationalinsights:QueryPack": { armType: "Microsoft.OperationalInsights/queryPacks", nameKeys: ["queryPackName"] },
  "azure-native:operationalinsights:Query": { armType: "Microsoft.OperationalInsights/queryPacks/queries", nameKeys: ["queryPackName", "id"] },
  "azure-native:applicationinsights:Workbook": { armType: "Microsoft.Insights/workbooks", nameKeys: ["resourceName"] },
  "azure-native:monitor:ScheduledQueryRule": {
    armType: "Microsoft.Insights/scheduledQueryRules",
    nameKeys: ["ruleName"],
    // A system-assigned identity's principal is known only after creation; other resources read it.
    outputs: (i, id) => (isRecord(i.identity) ? { identity: { ...i.identity, principalId: offlineGuid(`identity/${id}`), tenantId: OFFLINE_TENANT_ID } } : {}),
  },
  "azure-native:network:VirtualNetwork": { armType: "Microsoft.Network/virtualNetworks", nameKeys: ["virtualNetworkName"] },
  "azure-native:network:NetworkSecurityGroup": { armType: "Microsoft.Network/networkSecurityGroups", nameKeys: ["networkSecurityGroupName"] },
  "azure-native:network:NatGateway": { armType: "Microsoft.Network/natGateways", nameKeys: ["natGatewayName"] },
  "azure-native:network:PublicIPAddress": { armType: "Microsoft.Network/publicIPAddresses", nameKeys: ["publicIpAddressName"] },
  "azure-native:privatedns:PrivateZone": { armType: "Microsoft.Network/privateDnsZones", nameKeys: ["privateZoneName"] },
  "azure-native:privatedns:VirtualNetworkLink": { armType: "Microsoft.Network/privateDnsZones/virtualNetworkLinks", nameKeys: ["privateZoneName", "virtualNetworkLinkName"] },
  "azure-native:web:AppServicePlan": { armType: "Microsoft.Web/serverfarms", nameKeys: ["name"] },
  "azure-native:web:WebApp": {
    armType: "Microsoft.Web/sites",
    nameKeys: ["name"],
    outputs: (i, id) => ({
      defaultHostName: `${text(i.name)}.azurewebsites.net`,
      ...(isRecord(i.identity) ? { identity: { ...i.identity, principalId: offlineGuid(`identity/${id}`), tenantId: OFFLINE_TENANT_ID } } : {}),
    }),
  },
  "azure-native:web:WebAppFtpAllowed": { armType: "Microsoft.Web/sites/basicPublishingCredentialsPolicies", nameKeys: ["name"] },
  "azure-native:web:WebAppScmAllowed": { armType: "Microsoft.Web/sites/basicPublishingCredentialsPolicies", nameKeys: ["name"] },
  "azure-native:managedidentity:UserAssignedIdentity": {
    armType: "Microsoft.ManagedIdentity/userAssignedIdentities",
    nameKeys: ["resourceName"],
    // A user-assigned identity's principal and client ids exist once it is created; role assignments read them.
    outputs: (_i, id) => ({ principalId: offlineGuid(`identity/${id}`), clientId: offlineGuid(`client/${id}`), tenantId: OFFLINE_TENANT_ID }),
  },
  "azure-native:network:PrivateEndpoint": { armType: "Microsoft.Network/privateEndpoints", nameKeys: ["privateEndpointName"] },
  "azure-native:network:PrivateDnsZoneGroup": { armType: "Microsoft.Network/privateEndpoints/privateDnsZoneGroups", nameKeys: ["privateEndpointName", "privateDnsZoneGroupName"] },
};

/** A GUID-shaped id derived from a name, so computed ids are the same on every run. */
function offlineGuid(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function text(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** The ARM id Azure gives this resource, in the offline subscription. */
export function armId(type: string, logicalName: string, inputs: Record<string, unknown>): string {
  const shape = SHAPES[type];
  const sub = `/subscriptions/${OFFLINE_SUBSCRIPTION_ID}`;
  if (type === "azure-native:resources:ResourceGroup") return `${sub}/resourceGroups/${text(inputs.resourceGroupName) || logicalName}`;
  const scope = shape?.scopeKey ? text(inputs[shape.scopeKey]) : `${sub}/resourceGroups/${text(inputs.resourceGroupName) || "unknown"}`;
  if (!shape) return `${scope}/providers/${type.replace(/:/g, "/")}/${logicalName}`;
  const segments = shape.armType.split("/");
  const namespace = segments[0];
  const path = segments.slice(1).map((seg, i) => `${seg}/${text(inputs[shape.nameKeys[i]]) || logicalName}`);
  return `${scope}/providers/${namespace}/${path.join("/")}`;
}

/**
 * Mocks that answer like Azure would for a create: a deterministic ARM id, the inputs echoed as state,
 * and stand-ins for the computed outputs other resources read, as a preview of a stack whose resources
 * exist shows them. With `firstPreview` they answer as azure-native does when `pulumi preview` plans a
 * create (previewOutputs.ts): no id, and every output Azure computes (an identity's principalId, a
 * vault's URI, `name`) unknown. That is what CrossGuard sees on a new stack.
 */
export class OfflineAzureMocks implements pulumi.runtime.Mocks {
  constructor(private readonly firstPreview = false) {}

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const inputs: Record<string, unknown> = args.inputs ?? {};
    if (args.custom === false) return { id: undefined, state: inputs };
    if (this.firstPreview && hasPreviewShape(args.type)) return { id: undefined, state: previewOutputs(args.type, inputs) };
    const id = args.id || armId(args.type, args.name, inputs);
    const shape = SHAPES[args.type];
    const extra = shape?.outputs?.(inputs, id) ?? {};
    // Azure echoes the name it was given as the `name` output, so programs can chain on it as in a real preview.
    const givenName = shape ? inputs[shape.nameKeys[shape.nameKeys.length - 1]] : undefined;
    return { id, state: { ...inputs, ...(typeof givenName === "string" ? { name: givenName } : {}), ...extra, id } };
  }

  call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    const inputs: Record<string, unknown> = args.inputs ?? {};
    switch (args.token) {
      case "azure-native:resources:getResourceGroup":
        return { id: armId("azure-native:resources:ResourceGroup", "", inputs), name: inputs.resourceGroupName, location: "offline" };
      case "azure-native:authorization:getClientConfig":
        return { subscriptionId: OFFLINE_SUBSCRIPTION_ID, tenantId: OFFLINE_TENANT_ID, clientId: "offline-plan", objectId: OFFLINE_TENANT_ID };
      default:
        return {};
    }
  }
}
