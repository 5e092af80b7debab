import { firewallRangeProblem } from "../../network";
import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

/**
 * Public access must be off. The one tolerated exception is dev's explicit IP allow-list: access stays
 * Enabled only behind a default-deny firewall with at least one rule, each a range the vault firewall accepts (src/network.ts).
 */
export const kv05PublicNetworkAccess: PolicyRule = {
  id: "KV-05",
  title: "Key Vault public network access is disabled (private endpoint only)",
  enforcement: "mandatory",
  severity: "critical",
  remediation: "Set publicNetworkAccess to \"Disabled\" and reach the vault through its private endpoint (dev only: narrow ipRules behind defaultAction Deny).",
  resourceTypes: ["azure-native:keyvault:Vault"],
  check: ({ inputs }) => {
    const access = at(inputs, "properties.publicNetworkAccess");
    const action = at(inputs, "properties.networkAcls.defaultAction");
    const rules = at(inputs, "properties.networkAcls.ipRules");
    if ([access, action, rules].includes(UNKNOWABLE) || access === "Disabled") return [];
    const ranges = list(rules).map((r) => (typeof r === "object" && r !== null && "value" in r ? String(r.value) : ""));
    const allowList = action === "Deny" && ranges.length > 0 && ranges.every((c) => firewallRangeProblem(c) === undefined);
    if (allowList) return [];
    return [`properties.publicNetworkAccess is ${JSON.stringify(access ?? "unset")}; set it to "Disabled" and reach the vault through its private endpoint (dev may instead list narrow ipRules behind defaultAction Deny)`];
  },
};
