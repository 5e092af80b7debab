import { INTERNET_SOURCES, inboundAllows } from "../securityRules";
import { PolicyRule } from "../types";

export const nsg01NoInternetInbound: PolicyRule = {
  id: "NSG-01",
  title: "No NSG rule allows inbound traffic from any source or the internet",
  enforcement: "mandatory",
  severity: "critical",
  remediation: "Restrict the rule's source to the VNet or named ranges; never \"*\", \"Internet\" or 0.0.0.0/0 inbound.",
  resourceTypes: ["azure-native:network:NetworkSecurityGroup"],
  check: ({ inputs }) =>
    inboundAllows(inputs)
      .filter((r) => r.sources.some((s) => INTERNET_SOURCES.includes(s)))
      .map((r) => `securityRules[${r.index}] (${r.name}) allows inbound from ${r.sources.join(", ")}; the MCP gateway is never reachable from the internet`),
};
