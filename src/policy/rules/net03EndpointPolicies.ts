import { subnetsOf } from "../subnets";
import { list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

/** Delegated subnets cannot hold private endpoints; every other subnet may, so its NSG must apply to them. */
export const net03EndpointPolicies: PolicyRule = {
  id: "NET-03",
  title: "NSG rules apply to private endpoints (privateEndpointNetworkPolicies enabled)",
  enforcement: "mandatory",
  severity: "medium",
  remediation: "Set privateEndpointNetworkPolicies to \"Enabled\" on the endpoints' subnet, so NSG rules apply to them.",
  resourceTypes: ["azure-native:network:VirtualNetwork"],
  check: ({ inputs }) =>
    subnetsOf(inputs)
      .filter((s) => list(s.get("delegations")).length === 0)
      .filter((s) => { const v = s.get("privateEndpointNetworkPolicies"); return v !== UNKNOWABLE && v !== "Enabled" && v !== "NetworkSecurityGroupEnabled"; })
      .map((s) => `subnets[${s.index}] (${s.name}).privateEndpointNetworkPolicies is ${JSON.stringify(s.get("privateEndpointNetworkPolicies") ?? "unset")}; set it to "Enabled" so the NSG applies to private endpoint NICs`),
};
