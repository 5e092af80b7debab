import { propertyRule, shown } from "../inputs";

export const auth01Unauthenticated401 = propertyRule({
  id: "AUTH-01",
  title: "Unauthenticated calls to the gateway get 401, not a login redirect",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Set globalValidation.unauthenticatedClientAction to \"Return401\" so MCP clients can discover the authorization server.",
  resourceTypes: ["azure-native:web:WebAppAuthSettingsV2WithoutSecrets", "azure-native:web:WebAppAuthSettingsV2"],
  path: "globalValidation.unauthenticatedClientAction",
  ok: (v) => v === "Return401",
  message: (v) => `globalValidation.unauthenticatedClientAction is ${shown(v)}; set it to "Return401": MCP clients discover the authorization server from a 401, they cannot follow a login page`,
});
