import { entries, list } from "../inputs";
import { PolicyRule } from "../types";

/** The sub-resource each target type's private endpoint must use. */
const GROUPS: [RegExp, string][] = [
  [/\/providers\/microsoft\.keyvault\/vaults\//i, "vault"],
  [/\/providers\/microsoft\.web\/sites\//i, "sites"],
  [/\/providers\/microsoft\.insights\/privatelinkscopes\//i, "azuremonitor"],
];

export const pe01GroupForTarget: PolicyRule = {
  id: "PE-01",
  title: "Private endpoints use the right sub-resource for their target (vault, sites, azuremonitor)",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Use the sub-resource the target serves: vault for Key Vault, sites for App Service, azuremonitor for a private link scope.",
  resourceTypes: ["azure-native:network:PrivateEndpoint"],
  check: ({ inputs }) =>
    entries(inputs, "privateLinkServiceConnections").flatMap((c) => {
      const target = c.get("privateLinkServiceId");
      const groups = list(c.get("groupIds"));
      const expected = typeof target === "string" ? GROUPS.find(([re]) => re.test(target))?.[1] : undefined;
      if (expected === undefined || (groups.length === 1 && groups[0] === expected)) return [];
      return [`privateLinkServiceConnections[${c.index}].groupIds is ${JSON.stringify(groups)}; a private endpoint to this target uses ["${expected}"]`];
    }),
};
