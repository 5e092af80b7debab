import { INTERNET_SOURCES, inboundAllows } from "../securityRules";
import { PolicyRule } from "../types";

const covers = (range: string, port: number): boolean => {
  if (range === "*") return true;
  const [lo, hi] = range.split("-").map(Number);
  return port >= lo && port <= (hi ?? lo);
};

export const nsg02NoRemoteAdmin: PolicyRule = {
  id: "NSG-02",
  title: "SSH and RDP are never open from the internet",
  enforcement: "mandatory",
  severity: "critical",
  remediation: "Remove inbound allows for ports 22 and 3389 from outside the VNet; use Bastion or just-in-time access.",
  resourceTypes: ["azure-native:network:NetworkSecurityGroup"],
  check: ({ inputs }) =>
    inboundAllows(inputs)
      .filter((r) => r.sources.some((s) => INTERNET_SOURCES.includes(s)) && r.ports.some((p) => covers(p, 22) || covers(p, 3389)))
      .map((r) => `securityRules[${r.index}] (${r.name}) opens SSH or RDP (${r.ports.join(", ")}) to ${r.sources.join(", ")}; remove it and use Bastion or just-in-time access`),
};
