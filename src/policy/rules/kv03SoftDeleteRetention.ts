import { propertyRule, shown } from "../inputs";

export const kv03SoftDeleteRetention = propertyRule({
  id: "KV-03",
  title: "Key Vault soft-delete retention is set deliberately (7-90 days, fixed at creation)",
  severity: "advisory",
  resourceTypes: ["azure-native:keyvault:Vault"],
  path: "properties.softDeleteRetentionInDays",
  ok: (v) => typeof v === "number" && v >= 7 && v <= 90,
  message: (v) => `properties.softDeleteRetentionInDays is ${shown(v)}; set it explicitly between 7 and 90 (90 recommended) before the vault is created`,
});
