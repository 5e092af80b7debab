import { propertyRule } from "../inputs";

export const kv02SoftDelete = propertyRule({
  id: "KV-02",
  title: "Key Vault soft delete is on",
  severity: "mandatory",
  resourceTypes: ["azure-native:keyvault:Vault"],
  path: "properties.enableSoftDelete",
  ok: (v) => v !== false,
  message: () => "properties.enableSoftDelete is false; remove it or set it to true so deleted secrets can be recovered",
});
