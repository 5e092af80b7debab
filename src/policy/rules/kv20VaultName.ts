import { nameProblem } from "../../naming";
import { propertyRule } from "../inputs";

export const kv20VaultName = propertyRule({
  id: "KV-20",
  title: "Key Vault name follows Azure's rules (3-24 characters, letters, digits, single hyphens)",
  enforcement: "advisory",
  severity: "low",
  remediation: "Rename the vault: 3 to 24 characters, letters, digits and single hyphens, starting with a letter.",
  resourceTypes: ["azure-native:keyvault:Vault"],
  path: "vaultName",
  ok: (v) => typeof v === "string" && nameProblem("keyVault", v) === undefined,
  message: (v) => `vaultName: ${typeof v === "string" ? nameProblem("keyVault", v) : "unset"}`,
});
