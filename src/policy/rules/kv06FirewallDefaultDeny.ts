import { propertyRule, shown } from "../inputs";

export const kv06FirewallDefaultDeny = propertyRule({
  id: "KV-06",
  title: "Key Vault firewall denies by default",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Set networkAcls.defaultAction to \"Deny\".",
  resourceTypes: ["azure-native:keyvault:Vault"],
  path: "properties.networkAcls.defaultAction",
  ok: (v) => v === "Deny",
  message: (v) => `properties.networkAcls.defaultAction is ${shown(v)}; set it to "Deny"`,
});
