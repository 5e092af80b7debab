import { propertyRule } from "../inputs";

export const kv02SoftDelete = propertyRule({
  id: "KV-02",
  title: "Key Vault soft delete is on",
  enforcement: "mandatory",
  severity: "critical",
  remediation: "Leave enableSoftDelete on (true); Azure no longer lets it be turned off.",
  resourceTypes: ["azure-native:keyvault:Vault"],
  path: "properties.enableSoftDelete",
  ok: (v) => v !== false,
  message: () => "properties.enableSoftDelete is false; remove it or set it to true so deleted secrets can be recovered",
});
