import { propertyRule, shown } from "../inputs";

export const kv03SoftDeleteRetention = propertyRule({
  id: "KV-03",
  title: "Key Vault soft-delete retention is set deliberately (7-90 days, fixed at creation)",
  enforcement: "advisory",
  severity: "medium",
  remediation: "Set softDeleteRetentionInDays deliberately (7 to 90) before the vault is created; it cannot change afterwards.",
  resourceTypes: ["azure-native:keyvault:Vault"],
  path: "properties.softDeleteRetentionInDays",
  parameters: {
    // Azure's range is 7-90 days (Learn: Key Vault soft-delete overview).
    minimumDays: { type: "integer", description: "The shortest soft-delete retention accepted, in days (Azure allows 7-90).", default: 7, minimum: 7, maximum: 90 },
  },
  ok: (v, _r, p) => typeof v === "number" && v >= p.minimumDays && v <= 90,
  message: (v, p) => `properties.softDeleteRetentionInDays is ${shown(v)}; set it explicitly between ${p.minimumDays} and 90 (90 recommended) before the vault is created`,
});
