import { propertyRule, shown } from "../inputs";

export const app05PrivateLinkSku = propertyRule({
  id: "APP-05",
  title: "The gateway's plan supports private endpoints (Basic or higher)",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Use a Basic (B1) or higher App Service plan; Free and Shared plans have no private endpoints.",
  resourceTypes: ["azure-native:web:AppServicePlan"],
  path: "sku.name",
  ok: (v) => typeof v === "string" && !/^(F\d|D\d|Free|Shared)/i.test(v),
  message: (v) => `sku.name is ${shown(v)}; Free and Shared plans have no private endpoints or VNet integration, use B1 or higher`,
});
