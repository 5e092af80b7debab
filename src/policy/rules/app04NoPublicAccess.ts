import { propertyRule, shown } from "../inputs";

export const app04NoPublicAccess = propertyRule({
  id: "APP-04",
  title: "The gateway app is reachable only through its private endpoint",
  enforcement: "mandatory",
  severity: "critical",
  remediation: "Set publicNetworkAccess: \"Disabled\" on the gateway app and reach it through its private endpoint.",
  resourceTypes: ["azure-native:web:WebApp"],
  path: "publicNetworkAccess",
  ok: (v) => v === "Disabled",
  message: (v) => `publicNetworkAccess is ${shown(v)}; set it to "Disabled": MCP servers are never exposed on the public internet`,
});
