import { subnetsOf } from "../subnets";
import { UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

const EXEMPT = ["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "RouteServerSubnet", "AzureBastionSubnet"];

export const net01SubnetNsg: PolicyRule = {
  id: "NET-01",
  title: "Every workload subnet has a network security group",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Associate a network security group with every workload subnet.",
  resourceTypes: ["azure-native:network:VirtualNetwork"],
  check: ({ inputs }) =>
    subnetsOf(inputs)
      .filter((s) => !EXEMPT.includes(s.name))
      .filter((s) => { const id = s.get("networkSecurityGroup.id"); return id !== UNKNOWABLE && (typeof id !== "string" || id.length === 0); })
      .map((s) => `subnets[${s.index}] (${s.name}) has no networkSecurityGroup; attach one with explicit rules`),
};
