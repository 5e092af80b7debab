import { propertyRule, shown } from "../inputs";

export const law09PerGbSku = propertyRule({
  id: "LAW-09",
  title: "Log Analytics workspace uses the PerGB2018 pricing tier",
  enforcement: "mandatory",
  severity: "medium",
  remediation: "Use the PerGB2018 SKU; legacy tiers lack current features and pricing.",
  resourceTypes: ["azure-native:operationalinsights:Workspace"],
  path: "sku.name",
  ok: (v) => v === "PerGB2018",
  message: (v) => `sku.name is ${shown(v)}; set it to "PerGB2018" (legacy tiers lack the table plans and features the audit table needs)`,
});
