import { at, list, UNKNOWABLE } from "./inputs";

export const INTERNET_SOURCES = ["*", "Internet", "0.0.0.0/0", "Any"];

/** An NSG's inbound Allow rules, with their sources and destination ports, for NSG-01 and NSG-02. */
export function inboundAllows(inputs: Record<string, unknown>): { index: number; name: string; sources: string[]; ports: string[] }[] {
  const rules = at(inputs, "securityRules");
  if (rules === UNKNOWABLE) return [];
  return list(rules)
    .map((r, index) => ({ r, index }))
    .filter(({ r }) => at({ r }, "r.direction") === "Inbound" && at({ r }, "r.access") === "Allow")
    .map(({ r, index }) => ({
      index,
      name: String(at({ r }, "r.name") ?? index),
      sources: [at({ r }, "r.sourceAddressPrefix"), ...list(at({ r }, "r.sourceAddressPrefixes"))].filter((x): x is string => typeof x === "string"),
      ports: [at({ r }, "r.destinationPortRange"), ...list(at({ r }, "r.destinationPortRanges"))].filter((x): x is string => typeof x === "string"),
    }));
}
