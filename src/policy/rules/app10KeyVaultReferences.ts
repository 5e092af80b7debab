import { isSecret } from "../../plan/digest";
import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|PWD|API_?KEY|CONNECTION_?STRING|CREDENTIAL/i;

/** Settings named like credentials hold Key Vault references, never values (not even secret-wrapped ones). */
export const app10KeyVaultReferences: PolicyRule = {
  id: "APP-10",
  title: "Credentials in the gateway's app settings are Key Vault references",
  enforcement: "mandatory",
  severity: "critical",
  remediation: "Move the credential into the vault's secret catalog and reference it as @Microsoft.KeyVault(SecretUri=...) in the app setting; rotate the exposed value.",
  resourceTypes: ["azure-native:web:WebApp"],
  check: ({ inputs }) => {
    const settings = at(inputs, "siteConfig.appSettings");
    if (settings === UNKNOWABLE) return [];
    return list(settings).flatMap((s, i) => {
      const name = at({ s }, "s.name");
      const raw = typeof s === "object" && s !== null && "value" in s ? s.value : undefined;
      const value = at({ s }, "s.value");
      const unknownUntilDeploy = value === UNKNOWABLE && !isSecret(raw);
      if (typeof name !== "string" || !SECRET_NAME.test(name) || unknownUntilDeploy) return [];
      return typeof value === "string" && value.startsWith("@Microsoft.KeyVault(") ? [] : [`siteConfig.appSettings[${i}] (${name}) holds a value, not a Key Vault reference; use @Microsoft.KeyVault(SecretUri=...) (value not shown)`];
    });
  },
};
