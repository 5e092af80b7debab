import { isPrivateRange, parseCidr } from "../../cidr";
import { INTERNET_SOURCES, inboundAllows } from "../securityRules";
import { PolicyRule } from "../types";

/** A source address range outside private space: part of the internet, however it is split (0.0.0.0/1 plus 128.0.0.0/1). */
function publicRange(source: string): boolean {
  const c = parseCidr(source.includes("/") ? source : `${source}/32`);
  return c !== undefined && !isPrivateRange(c);
}

export const nsg01NoInternetInbound: PolicyRule = {
  id: "NSG-01",
  title: "No NSG rule allows inbound traffic from any source, the internet or a public range",
  enforcement: "mandatory",
  severity: "critical",
  remediation: "Restrict the rule's source to the VNet or named private ranges; never \"*\", \"Internet\", 0.0.0.0/0 or a public range inbound.",
  resourceTypes: ["azure-native:network:NetworkSecurityGroup"],
  check: ({ inputs }) =>
    inboundAllows(inputs).flatMap((r) => {
      if (r.sources.some((s) => INTERNET_SOURCES.includes(s))) return [`securityRules[${r.index}] (${r.name}) allows inbound from ${r.sources.join(", ")}; the MCP gateway is never reachable from the internet`];
      const open = r.sources.filter(publicRange);
      return open.length > 0 ? [`securityRules[${r.index}] (${r.name}) allows inbound from the public range${open.length > 1 ? "s" : ""} ${open.join(", ")}; the MCP gateway is never reachable from the internet (allow private ranges or VirtualNetwork)`] : [];
    }),
};
