import { entries, list } from "./inputs";

export const INTERNET_SOURCES = ["*", "Internet", "0.0.0.0/0", "Any"];

/** An NSG's inbound Allow rules, with their sources and destination ports, for NSG-01 and NSG-02. */
export function inboundAllows(inputs: Record<string, unknown>): { index: number; name: string; sources: string[]; ports: string[] }[] {
  return entries(inputs, "securityRules")
    .filter((r) => r.get("direction") === "Inbound" && r.get("access") === "Allow")
    .map((r) => ({
      index: r.index,
      name: String(r.get("name") ?? r.index),
      sources: [r.get("sourceAddressPrefix"), ...list(r.get("sourceAddressPrefixes"))].filter((x): x is string => typeof x === "string"),
      ports: [r.get("destinationPortRange"), ...list(r.get("destinationPortRanges"))].filter((x): x is string => typeof x === "string"),
    }));
}
