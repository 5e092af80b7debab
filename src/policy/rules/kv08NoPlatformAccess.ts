import { at, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

const FLAGS = ["enabledForDeployment", "enabledForTemplateDeployment", "enabledForDiskEncryption"];

export const kv08NoPlatformAccess: PolicyRule = {
  id: "KV-08",
  title: "Key Vault grants no VM, ARM-template or disk-encryption platform access",
  enforcement: "advisory",
  severity: "medium",
  remediation: "Set enabledForDeployment, enabledForTemplateDeployment and enabledForDiskEncryption to false.",
  resourceTypes: ["azure-native:keyvault:Vault"],
  check: ({ inputs }) =>
    FLAGS.filter((f) => {
      const v = at(inputs, `properties.${f}`);
      return v !== UNKNOWABLE && v !== false;
    }).map((f) => `properties.${f} is ${JSON.stringify(at(inputs, `properties.${f}`) ?? "unset")}; set it to false`),
};
