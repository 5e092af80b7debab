import { propertyRule, shown } from "../inputs";

export const app01HttpsOnly = propertyRule({
  id: "APP-01",
  title: "The gateway app accepts HTTPS only",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Set httpsOnly: true on the gateway app (McpGatewayHost sets it; remove any override).",
  resourceTypes: ["azure-native:web:WebApp"],
  path: "httpsOnly",
  ok: (v) => v === true,
  message: (v) => `httpsOnly is ${shown(v)}; set it to true`,
});
