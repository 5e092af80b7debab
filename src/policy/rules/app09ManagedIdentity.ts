import { propertyRule, shown } from "../inputs";

export const app09ManagedIdentity = propertyRule({
  id: "APP-09",
  title: "The gateway app has a managed identity",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Give the gateway app a managed identity (McpGatewayHost does) and grant it roles with grantSecretRead and grantIngestion.",
  resourceTypes: ["azure-native:web:WebApp"],
  path: "identity.type",
  ok: (v) => typeof v === "string" && /SystemAssigned|UserAssigned/.test(v),
  message: (v) => `identity.type is ${shown(v)}; give the app a managed identity to read Key Vault and write audit records without secrets`,
});
