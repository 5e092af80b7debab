import { propertyRule, shown } from "../inputs";

export const kv04PurgeProtection = propertyRule({
  id: "KV-04",
  title: "Key Vault purge protection is on",
  enforcement: "mandatory",
  severity: "critical",
  remediation: "Set enablePurgeProtection: true (never false; Azure rejects turning it off).",
  resourceTypes: ["azure-native:keyvault:Vault"],
  path: "properties.enablePurgeProtection",
  ok: (v) => v === true,
  message: (v) => `properties.enablePurgeProtection is ${shown(v)}; set it to true (never false: Azure rejects false, and it cannot be undone)`,
});
