import { propertyRule } from "../inputs";

export const kv11SecretExpiry = propertyRule({
  id: "KV-11",
  title: "Every Key Vault secret has an expiry date",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Give the secret an expiry (attributes.expires) that mirrors the credential's real expiry (the catalog's expires).",
  resourceTypes: ["azure-native:keyvault:Secret"],
  path: "properties.attributes.expires",
  ok: (v) => typeof v === "number" && v > 0,
  message: () => "properties.attributes.expires is unset; give the secret the expiry of the credential it holds (epoch seconds)",
});
