import { ofType, StackRule } from "../stack";

export const pe02ZoneGroup: StackRule = {
  id: "PE-02",
  title: "Every private endpoint registers in private DNS through a zone group",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Give the private endpoint a privateDnsZoneGroup with its service's privatelink zone.",
  resourceTypes: ["azure-native:network:PrivateEndpoint", "azure-native:network:PrivateDnsZoneGroup"],
  check: (resources) => {
    const groups = ofType(resources, "azure-native:network:PrivateDnsZoneGroup");
    return ofType(resources, "azure-native:network:PrivateEndpoint")
      .filter((pe) => !groups.some((g) => (g.dependencies.includes(pe.urn) || g.inputs.privateEndpointName === pe.inputs.privateEndpointName) && Array.isArray(g.inputs.privateDnsZoneConfigs) && g.inputs.privateDnsZoneConfigs.length > 0))
      .map((pe) => ({ urn: pe.urn, message: "has no DNS zone group with a zone; clients would resolve the public address and be refused" }));
  },
};
