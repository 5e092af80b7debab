import { propertyRule } from "../inputs";

export const kv12SecretContentType = propertyRule({
  id: "KV-12",
  title: "Every Key Vault secret has a content type",
  enforcement: "advisory",
  severity: "low",
  remediation: "Give the secret a contentType (github-pat, ado-pat, connection-string) in the catalog.",
  resourceTypes: ["azure-native:keyvault:Secret"],
  path: "properties.contentType",
  ok: (v) => typeof v === "string" && v.length > 0,
  message: () => "properties.contentType is unset; say what the secret is (github-pat, ado-pat, connection-string, bearer-token)",
});
