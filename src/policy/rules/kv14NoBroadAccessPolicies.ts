import { isRecord } from "../../plan/digest";
import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

const BROAD = new Set(["all", "purge"]);

export const kv14NoBroadAccessPolicies: PolicyRule = {
  id: "KV-14",
  title: "Key Vault legacy access policies grant no all or purge permission",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Remove all and purge permissions from the access policies, or better, switch the vault to RBAC (KV-01).",
  resourceTypes: ["azure-native:keyvault:Vault"],
  check: ({ inputs }) => {
    const policies = at(inputs, "properties.accessPolicies");
    if (policies === UNKNOWABLE) return [];
    return list(policies).flatMap((p, i) => {
      const perms = isRecord(p) && isRecord(p.permissions) ? p.permissions : {};
      const granted = Object.values(perms).flatMap(list).map((x) => String(x).toLowerCase());
      const bad = [...new Set(granted.filter((g) => BROAD.has(g)))];
      return bad.length > 0 ? [`properties.accessPolicies[${i}] grants ${bad.join(" and ")}; remove access policies and grant Key Vault RBAC roles instead`] : [];
    });
  },
};
