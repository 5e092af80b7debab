import { propertyRule, shown } from "../inputs";

export const kv01RbacAuthorization = propertyRule({
  id: "KV-01",
  title: "Key Vault uses Azure RBAC for data-plane access",
  enforcement: "mandatory",
  severity: "critical",
  remediation: "Set enableRbacAuthorization: true and grant data-plane roles with grantSecretRead instead of access policies.",
  resourceTypes: ["azure-native:keyvault:Vault"],
  path: "properties.enableRbacAuthorization",
  ok: (v) => v === true,
  message: (v) => `properties.enableRbacAuthorization is ${shown(v)}; set it to true explicitly (omitted means access policies in the API version azure-native uses)`,
});
