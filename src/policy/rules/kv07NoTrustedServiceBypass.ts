import { propertyRule, shown } from "../inputs";

export const kv07NoTrustedServiceBypass = propertyRule({
  id: "KV-07",
  title: "Key Vault firewall lets no trusted Azure service bypass it",
  enforcement: "advisory",
  severity: "medium",
  remediation: "Set networkAcls.bypass to \"None\"; no trusted Azure service needs the vault in this design.",
  resourceTypes: ["azure-native:keyvault:Vault"],
  path: "properties.networkAcls.bypass",
  ok: (v) => v === "None",
  message: (v) => `properties.networkAcls.bypass is ${shown(v)}; set it to "None" (no first-party service needs the vault in this design)`,
});
